import { describe, expect, it } from 'vitest';
import { pumpRows, type PumpRow } from '../../../src/run/keyed-pump.js';
import { deferred, type Deferred } from '../support/deferred.js';

interface Row extends PumpRow {
  name: string;
}

function rowsOf(keys: string[]): Row[] {
  return keys.map((key, index) => ({ seq: index + 1, key, name: `r${index + 1}` }));
}

/**
 * A store fake: rows stay pending until their execution ends, as in SQLite, so a read that took the cursor of the
 * last row started (rather than the last row read) would read rows of the current batch again. Each read is
 * recorded; `hold` makes the reads from then on wait until the test answers them.
 */
function pendingStore(rows: Row[]) {
  const done = new Set<number>();
  const reads: Array<{ afterSeq: number; limit: number; seqs: number[] }> = [];
  const held: Array<Deferred<void>> = [];
  let holding = false;
  const fetchPending = async (afterSeq: number, limit: number): Promise<Row[]> => {
    const batch = rows.filter((row) => row.seq > afterSeq && !done.has(row.seq)).slice(0, limit);
    reads.push({ afterSeq, limit, seqs: batch.map((row) => row.seq) });
    if (holding) {
      const gate = deferred<void>();
      held.push(gate);
      await gate.promise;
    }
    return batch;
  };
  return {
    fetchPending,
    reads,
    markDone: (row: Row) => done.add(row.seq),
    hold: () => {
      holding = true;
    },
    /** Stops holding reads and answers those held. */
    flow: () => {
      holding = false;
      for (const gate of held.splice(0)) gate.resolve();
    },
    /** Answers the oldest held read. */
    answer: () => held.shift()!.resolve(),
    failHeld: (error: Error) => held.shift()!.reject(error),
  };
}

/** Lets a test decide when each row's work finishes; marks it done in the store when it does. */
function controllableExecutor(onDone: (row: Row) => void = () => undefined) {
  const log: string[] = [];
  const release = new Map<string, () => void>();
  const fail = new Map<string, (error: Error) => void>();
  const executeRow = (row: Row) =>
    new Promise<void>((resolve, reject) => {
      log.push(`start ${row.name}`);
      release.set(row.name, () => {
        log.push(`end ${row.name}`);
        onDone(row);
        resolve();
      });
      fail.set(row.name, (error) => {
        log.push(`fail ${row.name}`);
        reject(error);
      });
    });
  return { log, release, fail, executeRow };
}

/** Four rows (two batches of two) whose reads wait for `store.answer()`; `outcome` is what the pump ended with. */
function startHeldPump() {
  const store = pendingStore(rowsOf(['a', 'b', 'c', 'd']));
  const executor = controllableExecutor(store.markDone);
  store.hold();
  const done = pumpRows({ fetchPending: store.fetchPending, executeRow: executor.executeRow, windowSize: 2 });
  const outcome = done.then(
    () => 'resolved',
    (error: unknown) => (error instanceof Error ? error.message : 'not an error'),
  );
  return { store, executor, outcome };
}

const tick = async () => {
  for (let i = 0; i < 5; i += 1) await new Promise((resolve) => setImmediate(resolve));
};

