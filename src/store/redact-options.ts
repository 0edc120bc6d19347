const SECRET_NAME = /secret|token|password|passphrase|authorization|assertion|private.?key/i;

/**
 * The options worth keeping with a run, without anything that looks like a secret. The CLI should never
 * pass one (secrets come from the environment), this is the second lock on the door.
 */
export function redactOptions(options: Record<string, unknown>): Record<string, unknown> {
  const kept: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(options)) {
    if (SECRET_NAME.test(name) || value === undefined || typeof value === 'function') continue;
    kept[name] = value;
  }
  return kept;
}
