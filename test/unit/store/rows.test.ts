import { describe, expect, it } from 'vitest';
import { loadRows } from '../../../src/store/load-rows.js';
import type { RowInput } from '../../../src/store/store-types.js';
import { manualClock, newRun, useStore, validInput, validRow } from './store-fixtures.js';

const openTestStore = useStore();

const invalidInput = (line: number, file = 'in.csv'): RowInput => ({
  kind: 'invalid',
  ref: { file, line },
  cells: { action: 'ad', user: '=cmd' },
  problems: [
    { file, line, column: 'action', value: 'ad', reason: 'expected add, remove or update' },
    { file, line, column: 'user', value: '=cmd', reason: 'looks like a spreadsheet formula' },
  ],
});

describe('loading rows', () => {
  it('numbers rows across batches and files in input order and pulls pending ones in that order', () => {
    const store = openTestStore();
    const runId = newRun(store);
    expect(store.insertRows(runId, [validInput(2, {}, 'a.csv'), invalidInput(3, 'a.csv')])).toBe(2);
    expect(store.insertRows(runId, [validInput(2, {}, 'b.csv'), validInput(5, {}, 'b.csv')])).toBe(4);

    const pending = store.nextPendingRows(runId, 0, 10);
    expect(pending.map((row) => [row.seq, `${row.ref.file}:${row.ref.line}`])).toEqual([
      [1, 'a.csv:2'],
      [3, 'b.csv:2'],
      [4, 'b.csv:5'],
    ]);
    expect(store.nextPendingRows(runId, 1, 1).map((row) => row.seq)).toEqual([3]);
    expect(store.nextPendingRows(runId, 4, 10)).toEqual([]);
  });

  it('keeps the parsed row and the cells as read, and settles invalid rows at once', () => {
    const clock = manualClock();
    const store = openTestStore({ clock: clock.now });
    const runId = newRun(store);
    store.insertRows(runId, [validInput(2, { justification: 'Q4 migration, "phase 2"' }), invalidInput(3)]);
    const [valid, invalid] = [...store.rowsInInputOrder(runId)];

    expect(valid?.row).toEqual(validRow(2, { justification: 'Q4 migration, "phase 2"' }));
    expect(valid).toMatchObject({ phase: 'pending', outcome: undefined, key: 'user2@contoso.com|sales|add', action: 'add', requestType: 'adminAdd', attempts: 0 });

    expect(invalid).toMatchObject({
      phase: 'done',
      outcome: 'invalid',
      reason: 'action: expected add, remove or update; user: looks like a spreadsheet formula',
      action: 'ad',
      requestType: undefined,
      row: undefined,
      cells: { action: 'ad', user: '=cmd' },
      finishedAt: '2026-11-28T10:00:00.000Z',
    });
    expect(invalid?.problems).toHaveLength(2);
  });

  it('keeps the place, key, action and request type of a row in their columns only, and reads older rows that have them in the JSON too', () => {
    const store = openTestStore();
    const runId = newRun(store);
    store.insertRows(runId, [validInput(2), validInput(3)]);
    const json = store.db.prepare<[], string>('SELECT row_json FROM rows ORDER BY seq').pluck().all();
    expect(Object.keys(JSON.parse(json[0]!) as object)).toEqual(['user', 'accessPackage', 'expiration', 'cells']);
    store.db.prepare('UPDATE rows SET row_json = ? WHERE seq = 2').run(JSON.stringify(validRow(3)));
    expect(store.nextPendingRows(runId, 0, 10).map((stored) => stored.row)).toEqual([validRow(2), validRow(3)]);
  });

  it('settles a duplicate at load time as skipped', () => {
    const store = openTestStore();
    const runId = newRun(store);
    store.insertRows(runId, [validInput(2), { kind: 'valid', row: validRow(3), skip: 'duplicate' }]);
    expect(store.nextPendingRows(runId, 0, 10).map((row) => row.ref.line)).toEqual([2]);
    expect(store.countOutcomes(runId).skippedByReason.duplicate).toBe(1);
  });

  it('streams an async source in batches of the given size', async () => {
    const store = openTestStore();
    const runId = newRun(store);
    async function* source(): AsyncGenerator<RowInput> {
      for (let line = 2; line <= 6; line++) yield validInput(line);
    }
    const batches: number[] = [];
    const loaded = await loadRows(store, runId, source(), { batchSize: 2, onBatch: (n) => batches.push(n) });
    expect(loaded).toBe(5);
    expect(batches).toEqual([2, 4, 5]);
    expect([...store.rowsInInputOrder(runId, 2)].map((row) => row.seq)).toEqual([1, 2, 3, 4, 5]);
    await expect(loadRows(store, runId, [], { batchSize: 0 })).rejects.toThrow('Expected batchSize to be an integer >= 1, got 0');
  });

  it('keeps synchronous=NORMAL and syncs the write-ahead log to disk when asked', async () => {
    const store = openTestStore();
    const runId = newRun(store);
    store.insertRows(runId, [validInput(2)]);
    await expect(store.syncToDisk()).resolves.toBeUndefined();
    await Promise.all([store.syncToDisk(), store.syncToDisk(), store.syncToDisk()]);
    expect(store.db.pragma('synchronous', { simple: true })).toBe(1);
    expect(store.countOutcomes(runId).total).toBe(1);
  });

  it('rolls back the whole batch when one row cannot be stored', () => {
    const store = openTestStore();
    const runId = newRun(store);
    expect(() => store.insertRows('no-such-run', [validInput(2)])).toThrow(/FOREIGN KEY/);
    store.insertRows(runId, [validInput(2)]);
    const broken = { kind: 'valid', row: { ...validRow(3), ref: { file: 'in.csv', line: null } } } as unknown as RowInput;
    expect(() => store.insertRows(runId, [validInput(4), broken])).toThrow(/NOT NULL/);
    expect(store.countOutcomes(runId).total).toBe(1);
  });
});