describe('pumpRows read-ahead', () => {
  it('reads the next batch after the last row read as soon as the current batch is read, before any of its rows ends', async () => {
    const store = pendingStore(rowsOf(['a', 'b', 'c', 'd', 'e']));
    const executor = controllableExecutor(store.markDone);
    store.hold();
    const done = pumpRows({ fetchPending: store.fetchPending, executeRow: executor.executeRow, windowSize: 2 });
    await tick();
    store.answer();
    await tick();
    expect(executor.log).toEqual(['start r1', 'start r2']);
    expect(store.reads).toEqual([
      { afterSeq: Number.NEGATIVE_INFINITY, limit: 2, seqs: [1, 2] },
      { afterSeq: 2, limit: 2, seqs: [3, 4] },
    ]);
    store.flow();
    for (const name of ['r1', 'r2', 'r3', 'r4', 'r5']) {
      executor.release.get(name)!();
      await tick();
    }
    expect(await done).toEqual({ executed: 5, stoppedEarly: false });
    expect(store.reads).toEqual([
      { afterSeq: Number.NEGATIVE_INFINITY, limit: 2, seqs: [1, 2] },
      { afterSeq: 2, limit: 2, seqs: [3, 4] },
      { afterSeq: 4, limit: 2, seqs: [5] },
      { afterSeq: 5, limit: 2, seqs: [] },
    ]);
    expect(executor.log).toEqual(['start r1', 'start r2', 'end r1', 'start r3', 'end r2', 'start r4', 'end r3', 'start r5', 'end r4', 'end r5']);
  });

  it('serves every row exactly once and starts them in input order while rows end out of order', async () => {
    const rows = rowsOf(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j']);
    const store = pendingStore(rows);
    const executor = controllableExecutor(store.markDone);
    const done = pumpRows({ fetchPending: store.fetchPending, executeRow: executor.executeRow, windowSize: 3 });
    // Releases the newest started row first each time (bounded: a pump that served rows twice would go on).
    for (let round = 0; round < 50; round += 1) {
      await tick();
      const started = executor.log.filter((entry) => entry.startsWith('start ')).map((entry) => entry.slice(6));
      const open = started.filter((name) => !executor.log.includes(`end ${name}`));
      if (open.length === 0) break;
      executor.release.get(open.at(-1)!)!();
    }
    expect(await done).toEqual({ executed: 10, stoppedEarly: false });
    expect(store.reads.flatMap((read) => read.seqs)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(store.reads.map((read) => read.afterSeq)).toEqual([Number.NEGATIVE_INFINITY, 3, 6, 9, 10]);
    const startOrder = executor.log.filter((entry) => entry.startsWith('start ')).map((entry) => entry.slice(6));
    expect(startOrder).toEqual(['r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7', 'r8', 'r9', 'r10']);
  });

  it('keeps rows of one key apart and in file order across a batch boundary', async () => {
    const store = pendingStore(rowsOf(['a', 'b', 'a', 'c', 'a']));
    const executor = controllableExecutor(store.markDone);
    const done = pumpRows({ fetchPending: store.fetchPending, executeRow: executor.executeRow, windowSize: 2 });
    await tick();
    expect(executor.log).toEqual(['start r1', 'start r2']);
    executor.release.get('r2')!();
    await tick();
    // r3 (key a, next batch) has a window slot but waits for r1; r4 may not pass it into the window.
    expect(executor.log).toEqual(['start r1', 'start r2', 'end r2']);
    executor.release.get('r1')!();
    await tick();
    expect(executor.log.slice(3)).toEqual(['end r1', 'start r3', 'start r4']);
    executor.release.get('r4')!();
    await tick();
    expect(executor.log.slice(6)).toEqual(['end r4']);
    executor.release.get('r3')!();
    await tick();
    expect(executor.log.slice(7)).toEqual(['end r3', 'start r5']);
    executor.release.get('r5')!();
    expect(await done).toEqual({ executed: 5, stoppedEarly: false });
  });

  it('on abort starts no row of the batch read ahead, reads no further and waits for the read to settle', async () => {
    const store = pendingStore(rowsOf(['a', 'b', 'c', 'd', 'e', 'f']));
    const controller = new AbortController();
    const executor = controllableExecutor(store.markDone);
    store.hold();
    const done = pumpRows({ fetchPending: store.fetchPending, executeRow: executor.executeRow, windowSize: 2, signal: controller.signal });
    await tick();
    store.answer();
    await tick();
    expect(executor.log).toEqual(['start r1', 'start r2']);
    store.answer();
    await tick();
    executor.release.get('r1')!();
    await tick();
    // r3 started after r1 ended; the read after row 4 is running and held.
    expect(executor.log).toEqual(['start r1', 'start r2', 'end r1', 'start r3']);
    expect(store.reads.map((read) => read.afterSeq)).toEqual([Number.NEGATIVE_INFINITY, 2, 4]);
    controller.abort();
    executor.release.get('r2')!();
    executor.release.get('r3')!();
    let settled = false;
    void done.then(() => {
      settled = true;
    });
    await tick();
    expect(settled).toBe(false);
    store.answer();
    expect(await done).toEqual({ executed: 3, stoppedEarly: true });
    expect(executor.log).toEqual(['start r1', 'start r2', 'end r1', 'start r3', 'end r2', 'end r3']);
    expect(store.reads.map((read) => read.afterSeq)).toEqual([Number.NEGATIVE_INFINITY, 2, 4]);
  });

  it('rethrows a failed read-ahead after the rows in flight settle, and starts no new row', async () => {
    const { store, executor, outcome } = startHeldPump();
    await tick();
    store.answer();
    await tick();
    expect(executor.log).toEqual(['start r1', 'start r2']);
    store.failHeld(new Error('database is locked'));
    executor.release.get('r1')!();
    await tick();
    // r3 must not start: the next batch could not be read.
    expect(executor.log).toEqual(['start r1', 'start r2', 'end r1']);
    let settled = false;
    void outcome.then(() => {
      settled = true;
    });
    await tick();
    expect(settled).toBe(false);
    executor.release.get('r2')!();
    expect(await outcome).toBe('database is locked');
    expect(executor.log).toEqual(['start r1', 'start r2', 'end r1', 'end r2']);
    expect(store.reads.map((read) => read.afterSeq)).toEqual([Number.NEGATIVE_INFINITY, 2]);
  });

  it('rethrows a read that throws synchronously', async () => {
    const executed: string[] = [];
    await expect(
      pumpRows<Row>({
        fetchPending: () => {
          throw new Error('no such table: rows');
        },
        executeRow: async (row) => {
          executed.push(row.name);
        },
        windowSize: 2,
      }),
    ).rejects.toThrow('no such table: rows');
    expect(executed).toEqual([]);
  });

  it('after a row fails, waits for the read-ahead to settle, starts none of its rows and rethrows the row failure', async () => {
    const { store, executor, outcome } = startHeldPump();
    await tick();
    store.answer();
    await tick();
    store.answer();
    await tick();
    executor.release.get('r1')!();
    await tick();
    expect(store.reads.map((read) => read.afterSeq)).toEqual([Number.NEGATIVE_INFINITY, 2, 4]);
    executor.fail.get('r2')!(new Error('sign-in revoked'));
    executor.release.get('r3')!();
    let settled = false;
    void outcome.then(() => {
      settled = true;
    });
    await tick();
    expect(settled).toBe(false);
    store.failHeld(new Error('a later read failure is not the one reported'));
    expect(await outcome).toBe('sign-in revoked');
    expect(executor.log).toEqual(['start r1', 'start r2', 'end r1', 'start r3', 'fail r2', 'end r3']);
  });

  it('reads nothing when the signal is already aborted', async () => {
    const store = pendingStore(rowsOf(['a']));
    const controller = new AbortController();
    controller.abort();
    const result = await pumpRows({ fetchPending: store.fetchPending, executeRow: async () => undefined, windowSize: 2, signal: controller.signal });
    expect(result).toEqual({ executed: 0, stoppedEarly: true });
    expect(store.reads).toEqual([]);
  });
});
