/**
 * Names resolved once per run (SPEC section 4). `kind` says what was looked up (`user`, `package`, `policy`,
 * `questions`, `assignment`), `key` the name as asked (lower-cased), `value` what Graph answered, as JSON text.
 * The store backs it with SQLite so `resume` does not look names up again; tests and `plan` use memory.
 */
export interface ResolutionCache {
  get(kind: string, key: string): string | undefined;
  set(kind: string, key: string, value: string): void;
}

export function createMemoryResolutionCache(): ResolutionCache {
  const entries = new Map<string, string>();
  return {
    get: (kind, key) => entries.get(`${kind}\u0000${key}`),
    set: (kind, key, value) => {
      entries.set(`${kind}\u0000${key}`, value);
    },
  };
}

/** Typed access over the JSON text of a {@link ResolutionCache}. */
export class CachedLookups {
  constructor(private readonly cache: ResolutionCache) {}

  read<T>(kind: string, key: string): T | undefined {
    const text = this.cache.get(kind, key.toLowerCase());
    return text === undefined ? undefined : (JSON.parse(text) as T);
  }

  write<T>(kind: string, key: string, value: T): void {
    this.cache.set(kind, key.toLowerCase(), JSON.stringify(value));
  }
}
