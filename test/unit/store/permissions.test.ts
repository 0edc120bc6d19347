import { chmodSync, existsSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../../src/store/open-store.js';
import { newRun, useTempDirs, validInput } from './store-fixtures.js';

const tempDir = useTempDirs();
const modeOf = (path: string): number => statSync(path).mode & 0o777;

describe('state database permissions', () => {
  it('creates the database, its -wal and -shm readable by the owner only', () => {
    const path = join(tempDir(), 'nested', 'apbatch.db');
    const store = openStore(path);
    store.insertRows(newRun(store), [validInput(2)]);
    for (const file of [path, `${path}-wal`, `${path}-shm`]) {
      expect(existsSync(file), file).toBe(true);
      expect(modeOf(file), file).toBe(0o600);
    }
    expect(modeOf(join(path, '..'))).toBe(0o700);
    store.close();
  });

  it('stays owner-only whatever the umask', () => {
    const previous = process.umask(0o000);
    try {
      const path = join(tempDir(), 'data', 'apbatch.db');
      const store = openStore(path);
      store.insertRows(newRun(store), [validInput(2)]);
      for (const file of [path, `${path}-wal`, `${path}-shm`]) expect(modeOf(file), file).toBe(0o600);
      expect(modeOf(join(path, '..'))).toBe(0o700);
      store.close();
    } finally {
      process.umask(previous);
    }
  });

  it('tightens an existing database file that others could read', () => {
    const path = join(tempDir(), 'apbatch.db');
    writeFileSync(path, '');
    chmodSync(path, 0o644);
    openStore(path).close();
    expect(modeOf(path)).toBe(0o600);
  });
});