describe('the row state machine', () => {
  it('goes pending -> in-flight -> done, keeping the plan and adding up attempts', () => {
    const clock = manualClock();
    const store = openTestStore({ clock: clock.now });
    const runId = newRun(store);
    store.insertRows(runId, [validInput(2), validInput(3)]);
    const [first] = store.nextPendingRows(runId, 0, 1);
    if (!first) throw new Error('expected a pending row');

    const body = { requestType: 'adminAdd', assignment: { targetId: 'u-1', assignmentPolicyId: 'p-1', accessPackageId: 'a-1' } };
    store.transaction(() => {
      store.recordPlan(first.id, { userId: 'u-1', accessPackageId: 'a-1', policyId: 'p-1', body });
      store.markInFlight([first.id]);
    });
    expect(store.inFlightRows(runId).map((row) => row.id)).toEqual([first.id]);
    expect(store.getRow(first.id)).toMatchObject({ phase: 'in-flight', attemptStartedAt: '2026-11-28T10:00:00.000Z', body, userId: 'u-1' });
    expect(store.nextPendingRows(runId, 0, 10).map((row) => row.ref.line)).toEqual([3]);

    clock.advance(1500);
    store.recordResult(first.id, {
      outcome: 'submitted',
      requestId: 'req-1',
      requestState: 'submitted',
      httpStatus: 201,
      attempts: 2,
      graphRequestId: 'g-1',
      submittedAt: '2026-11-28T10:00:01.000Z',
    });
    expect(store.getRow(first.id)).toMatchObject({
      phase: 'done',
      outcome: 'submitted',
      requestId: 'req-1',
      httpStatus: 201,
      attempts: 2,
      finishedAt: '2026-11-28T10:00:01.500Z',
    });
    expect(store.inFlightRows(runId)).toEqual([]);
  });

  it('refuses a second outcome and transitions from the wrong phase', () => {
    const store = openTestStore();
    const runId = newRun(store);
    store.insertRows(runId, [validInput(2)]);
    const [row] = store.nextPendingRows(runId, 0, 1);
    if (!row) throw new Error('expected a pending row');
    expect(() => store.returnToPending(row.id)).toThrow(`Expected row ${row.id} to be in flight before it returns to pending, it is pending`);
    store.recordResult(row.id, { outcome: 'not-found', reason: 'no user user2@contoso.com' });
    expect(() => store.recordResult(row.id, { outcome: 'submitted' })).toThrow(
      `Expected row ${row.id} to be pending or in flight before its outcome is recorded, it is done`,
    );
    expect(() => store.markInFlight([row.id])).toThrow(`Expected row ${row.id} to be pending before it goes in flight, it is done`);
    expect(() => store.recordWaitResult(row.id, { outcome: 'delivered' })).toThrow(/to be waiting/);
    expect(() => store.markInFlight([999])).toThrow('Expected row 999 to be pending before it goes in flight, it is not in the database');
    expect(store.getRow(row.id)).toMatchObject({ outcome: 'not-found', reason: 'no user user2@contoso.com' });
  });

  it('records the plan and marks the row in flight in one step before its POST', () => {
    const clock = manualClock();
    const store = openTestStore({ clock: clock.now });
    const runId = newRun(store);
    store.insertRows(runId, [validInput(2), validInput(3)]);
    const [first, second] = store.nextPendingRows(runId, 0, 2);
    if (!first || !second) throw new Error('expected two rows');
    const body = { requestType: 'adminAdd', assignment: { targetId: 'u-1', assignmentPolicyId: 'p-1', accessPackageId: 'a-1' } };

    store.startSending(first.id, { userId: 'u-1', accessPackageId: 'a-1', policyId: 'p-1', body });
    expect(store.getRow(first.id)).toMatchObject({ phase: 'in-flight', attemptStartedAt: '2026-11-28T10:00:00.000Z', body, userId: 'u-1', accessPackageId: 'a-1', policyId: 'p-1' });
    expect(store.inFlightRows(runId).map((row) => row.id)).toEqual([first.id]);

    expect(() => store.startSending(first.id, { userId: 'u-2' })).toThrow(`Expected row ${first.id} to be pending before it goes in flight, it is in-flight`);
    expect(store.getRow(first.id)).toMatchObject({ userId: 'u-1', body });
    store.recordResult(second.id, { outcome: 'not-found', reason: 'no user' });
    expect(() => store.startSending(second.id, { userId: 'u-3' })).toThrow(`Expected row ${second.id} to be pending before it goes in flight, it is done`);
    expect(store.getRow(second.id)?.userId).toBeUndefined();
  });

  it('marks a batch in flight all or nothing', () => {
    const store = openTestStore();
    const runId = newRun(store);
    store.insertRows(runId, [validInput(2), validInput(3)]);
    const [a, b] = store.nextPendingRows(runId, 0, 2);
    if (!a || !b) throw new Error('expected two rows');
    store.recordResult(b.id, { outcome: 'skipped', reason: 'already-assigned' });
    expect(() => store.markInFlight([a.id, b.id])).toThrow(/to be pending/);
    expect(store.getRow(a.id)?.phase).toBe('pending');
  });

  it('returns an in-flight row to pending when resume finds no request for it', () => {
    const store = openTestStore();
    const runId = newRun(store);
    store.insertRows(runId, [validInput(2)]);
    const [row] = store.nextPendingRows(runId, 0, 1);
    if (!row) throw new Error('expected a pending row');
    store.markInFlight([row.id], '2026-11-28T10:00:00.000Z');
    store.returnToPending(row.id);
    expect(store.nextPendingRows(runId, 0, 10).map((r) => r.id)).toEqual([row.id]);
  });

  it('with --wait moves a submitted row to waiting, then to its final state', () => {
    const store = openTestStore();
    const runId = newRun(store);
    store.insertRows(runId, [validInput(2), validInput(3), validInput(4)]);
    const rows = store.nextPendingRows(runId, 0, 3);
    for (const row of rows) store.markInFlight([row.id]);
    const [a, b, c] = rows.map((row) => row.id) as [number, number, number];
    store.recordResult(a, { outcome: 'submitted', requestId: 'req-a', wait: true });
    store.recordResult(b, { outcome: 'failed', httpStatus: 400, errorCode: 'InvalidRequest', wait: true });
    store.recordResult(c, { outcome: 'submitted', requestId: 'req-c', wait: true });

    expect(store.waitingRows(runId, 10).map((row) => row.id)).toEqual([a, c]);
    expect(store.waitingRows(runId, 10, rows[0]?.seq).map((row) => row.id)).toEqual([c]);
    expect(store.getRow(b)?.phase).toBe('done');
    expect(store.countOutcomes(runId).byPhase).toEqual({ pending: 0, 'in-flight': 0, waiting: 2, done: 1 });

    store.recordWaitResult(a, { outcome: 'delivered', requestState: 'delivered', finishedAt: '2026-11-28T11:00:00.000Z' });
    store.recordWaitResult(c, { outcome: 'timed-out' });
    expect(store.getRow(a)).toMatchObject({ phase: 'done', outcome: 'delivered', requestState: 'delivered', requestId: 'req-a', finishedAt: '2026-11-28T11:00:00.000Z' });
    expect(store.getRow(c)).toMatchObject({ phase: 'done', outcome: 'timed-out' });
    expect(store.waitingRows(runId, 10)).toEqual([]);
  });

  it('holds the exactly-one-outcome invariant in the schema itself', () => {
    const store = openTestStore();
    const runId = newRun(store);
    store.insertRows(runId, [validInput(2)]);
    expect(() => store.db.prepare("UPDATE rows SET phase = 'done'").run()).toThrow(/CHECK constraint failed/);
    expect(() => store.db.prepare("UPDATE rows SET outcome = 'failed'").run()).toThrow(/CHECK constraint failed/);
  });
});

