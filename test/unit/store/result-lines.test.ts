import { describe, expect, it } from 'vitest';
import type { ResultLine } from '../../../src/store/store-types.js';
import { manualClock, newRun, useStore, validInput, validRow } from './store-fixtures.js';

const openTestStore = useStore();

/** A line with every field empty, to spell out only what a case sets. */
const blank: ResultLine = {
  seq: 0, ref: { file: 'in.csv', line: 0 }, action: undefined, requestType: undefined, user: undefined, accessPackage: undefined, policy: undefined,
  userId: undefined, accessPackageId: undefined, policyId: undefined, outcome: undefined, reason: undefined, requestId: undefined,
  requestState: undefined, httpStatus: undefined, errorCode: undefined, errorMessage: undefined, attempts: 0, graphRequestId: undefined,
  submittedAt: undefined, finishedAt: undefined,
};

describe('result lines', () => {
  it('reads what results.csv shows of each row, in input order, across pages', () => {
    const clock = manualClock();
    const store = openTestStore({ clock: clock.now });
    const runId = newRun(store);
    store.insertRows(runId, [
      validInput(2, { policy: { kind: 'name', name: 'Default' }, cells: { action: 'add', user: 'user2@contoso.com', accessPackage: 'Sales', policy: 'Default' } }),
      {
        kind: 'valid',
        row: {
          ...validRow(3),
          user: { kind: 'id', id: 'u-given' },
          accessPackage: { kind: 'id', id: 'p-given' },
          cells: { action: 'add', user: 'u-given', accessPackage: 'p-given' },
        },
      },
      { kind: 'invalid', ref: { file: 'in.csv', line: 4 }, cells: { action: 'ad', user: '=cmd', accessPackage: 'Sales' }, problems: [{ file: 'in.csv', line: 4, column: 'action', value: 'ad', reason: 'expected add, remove or update' }] },
    ]);
    const [first, second] = store.nextPendingRows(runId, 0, 10);
    store.startSending(first!.id, { userId: 'u-resolved', accessPackageId: 'p-resolved', policyId: 'pol-resolved', body: {} }, '2026-11-28T10:00:01.000Z');
    store.recordResult(first!.id, { outcome: 'submitted', requestId: 'req-1', requestState: 'submitted', httpStatus: 201, attempts: 1, submittedAt: '2026-11-28T10:00:02.000Z', finishedAt: '2026-11-28T10:00:02.000Z' });
    store.recordResult(second!.id, { outcome: 'failed', httpStatus: 400, errorCode: 'InvalidRequest', errorMessage: 'no "such" policy', attempts: 1, finishedAt: '2026-11-28T10:00:03.000Z' });

    const expected: ResultLine[] = [
      { ...blank, seq: 1, ref: { file: 'in.csv', line: 2 }, action: 'add', requestType: 'adminAdd', user: 'user2@contoso.com', accessPackage: 'Sales', policy: 'Default', userId: 'u-resolved', accessPackageId: 'p-resolved', policyId: 'pol-resolved', outcome: 'submitted', requestId: 'req-1', requestState: 'submitted', httpStatus: 201, attempts: 1, submittedAt: '2026-11-28T10:00:02.000Z', finishedAt: '2026-11-28T10:00:02.000Z' },
      // Nothing resolved (it failed first): the ids the row gave.
      { ...blank, seq: 2, ref: { file: 'in.csv', line: 3 }, action: 'add', requestType: 'adminAdd', user: 'u-given', accessPackage: 'p-given', userId: 'u-given', accessPackageId: 'p-given', outcome: 'failed', httpStatus: 400, errorCode: 'InvalidRequest', errorMessage: 'no "such" policy', attempts: 1, finishedAt: '2026-11-28T10:00:03.000Z' },
      { ...blank, seq: 3, ref: { file: 'in.csv', line: 4 }, action: 'ad', user: '=cmd', accessPackage: 'Sales', outcome: 'invalid', reason: 'action: expected add, remove or update', finishedAt: '2026-11-28T10:00:00.000Z' },
    ];
    expect([...store.resultLines(runId)]).toEqual(expected);
    expect([...store.resultLines(runId, 2)]).toEqual(expected);
    expect([...store.resultLines(runId, 1)]).toEqual(expected);
  });
});
