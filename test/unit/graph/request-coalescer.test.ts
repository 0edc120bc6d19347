import { describe, expect, it } from 'vitest';
import { createRequestCoalescer, type Settled } from '../../../src/graph/request-coalescer.js';
import { deferred, type Deferred } from '../support/deferred.js';

/** One full turn of the event loop: the coalescer's flush (queued earlier with setImmediate) has run. */
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** A coalescer whose sends are recorded and answered by the test. */
function recordingCoalescer(groupSize: () => number) {
  const ones: Array<{ request: string; answer: Deferred<string> }> = [];
  const groups: Array<{ requests: string[]; answer: Deferred<Array<Settled<string>>> }> = [];
  const send = createRequestCoalescer<string, string>({
    groupSize,
    sendOne: (request) => {
      const answer = deferred<string>();
      ones.push({ request, answer });
      return answer.promise;
    },
    sendGroup: (requests) => {
      const answer = deferred<Array<Settled<string>>>();
      groups.push({ requests, answer });
      return answer.promise;
    },
  });
  return { send, ones, groups };
}

/** Settles `promise` into a value the test can compare, without an unhandled rejection in between. */
function outcome(promise: Promise<string>): Promise<string> {
  return promise.then(
    (value) => `resolved ${value}`,
    (error: unknown) => `rejected ${error instanceof Error ? error.message : String(error)}`,
  );
}

describe('request coalescer', () => {
  it('sends the requests handed over in one turn as one group, at the end of that turn', async () => {
    const { send, ones, groups } = recordingCoalescer(() => 20);
    const answers = ['a', 'b', 'c'].map((request) => outcome(send(request)));
    expect(groups).toEqual([]);
    await nextTurn();
    expect(groups.map((group) => group.requests)).toEqual([['a', 'b', 'c']]);
    expect(ones).toEqual([]);
    groups[0]!.answer.resolve([
      { ok: true, value: 'A' },
      { ok: true, value: 'B' },
      { ok: true, value: 'C' },
    ]);
    expect(await Promise.all(answers)).toEqual(['resolved A', 'resolved B', 'resolved C']);
  });

  it('splits a turn into groups of at most groupSize, a lone remainder going on its own', async () => {
    const { send, ones, groups } = recordingCoalescer(() => 2);
    for (const request of ['a', 'b', 'c', 'd', 'e']) void outcome(send(request));
    await nextTurn();
    expect(groups.map((group) => group.requests)).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
    expect(ones.map((one) => one.request)).toEqual(['e']);
  });

  it('floors a fractional groupSize', async () => {
    const { send, groups } = recordingCoalescer(() => 3.9);
    for (const request of ['a', 'b', 'c', 'd']) void outcome(send(request));
    await nextTurn();
    expect(groups.map((group) => group.requests)).toEqual([['a', 'b', 'c']]);
  });

  it('with grouping off (groupSize 1), sends at once, in the same synchronous call', async () => {
    const { send, ones, groups } = recordingCoalescer(() => 1);
    const answer = outcome(send('a'));
    expect(ones.map((one) => one.request)).toEqual(['a']);
    void outcome(send('b'));
    expect(ones.map((one) => one.request)).toEqual(['a', 'b']);
    ones[0]!.answer.resolve('A');
    expect(await answer).toBe('resolved A');
    await nextTurn();
    expect(groups).toEqual([]);
  });

  it('with groupSize 0 (a low rate), also sends at once', () => {
    const { send, ones } = recordingCoalescer(() => 0);
    void outcome(send('a'));
    expect(ones.map((one) => one.request)).toEqual(['a']);
  });

  it('reads groupSize at the flush: a size that dropped to 1 meanwhile sends each request on its own', async () => {
    let size = 20;
    const { send, ones, groups } = recordingCoalescer(() => size);
    void outcome(send('a'));
    void outcome(send('b'));
    size = 1;
    await nextTurn();
    expect(groups).toEqual([]);
    expect(ones.map((one) => one.request)).toEqual(['a', 'b']);
  });

  it('sends a lone request of a later turn on its own, after waiting that turn for company', async () => {
    const { send, ones, groups } = recordingCoalescer(() => 20);
    void outcome(send('a'));
    void outcome(send('b'));
    await nextTurn();
    expect(groups.map((group) => group.requests)).toEqual([['a', 'b']]);

    const lone = outcome(send('c'));
    expect(ones).toEqual([]);
    await nextTurn();
    expect(ones.map((one) => one.request)).toEqual(['c']);
    expect(groups).toHaveLength(1);
    ones[0]!.answer.resolve('C');
    expect(await lone).toBe('resolved C');
  });

  it('gives each caller the answer at its own position, even when answers settle out of order', async () => {
    const { send, groups } = recordingCoalescer(() => 20);
    const first = outcome(send('a'));
    const second = outcome(send('b'));
    await nextTurn();
    const third = outcome(send('c'));
    const fourth = outcome(send('d'));
    await nextTurn();
    expect(groups.map((group) => group.requests)).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
    groups[1]!.answer.resolve([
      { ok: true, value: 'C' },
      { ok: true, value: 'D' },
    ]);
    groups[0]!.answer.resolve([
      { ok: true, value: 'A' },
      { ok: true, value: 'B' },
    ]);
    expect(await Promise.all([first, second, third, fourth])).toEqual(['resolved A', 'resolved B', 'resolved C', 'resolved D']);
  });

  it('rejects every member of a group whose send failed, with that error', async () => {
    const { send, groups } = recordingCoalescer(() => 20);
    const answers = ['a', 'b', 'c'].map((request) => send(request).catch((error: unknown) => error));
    await nextTurn();
    const failure = new Error('connection reset');
    groups[0]!.answer.reject(failure);
    const errors = await Promise.all(answers);
    expect(errors).toEqual([failure, failure, failure]);
    for (const error of errors) expect(error).toBe(failure);
  });

  it('rejects only the member whose item failed', async () => {
    const { send, groups } = recordingCoalescer(() => 20);
    const answers = ['a', 'b', 'c'].map((request) => outcome(send(request)));
    await nextTurn();
    groups[0]!.answer.resolve([
      { ok: true, value: 'A' },
      { ok: false, error: new Error('item b: 400 InvalidRequest') },
      { ok: true, value: 'C' },
    ]);
    expect(await Promise.all(answers)).toEqual(['resolved A', 'rejected item b: 400 InvalidRequest', 'resolved C']);
  });

  it('rejects a member whose item is missing from the answer', async () => {
    const { send, groups } = recordingCoalescer(() => 20);
    const answers = ['a', 'b'].map((request) => outcome(send(request)));
    await nextTurn();
    groups[0]!.answer.resolve([{ ok: true, value: 'A' }]);
    expect(await Promise.all(answers)).toEqual(['resolved A', "rejected the group's answer has no item 1"]);
  });

  it('a lone request flushed on its own gets the answer or failure of sendOne', async () => {
    const { send, ones } = recordingCoalescer(() => 20);
    const answer = outcome(send('a'));
    await nextTurn();
    ones[0]!.answer.reject(new Error('503 ServiceUnavailable'));
    expect(await answer).toBe('rejected 503 ServiceUnavailable');
  });
});
