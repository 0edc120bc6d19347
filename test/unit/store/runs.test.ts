import { describe, expect, it } from 'vitest';
import { newRunId } from '../../../src/store/run-id.js';
import { manualClock, newRun, useStore, validInput } from './store-fixtures.js';

const openTestStore = useStore();
const input = (file: string, sha256: string) => ({ file, absolutePath: `/data/${file}`, sha256, sizeBytes: 10 });

describe('runs', () => {
  it('makes short ids that sort by creation time', () => {
    expect(newRunId(new Date('2026-11-28T10:39:55.123Z'), () => 'ab12')).toBe('20261128-103955-ab12');
    expect(newRunId(new Date('2026-11-28T10:39:55Z'))).toMatch(/^20261128-103955-[0-9a-f]{4}$/);
  });

  it('creates a run from the clock, loading, with options minus anything secret', () => {
    const clock = manualClock('2026-11-28T10:39:55.000Z');
    const store = openTestStore({ clock: clock.now });
    const run = store.createRun({
      options: { rate: 5, concurrency: 4, wait: true, clientSecret: 's3cret', accessToken: 'eyJ', certificate: 'cert.pem', none: undefined },
      apiVersion: 'v1.0',
      graphUrl: 'https://graph.microsoft.com',
      tenant: 'contoso.onmicrosoft.com',
    });
    expect(run).toEqual({
      id: expect.stringMatching(/^20261128-103955-[0-9a-f]{4}$/),
      createdAt: '2026-11-28T10:39:55.000Z',
      updatedAt: '2026-11-28T10:39:55.000Z',
      status: 'loading',
      options: { rate: 5, concurrency: 4, wait: true, certificate: 'cert.pem' },
      apiVersion: 'v1.0',
      graphUrl: 'https://graph.microsoft.com',
      tenant: 'contoso.onmicrosoft.com',
      finishedAt: undefined,
      exitCode: undefined,
    });
    const stored = store.db.prepare<[], { options_json: string }>('SELECT options_json FROM runs').get();
    expect(stored?.options_json).not.toMatch(/s3cret|eyJ/);
  });

  it('moves through statuses and finds the newest unfinished run', () => {
    const clock = manualClock('2026-11-28T10:00:00.000Z');
    const store = openTestStore({ clock: clock.now });
    const first = newRun(store, '20261128-100000-aaaa');
    clock.advance(1000);
    const second = newRun(store, '20261128-100001-bbbb');
    expect(store.listRuns().map((run) => run.id)).toEqual([second, first]);
    expect(store.latestUnfinishedRun()?.id).toBe(second);

    clock.advance(1000);
    store.setRunStatus(second, 'finished', { exitCode: 1 });
    expect(store.getRun(second)).toMatchObject({ status: 'finished', exitCode: 1, finishedAt: '2026-11-28T10:00:02.000Z', updatedAt: '2026-11-28T10:00:02.000Z' });
    expect(store.latestUnfinishedRun()?.id).toBe(first);

    store.setRunStatus(first, 'interrupted', { exitCode: 130 });
    expect(store.getRun(first)).toMatchObject({ status: 'interrupted', exitCode: 130, finishedAt: undefined });
    store.setRunStatus(first, 'finished', { exitCode: 0, finishedAt: '2026-11-28T12:00:00.000Z' });
    expect(store.latestUnfinishedRun()).toBeUndefined();
    expect(() => store.setRunStatus('nope', 'running')).toThrow('Expected run nope in the state database, found none');
  });

  it('records inputs in order and finds the newest run that read the same bytes', () => {
    const clock = manualClock();
    const store = openTestStore({ clock: clock.now });
    const older = newRun(store, '20261128-100000-aaaa');
    store.addInputs(older, [input('a.csv', 'hash-a')]);
    clock.advance(1000);
    const newer = newRun(store, '20261128-100001-bbbb');
    const inputs = store.addInputs(newer, [input('b.csv', 'hash-b'), input('a-copy.csv', 'hash-a')]);
    expect(inputs.map((i) => [i.position, i.file, i.rowCount])).toEqual([[0, 'b.csv', undefined], [1, 'a-copy.csv', undefined]]);
    store.setInputRowCount(newer, 1, 42);
    expect(store.inputs(newer)[1]?.rowCount).toBe(42);

    const match = store.findRunByInputHash(['hash-a', 'hash-z']);
    expect(match?.run.id).toBe(newer);
    expect(match?.inputs.map((i) => i.file)).toEqual(['a-copy.csv']);
    expect(store.findRunByInputHash(['hash-z'])).toBeUndefined();
    expect(store.findRunByInputHash([])).toBeUndefined();
  });

  it('deletes a run with everything it owns', () => {
    const store = openTestStore();
    const runId = newRun(store);
    store.addInputs(runId, [input('a.csv', 'h')]);
    store.insertRows(runId, [validInput(2)]);
    store.resolutionCache(runId).set('user', 'a@b.c', '"u-1"');
    store.addEvent(runId, { kind: 'throttled' });
    store.deleteRun(runId);
    for (const table of ['runs', 'run_inputs', 'rows', 'resolution_cache', 'events']) {
      expect(store.db.prepare<[], { n: number }>(`SELECT COUNT(*) AS n FROM ${table}`).get()?.n, table).toBe(0);
    }
  });
});
