import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';

/** A fresh directory per test, removed after it; `write` puts a file in it and returns its path. */
export function useTempDir(): { dir: () => string; write: (name: string, content: string | Buffer) => string } {
  let current: string | undefined;
  afterEach(() => {
    if (current !== undefined) rmSync(current, { recursive: true, force: true });
    current = undefined;
  });
  const dir = (): string => {
    current ??= mkdtempSync(join(tmpdir(), 'apbatch-input-'));
    return current;
  };
  return {
    dir,
    write: (name, content) => {
      const path = join(dir(), name);
      writeFileSync(path, content);
      return path;
    },
  };
}

export async function collect<T>(events: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const event of events) all.push(event);
  return all;
}
