import { describe, expect, it } from 'vitest';
import { createWalSync, type WalFile } from '../../../src/store/wal-sync.js';

/** A WAL file whose fsyncs finish only when the test says so. */
function heldWal() {
  const pending: Array<{ resolve: () => void; reject: (error: Error) => void }> = [];
  const events: string[] = [];
  let opened = 0;
  const open = async (path: string): Promise<WalFile> => {
    opened += 1;
    events.push(`open ${path}`);
    return {
      sync: () =>
        new Promise<void>((resolve, reject) => {
          events.push(`fsync ${pending.length + 1}`);
          pending.push({ resolve, reject });
        }),
      close: async () => {
        events.push('close');
      },
    };
  };
  return { open, pending, events, opened: () => opened };
}

/** Lets every promise callback queued so far run. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('fsync of the write-ahead log', () => {
  it('opens the WAL once and resolves a caller only after its fsync', async () => {
    const wal = heldWal();
    const walSync = createWalSync('/db/apbatch.db-wal', wal.open);
    let done = false;
    const first = walSync.sync().then(() => {
      done = true;
    });
    await settle();
    expect(wal.events).toEqual(['open /db/apbatch.db-wal', 'fsync 1']);
    expect(done).toBe(false);
    wal.pending[0]!.resolve();
    await first;
    expect(done).toBe(true);
    const second = walSync.sync();
    await settle();
    wal.pending[1]!.resolve();
    await second;
    expect(wal.opened()).toBe(1);
    expect(wal.events).toEqual(['open /db/apbatch.db-wal', 'fsync 1', 'fsync 2']);
  });

  it('makes callers that come during an fsync wait for the next one, which they share', async () => {
    const wal = heldWal();
    const walSync = createWalSync('/db/x-wal', wal.open);
    const order: string[] = [];
    const a = walSync.sync().then(() => order.push('a'));
    await settle();
    // b and c committed after fsync 1 started: fsync 1 may not hold their commits.
    const b = walSync.sync().then(() => order.push('b'));
    const c = walSync.sync().then(() => order.push('c'));
    wal.pending[0]!.resolve();
    await a;
    await settle();
    expect(order).toEqual(['a']);
    expect(wal.events).toEqual(['open /db/x-wal', 'fsync 1', 'fsync 2']);
    wal.pending[1]!.resolve();
    await Promise.all([b, c]);
    expect(order).toEqual(['a', 'b', 'c']);
    expect(wal.pending).toHaveLength(2);
  });

  it('rejects the callers of a failed fsync, and the next caller gets a fresh one', async () => {
    const wal = heldWal();
    const walSync = createWalSync('/db/x-wal', wal.open);
    const failed = walSync.sync();
    await settle();
    wal.pending[0]!.reject(new Error('EIO: i/o error, fsync'));
    await expect(failed).rejects.toThrow('EIO: i/o error, fsync');
    const next = walSync.sync();
    await settle();
    wal.pending[1]!.resolve();
    await expect(next).resolves.toBeUndefined();
  });

  it('closes the file only after the fsync under way', async () => {
    const wal = heldWal();
    const walSync = createWalSync('/db/x-wal', wal.open);
    const running = walSync.sync();
    await settle();
    walSync.close();
    await settle();
    expect(wal.events).toEqual(['open /db/x-wal', 'fsync 1']);
    wal.pending[0]!.resolve();
    await running;
    await settle();
    expect(wal.events).toEqual(['open /db/x-wal', 'fsync 1', 'close']);
  });

  it('closes nothing when nothing was ever synced', () => {
    const wal = heldWal();
    createWalSync('/db/x-wal', wal.open).close();
    expect(wal.opened()).toBe(0);
  });
});
