import { describe, expect, it } from 'vitest';
import { resultsCells, resultsCsvChunks } from '../../../src/report/results-csv.js';
import type { StoredRow } from '../../../src/store/store-types.js';
import { row } from './report-fixtures.js';

function stored(line: number, overrides: Partial<StoredRow> = {}): StoredRow {
  const parsed = row(line, `user${line}@contoso.com`);
  return {
    id: line, runId: 'r', seq: line - 1, ref: parsed.ref, key: parsed.key, action: 'add', requestType: 'adminAdd', cells: parsed.cells,
    row: parsed, problems: undefined, userId: undefined, accessPackageId: undefined, policyId: undefined, assignmentId: undefined,
    body: undefined, phase: 'done', outcome: 'submitted', reason: undefined, requestId: undefined, requestState: undefined,
    httpStatus: undefined, errorCode: undefined, errorMessage: undefined, attempts: 1, graphRequestId: undefined,
    attemptStartedAt: undefined, submittedAt: undefined, finishedAt: undefined, ...overrides,
  };
}

describe('results.csv records', () => {
  it('gathers records into chunks without changing the text', () => {
    const rows = [2, 3, 4, 5].map((line) => stored(line));
    const whole = [...resultsCsvChunks(rows)];
    const small = [...resultsCsvChunks(rows, 10)];
    expect(whole).toHaveLength(1);
    expect(small).toHaveLength(4); // the header travels with the first record, then one record per chunk
    expect(small.join('')).toBe(whole.join(''));
    expect(whole.join('').split('\r\n')[1]).toBe('in.csv:2,add,adminAdd,user2@contoso.com,,Sales,,,,submitted,,,,,,,1,,,');
  });

  it('takes ids from what was resolved, else from ids the row gave', () => {
    const byId = row(2, 'x', 'y', {
      user: { kind: 'id', id: 'u-given' },
      accessPackage: { kind: 'id', id: 'p-given' },
      policy: { kind: 'name', name: 'Default' },
    });
    expect(resultsCells(stored(2, { row: byId, policyId: 'pol-resolved' }))).toMatchObject({
      userId: 'u-given', accessPackageId: 'p-given', policyId: 'pol-resolved',
    });
    expect(resultsCells(stored(2, { row: byId, userId: 'u-resolved' })).userId).toBe('u-resolved');
  });
});
