import { describe, expect, it } from 'vitest';
import { pumpRows, type PumpRow } from '../../../src/run/keyed-pump.js';

interface Row extends PumpRow {
  name: string;
}

function rowsOf(keys: string[]): Row[] {
  return keys.map((key, index) => ({ seq: index + 1, key, name: `r${index + 1}` }));
}

/** A store fake that serves rows after a cursor, like the SQLite query does. */
function pendingFrom(rows: Row[]) {
  return (afterSeq: number, limit: number) => rows.filter((row) => row.seq > afterSeq).slice(0, limit);
}

/** Lets a test decide when each row's work finishes. */
function controllableExecutor() {
  const log: string[] = [];
  const release = new Map<string, () => void>();
  const inFlightKeys = new Map<string, number>();
  let maxSameKey = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  const executeRow = (row: Row) =>
    new Promise<void>((resolve) => {
      log.push(`start ${row.name}`);
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      const sameKey = (inFlightKeys.get(row.key) ?? 0) + 1;
      inFlightKeys.set(row.key, sameKey);
      maxSameKey = Math.max(maxSameKey, sameKey);
      release.set(row.name, () => {
        log.push(`end ${row.name}`);
        inFlight -= 1;
        inFlightKeys.set(row.key, (inFlightKeys.get(row.key) ?? 1) - 1);
        resolve();
      });
    });
  return { log, release, executeRow, stats: () => ({ maxSameKey, maxInFlight }) };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('pumpRows', () => {
  it('runs every row once, in input order when keys differ', async () => {
    const rows = rowsOf(['a', 'b', 'c', 'd', 'e']);
    const seen: string[] = [];
    const result = await pumpRows({
      fetchPending: pendingFrom(rows),
      executeRow: async (row) => {
        seen.push(row.name);
      },
      windowSize: 2,
    });
    expect(seen).toEqual(['r1', 'r2', 'r3', 'r4', 'r5']);
    expect(result).toEqual({ executed: 5, stoppedEarly: false });
  });

  it('never has two rows of one key in flight, and keeps their file order', async () => {
    const rows = rowsOf(['a', 'a', 'b', 'a']);
    const executor = controllableExecutor();
    const done = pumpRows({ fetchPending: pendingFrom(rows), executeRow: executor.executeRow, windowSize: 10 });
    await tick();
    expect(executor.log).toEqual(['start r1', 'start r3']);
    executor.release.get('r3')!();
    await tick();
    expect(executor.log).toEqual(['start r1', 'start r3', 'end r3']);
    executor.release.get('r1')!();
    await tick();
    expect(executor.log.slice(3)).toEqual(['end r1', 'start r2']);
    executor.release.get('r2')!();
    await tick();
    executor.release.get('r4')!();
    await done;
    expect(executor.log.slice(5)).toEqual(['end r2', 'start r4', 'end r4']);
    expect(executor.stats().maxSameKey).toBe(1);
  });

  it('holds at most windowSize rows started at once', async () => {
    const rows = rowsOf(['a', 'b', 'c', 'd', 'e', 'f']);
    const executor = controllableExecutor();
    const done = pumpRows({ fetchPending: pendingFrom(rows), executeRow: executor.executeRow, windowSize: 3 });
    await tick();
    expect(executor.log).toEqual(['start r1', 'start r2', 'start r3']);
    for (const name of ['r1', 'r2', 'r3']) executor.release.get(name)!();
    await tick();
    await tick();
    for (const name of ['r4', 'r5', 'r6']) executor.release.get(name)!();
    await done;
    expect(executor.stats().maxInFlight).toBe(3);
  });

  it('stops taking rows when aborted and lets started rows finish', async () => {
    const rows = rowsOf(['a', 'b', 'c', 'd']);
    const controller = new AbortController();
    const executor = controllableExecutor();
    const done = pumpRows({
      fetchPending: pendingFrom(rows),
      executeRow: executor.executeRow,
      windowSize: 2,
      signal: controller.signal,
    });
    await tick();
    controller.abort();
    executor.release.get('r1')!();
    executor.release.get('r2')!();
    const result = await done;
    expect(executor.log).toEqual(['start r1', 'start r2', 'end r1', 'end r2']);
    expect(result).toEqual({ executed: 2, stoppedEarly: true });
  });

  it('does not start a queued row of the same key after an abort', async () => {
    const rows = rowsOf(['a', 'a']);
    const controller = new AbortController();
    const executor = controllableExecutor();
    const done = pumpRows({
      fetchPending: pendingFrom(rows),
      executeRow: executor.executeRow,
      windowSize: 5,
      signal: controller.signal,
    });
    await tick();
    controller.abort();
    executor.release.get('r1')!();
    await done;
    expect(executor.log).toEqual(['start r1', 'end r1']);
  });

  it('rethrows the first failure after the rows in flight settle, and starts no new row', async () => {
    const rows = rowsOf(['a', 'b', 'c']);
    const seen: string[] = [];
    await expect(
      pumpRows({
        fetchPending: pendingFrom(rows),
        executeRow: async (row) => {
          seen.push(row.name);
          if (row.name === 'r1') throw new Error('disk full');
        },
        windowSize: 1,
      }),
    ).rejects.toThrow('disk full');
    expect(seen).toEqual(['r1']);
  });
});
