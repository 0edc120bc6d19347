import { describe, expect, it } from 'vitest';
import { verifyRunComplete } from '../../../src/store/verify-run-complete.js';
import { newRun, useStore, validInput } from './store-fixtures.js';

const openTestStore = useStore();

describe('verifyRunComplete', () => {
  it('passes when every row of every input has one final outcome', () => {
    const store = openTestStore();
    const runId = newRun(store);
    store.addInputs(runId, [{ file: 'in.csv', absolutePath: '/in.csv', sha256: 'h', sizeBytes: 1 }]);
    store.insertRows(runId, [validInput(2), validInput(3)]);
    store.setInputRowCount(runId, 0, 2);
    for (const row of store.nextPendingRows(runId, 0, 10)) store.recordResult(row.id, { outcome: 'submitted' });
    expect(verifyRunComplete(store, runId)).toEqual({ complete: true, rows: 2, problems: [] });
  });

  it('names the rows without a final outcome, bad skip reasons, and missing rows', () => {
    const store = openTestStore();
    const runId = newRun(store);
    store.addInputs(runId, [
      { file: 'in.csv', absolutePath: '/in.csv', sha256: 'h', sizeBytes: 1 },
      { file: 'b.csv', absolutePath: '/b.csv', sha256: 'h2', sizeBytes: 1 },
    ]);
    store.insertRows(runId, [validInput(2), validInput(3), validInput(4), validInput(5)]);
    store.setInputRowCount(runId, 0, 5);
    const [a, b, c] = store.nextPendingRows(runId, 0, 3).map((row) => row.id) as [number, number, number];
    store.markInFlight([a]);
    store.recordResult(b, { outcome: 'skipped', reason: 'because' });
    store.recordResult(c, { outcome: 'submitted', wait: true });
    store.db.prepare('DELETE FROM rows WHERE id = ?').run(c);

    expect(verifyRunComplete(store, runId)).toEqual({
      complete: false,
      rows: 3,
      problems: [
        '2 row(s) without a final outcome (pending, in flight or waiting): in.csv:2, in.csv:5',
        '1 row(s) skipped without a known reason: in.csv:3',
        'rows are numbered 1..4 but 3 are stored: some are missing',
        'not every input was read to its end: b.csv',
      ],
    });
  });

  it('compares the stored rows with the rows the inputs held', () => {
    const store = openTestStore();
    const runId = newRun(store);
    store.addInputs(runId, [{ file: 'in.csv', absolutePath: '/in.csv', sha256: 'h', sizeBytes: 1 }]);
    store.insertRows(runId, [validInput(2)]);
    store.setInputRowCount(runId, 0, 3);
    store.recordResult(store.nextPendingRows(runId, 0, 1)[0]?.id ?? -1, { outcome: 'failed' });
    expect(verifyRunComplete(store, runId).problems).toEqual(['the inputs hold 3 rows but the run has 1']);
    expect(verifyRunComplete(store, 'nope')).toEqual({ complete: false, rows: 0, problems: ['run nope is not in the state database'] });
  });
});
