import { describe, expect, it } from 'vitest';
import { gatherTurn } from '../../../src/core/gather-turn.js';

const settledAs = (promise: Promise<unknown>) =>
  promise.then(
    (value) => `resolved ${String(value)}`,
    (error: unknown) => `rejected ${error instanceof Error ? error.message : String(error)}`,
  );

describe('gatherTurn', () => {
  it('gives the items of one turn to one flush, in order, and each caller its own result', async () => {
    const flushes: string[][] = [];
    const turn = gatherTurn<string, string>((items) => {
      flushes.push(items);
      return items.map((item) => (item === 'b' ? Promise.reject(new Error('no b')) : Promise.resolve(item.toUpperCase())));
    });
    const first = [turn.add('a'), turn.add('b'), turn.add('c')].map(settledAs);
    expect(turn.pending).toBe(3);
    expect(flushes).toEqual([]);
    expect(await Promise.all(first)).toEqual(['resolved A', 'rejected no b', 'resolved C']);
    expect(turn.pending).toBe(0);
    expect(await settledAs(turn.add('d'))).toBe('resolved D');
    expect(flushes).toEqual([['a', 'b', 'c'], ['d']]);
  });

  it('rejects every item of a flush that throws, or that settles too few', async () => {
    const throwing = gatherTurn<number, number>(() => {
      throw new Error('SQLITE_FULL');
    });
    expect(await Promise.all([throwing.add(1), throwing.add(2)].map(settledAs))).toEqual(['rejected SQLITE_FULL', 'rejected SQLITE_FULL']);
    const short = gatherTurn<number, number>((items) => [Promise.resolve(items[0]!)]);
    expect(await Promise.all([short.add(7), short.add(8)].map(settledAs))).toEqual(['resolved 7', 'rejected flush settled no item 1']);
  });
});
