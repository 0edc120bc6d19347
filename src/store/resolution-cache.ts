import type Database from 'better-sqlite3';

/**
 * Names resolved once per run (SPEC section 4): `kind` says what was looked up (`user`, `package`, `policy`,
 * `questions`, `assignment`...), `key` the name as asked, `value` what Graph answered, as JSON text.
 */
export interface ResolutionCache {
  get(kind: string, key: string): string | undefined;
  set(kind: string, key: string, value: string): void;
}

export function createResolutionCacheFactory(db: Database.Database): (runId: string) => ResolutionCache {
  const select = db.prepare<[string, string, string], { value: string }>(
    'SELECT value FROM resolution_cache WHERE run_id = ? AND kind = ? AND key = ?',
  );
  const upsert = db.prepare(`
    INSERT INTO resolution_cache (run_id, kind, key, value) VALUES (?, ?, ?, ?)
    ON CONFLICT (run_id, kind, key) DO UPDATE SET value = excluded.value`);
  return (runId) => ({
    get: (kind, key) => select.get(runId, kind, key)?.value,
    set: (kind, key, value) => {
      upsert.run(runId, kind, key, value);
    },
  });
}
