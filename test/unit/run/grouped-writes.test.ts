import { describe, expect, it } from 'vitest';
import { groupWrites } from '../../../src/run/grouped-writes.js';

/** One full turn of the event loop: the flush queued earlier with setImmediate has run. */
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** A transaction that writes what happens to `log`, and rolls back (rethrows) like better-sqlite3's when a write throws. */
function recordingTransaction(log: string[]): { transaction: (work: () => void) => void; count: () => number } {
  let count = 0;
  return {
    count: () => count,
    transaction: (work) => {
      count += 1;
      log.push(`begin ${count}`);
      try {
        work();
      } catch (error) {
        log.push(`rollback ${count}`);
        throw error;
      }
      log.push(`commit ${count}`);
    },
  };
}

function settled(promise: Promise<void>): Promise<string> {
  return promise.then(
    () => 'resolved',
    (error: unknown) => `rejected ${error instanceof Error ? error.message : String(error)}`,
  );
}

describe('groupWrites', () => {
  it('runs the writes of one turn in one transaction, in the order they were handed over', async () => {
    const log: string[] = [];
    const { transaction, count } = recordingTransaction(log);
    const write = groupWrites(transaction);
    const done = ['a', 'b', 'c'].map((name) => write(() => log.push(`write ${name}`)));
    expect(count()).toBe(0);
    await Promise.all(done);
    expect(count()).toBe(1);
    expect(log).toEqual(['begin 1', 'write a', 'write b', 'write c', 'commit 1']);
  });

  it('gives the writes of a later turn a transaction of their own', async () => {
    const log: string[] = [];
    const { transaction, count } = recordingTransaction(log);
    const write = groupWrites(transaction);
    const first = [write(() => log.push('write a')), write(() => log.push('write b'))];
    await nextTurn();
    const second = [write(() => log.push('write c'))];
    await Promise.all([...first, ...second]);
    expect(count()).toBe(2);
    expect(log).toEqual(['begin 1', 'write a', 'write b', 'commit 1', 'begin 2', 'write c', 'commit 2']);
  });

  it('resolves each promise only after the transaction has committed', async () => {
    const log: string[] = [];
    const { transaction } = recordingTransaction(log);
    const write = groupWrites(transaction);
    const done = ['a', 'b'].map((name) =>
      write(() => log.push(`write ${name}`)).then(() => {
        log.push(`resolved ${name}`);
      }),
    );
    // Nothing runs within the turn that handed the writes over.
    await Promise.resolve();
    expect(log).toEqual([]);
    await Promise.all(done);
    expect(log).toEqual(['begin 1', 'write a', 'write b', 'commit 1', 'resolved a', 'resolved b']);
  });

  it('rejects every write of a group whose transaction threw, and the next group still commits', async () => {
    const log: string[] = [];
    const { transaction, count } = recordingTransaction(log);
    const write = groupWrites(transaction);
    const failing = [
      settled(write(() => log.push('write a'))),
      settled(
        write(() => {
          throw new Error('SQLITE_FULL: database or disk is full');
        }),
      ),
      settled(write(() => log.push('write c'))),
    ];
    expect(await Promise.all(failing)).toEqual([
      'rejected SQLITE_FULL: database or disk is full',
      'rejected SQLITE_FULL: database or disk is full',
      'rejected SQLITE_FULL: database or disk is full',
    ]);
    // The write after the throwing one never ran: the whole group is rolled back together.
    expect(log).toEqual(['begin 1', 'write a', 'rollback 1']);

    const next = [settled(write(() => log.push('write d'))), settled(write(() => log.push('write e')))];
    expect(await Promise.all(next)).toEqual(['resolved', 'resolved']);
    expect(count()).toBe(2);
    expect(log.slice(3)).toEqual(['begin 2', 'write d', 'write e', 'commit 2']);
  });

  it('rejects the whole group when the commit itself fails', async () => {
    const write = groupWrites((work) => {
      work();
      throw new Error('SQLITE_BUSY: database is locked');
    });
    const outcomes = await Promise.all([settled(write(() => undefined)), settled(write(() => undefined))]);
    expect(outcomes).toEqual(['rejected SQLITE_BUSY: database is locked', 'rejected SQLITE_BUSY: database is locked']);
  });

  it('resolves the group once afterCommit (the fsync) is done, one call per group, and rejects it if that fails', async () => {
    const log: string[] = [];
    const { transaction } = recordingTransaction(log);
    let release: (() => void) | undefined;
    let fail: ((error: Error) => void) | undefined;
    const write = groupWrites(transaction, () => {
      log.push('fsync');
      return new Promise<void>((resolve, reject) => {
        release = resolve;
        fail = reject;
      });
    });
    const group = [settled(write(() => log.push('write a'))), settled(write(() => log.push('write b')))];
    let resolved = false;
    void Promise.all(group).then(() => (resolved = true));
    await nextTurn();
    expect(log).toEqual(['begin 1', 'write a', 'write b', 'commit 1', 'fsync']);
    await nextTurn();
    expect(resolved).toBe(false);
    release!();
    expect(await Promise.all(group)).toEqual(['resolved', 'resolved']);

    const failing = [settled(write(() => log.push('write c')))];
    await nextTurn();
    fail!(new Error('EIO: i/o error, fsync'));
    expect(await Promise.all(failing)).toEqual(['rejected EIO: i/o error, fsync']);
    expect(log.slice(5)).toEqual(['begin 2', 'write c', 'commit 2', 'fsync']);
  });
});
