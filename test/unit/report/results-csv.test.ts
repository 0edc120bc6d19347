import { describe, expect, it } from 'vitest';
import { RESULTS_COLUMNS, resultsCells, resultsCsvChunks } from '../../../src/report/results-csv.js';
import type { ResultLine } from '../../../src/store/store-types.js';

function line(number: number, overrides: Partial<ResultLine> = {}): ResultLine {
  return {
    seq: number - 1, ref: { file: 'in.csv', line: number }, action: 'add', requestType: 'adminAdd', user: `user${number}@contoso.com`, accessPackage: 'Sales',
    policy: undefined, userId: undefined, accessPackageId: undefined, policyId: undefined, outcome: 'submitted', reason: undefined,
    requestId: undefined, requestState: undefined, httpStatus: undefined, errorCode: undefined, errorMessage: undefined, attempts: 1,
    graphRequestId: undefined, submittedAt: undefined, finishedAt: undefined, ...overrides,
  };
}

describe('results.csv records', () => {
  it('gathers records into chunks without changing the text', () => {
    const lines = [2, 3, 4, 5].map((number) => line(number));
    const whole = [...resultsCsvChunks(lines)];
    const small = [...resultsCsvChunks(lines, 10)];
    expect(whole).toHaveLength(1);
    expect(small).toHaveLength(4); // the header travels with the first record, then one record per chunk
    expect(small.join('')).toBe(whole.join(''));
    expect(whole.join('').split('\r\n')[1]).toBe('in.csv:2,add,adminAdd,user2@contoso.com,,Sales,,,,submitted,,,,,,,1,,,');
  });

  it('puts every field in its column of SPEC section 6, quoted and formula-escaped', () => {
    const full = line(7, {
      policy: 'Default', userId: 'u-1', accessPackageId: 'p-1', policyId: 'pol-1', outcome: 'failed', reason: 'policy not found',
      requestId: 'req-1', requestState: 'submitted', httpStatus: 400, errorCode: 'InvalidRequest', errorMessage: 'no "such", policy',
      attempts: 2, graphRequestId: 'g-1', submittedAt: '2026-11-28T10:00:01.000Z', finishedAt: '2026-11-28T10:00:02.000Z', user: '=cmd',
    });
    expect(Object.keys(resultsCells(full))).toEqual([...RESULTS_COLUMNS]);
    expect([...resultsCsvChunks([full])].join('').split('\r\n')[1]).toBe(
      "in.csv:7,add,adminAdd,'=cmd,u-1,Sales,p-1,Default,pol-1,failed,policy not found,req-1,submitted,400,InvalidRequest,\"no \"\"such\"\", policy\",2,g-1,2026-11-28T10:00:01.000Z,2026-11-28T10:00:02.000Z",
    );
  });
});