describe('reading rows back', () => {
  it('counts every outcome, 0 when none, skipped per reason and rows per phase', () => {
    const store = openTestStore();
    const runId = newRun(store);
    store.insertRows(runId, [validInput(2), validInput(3), validInput(4), invalidInput(5), validInput(6)]);
    const [a, b, c] = store.nextPendingRows(runId, 0, 3).map((row) => row.id) as [number, number, number];
    store.recordResult(a, { outcome: 'skipped', reason: 'open-request' });
    store.recordResult(b, { outcome: 'skipped', reason: 'already-assigned' });
    store.markInFlight([c]);

    const counts = store.countOutcomes(runId);
    expect(counts.total).toBe(5);
    expect(counts.byOutcome).toEqual({
      submitted: 0, delivered: 0, 'pending-approval': 0, denied: 0, 'delivery-failed': 0, 'partially-delivered': 0,
      canceled: 0, scheduled: 0, 'timed-out': 0, skipped: 2, invalid: 1, 'not-found': 0, failed: 0, 'gave-up': 0,
    });
    expect(counts.skippedByReason).toEqual({ 'already-assigned': 1, 'not-assigned': 0, 'open-request': 1, duplicate: 0 });
    expect(counts.byPhase).toEqual({ pending: 1, 'in-flight': 1, waiting: 0, done: 3 });
  });

  it('pages through rows in input order and lists those that did not succeed', () => {
    const store = openTestStore();
    const runId = newRun(store);
    const other = newRun(store, '20261128-100001-bbbb');
    store.insertRows(other, [validInput(9)]);
    store.insertRows(runId, [validInput(2), invalidInput(3), validInput(4), validInput(5), validInput(6)]);
    const pending = store.nextPendingRows(runId, 0, 10).map((row) => row.id) as [number, number, number, number];
    store.recordResult(pending[0], { outcome: 'submitted' });
    store.recordResult(pending[1], { outcome: 'failed', httpStatus: 403 });
    store.recordResult(pending[2], { outcome: 'skipped', reason: 'not-assigned' });

    expect([...store.rowsInInputOrder(runId, 2)].map((row) => row.ref.line)).toEqual([2, 3, 4, 5, 6]);
    expect([...store.rowsInInputOrder(runId, 5)].map((row) => row.ref.line)).toEqual([2, 3, 4, 5, 6]);
    expect([...store.unsuccessfulRows(runId, 1)].map((row) => [row.ref.line, row.outcome])).toEqual([
      [3, 'invalid'],
      [4, 'failed'],
      [6, undefined],
    ]);
  });

  it('buckets finished rows by time and sums requests sent', () => {
    const clock = manualClock('2026-11-28T10:00:00.000Z');
    const store = openTestStore({ clock: clock.now });
    const runId = newRun(store);
    store.insertRows(runId, [invalidInput(2), validInput(3), validInput(4), validInput(5)]);
    const [a, b, c] = store.nextPendingRows(runId, 0, 3).map((row) => row.id) as [number, number, number];
    store.markInFlight([a], '2026-11-28T10:00:01.000Z');
    store.recordResult(a, { outcome: 'submitted', attempts: 3, finishedAt: '2026-11-28T10:00:09.999Z' });
    store.markInFlight([b], '2026-11-28T10:00:05.000Z');
    store.recordResult(b, { outcome: 'submitted', attempts: 1, finishedAt: '2026-11-28T10:00:10.000Z' });
    store.recordResult(c, { outcome: 'not-found', finishedAt: '2026-11-28T10:00:31.000Z' });

    expect(store.finishedPerBucket(runId, '2026-11-28T10:00:00.000Z', 10)).toEqual([
      { at: '2026-11-28T10:00:00.000Z', rows: 1 },
      { at: '2026-11-28T10:00:10.000Z', rows: 1 },
      { at: '2026-11-28T10:00:30.000Z', rows: 1 },
    ]);
    expect(store.rowActivity(runId)).toEqual({
      firstActivityAt: '2026-11-28T10:00:01.000Z',
      lastFinishedAt: '2026-11-28T10:00:31.000Z',
      requestsSent: 4,
      rowsSent: 2,
    });
  });
});
