import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startBackgroundCheckpoints } from '../../../src/store/background-checkpoints.js';
import { openStore, type Store } from '../../../src/store/open-store.js';
import { useTempDirs } from './store-fixtures.js';

/** Commits 200 transactions of 10 KB each (about 2 MB of write-ahead log). */
function writeTwoMegabytes(store: Store): void {
  store.db.exec('CREATE TABLE IF NOT EXISTS filler (text TEXT NOT NULL)');
  const insert = store.db.prepare('INSERT INTO filler (text) VALUES (?)');
  for (let commit = 0; commit < 200; commit += 1) store.transaction(() => insert.run('x'.repeat(10_000)));
}

/** Polls `done` every 20 ms for up to 10 s (the worker checkpoints every 250 ms). */
async function eventually(done: () => boolean): Promise<boolean> {
  for (let waited = 0; waited < 10_000; waited += 20) {
    if (done()) return true;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return done();
}

describe('checkpoints in a worker thread', () => {
  const tempDir = useTempDirs();

  it('copies the write-ahead log into the database while the writer never checkpoints itself', async () => {
    const path = join(tempDir(), 'apbatch.db');
    const store = openStore(path, { checkpointInBackground: true });
    try {
      expect(store.db.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
      const before = statSync(path).size;
      writeTwoMegabytes(store);
      // Only a checkpoint writes the database file itself: the writer's commits go to the -wal file.
      expect(await eventually(() => statSync(path).size >= before + 2_000_000)).toBe(true);
    } finally {
      store.close();
    }
  });

  it('closes its connection before the store closes, so the store checkpoints last and removes the -wal file', () => {
    const path = join(tempDir(), 'apbatch.db');
    const store = openStore(path, { checkpointInBackground: true });
    writeTwoMegabytes(store);
    store.close();
    expect(existsSync(`${path}-wal`)).toBe(false);
    expect(statSync(path).size).toBeGreaterThan(2_000_000);
  });

  it('without the option, SQLite checkpoints inside commits as usual', () => {
    const store = openStore(join(tempDir(), 'apbatch.db'));
    try {
      expect(store.db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    } finally {
      store.close();
    }
  });

  it('tells the caller when the worker fails, so it can checkpoint itself again', async () => {
    const failure = new Promise<unknown>((resolve) => {
      startBackgroundCheckpoints(join(tempDir(), 'no-such.db'), { onFailure: resolve });
    });
    // better-sqlite3's SqliteError crosses the thread boundary as its own properties.
    expect(await failure).toEqual({ code: 'SQLITE_CANTOPEN' });
  });
});
