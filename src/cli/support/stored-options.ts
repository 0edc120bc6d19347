import type { Command } from 'commander';

/** The stored connection (RedactedConnectionSettings) as the flags that recreate it. */
function connectionFlags(stored: unknown): Record<string, unknown> {
  if (typeof stored !== 'object' || stored === null) return {};
  const connection = stored as Record<string, unknown>;
  const credential = (connection['credential'] ?? {}) as Record<string, unknown>;
  const flags: Record<string, unknown> = {
    tenant: connection['tenantId'],
    clientId: connection['clientId'],
    cloud: connection['cloud'],
    graphUrl: connection['graphBaseUrl'],
    authorityHost: connection['authorityHost'],
    caFile: connection['caFile'],
  };
  if (credential['kind'] === 'certificate') flags['certificate'] = credential['certificatePath'];
  if (credential['kind'] === 'device-code') flags['deviceCode'] = true;
  return Object.fromEntries(Object.entries(flags).filter(([, value]) => value !== undefined && value !== null));
}

/**
 * `resume` carries on as the run started: its stored options (secrets were never stored: they come from the
 * environment again), overridden by what this command line gives explicitly. Defaults do not override.
 */
export function mergeStoredOptions(stored: Record<string, unknown>, command: Command): Record<string, unknown> {
  const { connection, files: _files, ...processing } = stored;
  const merged: Record<string, unknown> = { ...connectionFlags(connection), ...processing };
  const given = command.opts();
  for (const [key, value] of Object.entries(given)) {
    const source = command.getOptionValueSource(key);
    if (source === 'cli' || source === 'env' || !(key in merged)) merged[key] = value;
  }
  return merged;
}
