import { describe, expect, it } from 'vitest';
import type { RecordCells, ValidRow } from '../../../src/core/domain.js';
import { validateRecord } from '../../../src/input/validate-record.js';

const NOW = new Date('2026-01-15T10:00:00Z');
const REF = { file: 'data/in.csv', line: 7 };
const PKG = '11111111-2222-3333-4444-555555555555';
const POLICY = 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';
const USER_ID = '0f0e0d0c-0b0a-0908-0706-050403020100';
const ASSIGNMENT = '99999999-8888-7777-6666-555555555555';
const QUESTION = '12345678-1234-1234-1234-123456789abc';

function validate(cells: RecordCells) {
  return validateRecord({ ref: REF, cells }, { now: NOW });
}

/** Problems as `column: reason` (or just the reason), the form the tests compare exactly. */
function problemsOf(cells: RecordCells): string[] {
  const result = validate(cells);
  expect(result.row).toBeUndefined();
  return result.problems.map((p) => (p.column === undefined ? p.reason : `${p.column}: ${p.reason}`));
}

function rowOf(cells: RecordCells): ValidRow {
  const result = validate(cells);
  expect(result.problems).toEqual([]);
  return result.row as ValidRow;
}

const ADD = { action: 'add', user: 'ann@contoso.com', accessPackage: 'Sales', policy: 'Default' } as const;

describe('validateRecord: a valid add', () => {
  it('gives the whole row', () => {
    const cells = { ...ADD, catalog: 'General', justification: 'New joiner' };
    expect(validate(cells)).toEqual({
      problems: [],
      row: {
        ref: REF,
        key: 'ann@contoso.com|general/sales|add',
        action: 'add',
        requestType: 'adminAdd',
        user: { kind: 'upn', upn: 'ann@contoso.com' },
        accessPackage: { kind: 'name', name: 'Sales' },
        policy: { kind: 'name', name: 'Default' },
        catalog: 'General',
        expiration: { type: 'policyDefault' },
        justification: 'New joiner',
        cells,
      },
    });
  });

  it('takes GUIDs as ids, lower-cased', () => {
    const row = rowOf({ action: 'ADD', user: USER_ID.toUpperCase(), accessPackage: PKG, policy: POLICY });
    expect([row.user, row.accessPackage, row.policy, row.action]).toEqual([
      { kind: 'id', id: USER_ID },
      { kind: 'id', id: PKG },
      { kind: 'id', id: POLICY },
      'add',
    ]);
  });

  it('accepts a guest UPN', () => {
    expect(rowOf({ ...ADD, user: 'ann_fabrikam.com#EXT#@contoso.onmicrosoft.com' }).user).toEqual({
      kind: 'upn',
      upn: 'ann_fabrikam.com#EXT#@contoso.onmicrosoft.com',
    });
  });
});

describe('validateRecord: action and requestType', () => {
  it('rejects an unknown action, listing the accepted ones', () => {
    expect(problemsOf({ ...ADD, action: 'delete' })).toEqual(['action: unknown action: expected add, remove or update']);
  });

  it('requires action unless requestType is given', () => {
    expect(problemsOf({ user: 'ann@contoso.com', accessPackage: 'Sales', policy: 'Default' })).toEqual([
      'action: action is required (add, remove or update) unless requestType is given',
    ]);
  });

  it.each([
    ['add', 'adminAdd'],
    ['remove', 'adminRemove'],
    ['update', 'adminUpdate'],
  ] as const)('derives the request type of %s', (action, requestType) => {
    const cells: RecordCells = { action, user: 'ann@contoso.com', accessPackage: 'Sales', policy: 'Default' };
    if (action === 'update') cells.expiration = 'never';
    expect(rowOf(cells).requestType).toBe(requestType);
  });

  it.each([
    ['AdminAdd', 'adminAdd'],
    ['USERADD', 'userAdd'],
    ['useradd', 'userAdd'],
  ] as const)('accepts requestType %s as %s', (given, requestType) => {
    expect(rowOf({ ...ADD, requestType: given }).requestType).toBe(requestType);
  });

  it('derives the action from requestType when action is empty', () => {
    const row = rowOf({ requestType: 'adminRemove', assignmentId: ASSIGNMENT });
    expect([row.action, row.requestType, row.key]).toEqual(['remove', 'adminRemove', `${ASSIGNMENT}||remove`]);
  });

  it('rejects an unknown requestType', () => {
    expect(problemsOf({ ...ADD, requestType: 'adminDelete' })).toEqual([
      'requestType: unknown request type: expected adminAdd, adminUpdate, adminRemove, userAdd, userUpdate or userRemove',
    ]);
  });

  it('rejects a requestType that contradicts the action', () => {
    expect(problemsOf({ ...ADD, requestType: 'adminRemove' })).toEqual([
      'requestType: adminRemove does not match action add: expected adminAdd or userAdd, or no action',
    ]);
  });
});

describe('validateRecord: required columns per action', () => {
  it('add needs user, accessPackage and policy, each reported', () => {
    expect(problemsOf({ action: 'add' })).toEqual([
      'user: add needs a user (object id, UPN or email)',
      'accessPackage: add needs an accessPackage (id or display name)',
      'policy: add needs a policy (id or display name)',
    ]);
  });

  it('remove takes an assignmentId alone', () => {
    expect(rowOf({ action: 'remove', assignmentId: ASSIGNMENT.toUpperCase() }).assignmentId).toBe(ASSIGNMENT);
  });

  it('remove takes user and accessPackage', () => {
    expect(rowOf({ action: 'remove', user: 'ann@contoso.com', accessPackage: 'Sales' }).key).toBe('ann@contoso.com|sales|remove');
  });

  it('keys packages of the same name in different catalogs apart, so they are not duplicates', () => {
    const general = rowOf({ action: 'remove', user: 'ann@contoso.com', accessPackage: 'Project X', catalog: 'General' });
    const finance = rowOf({ action: 'remove', user: 'ann@contoso.com', accessPackage: 'Project X', catalog: 'Finance' });
    expect([general.key, finance.key]).toEqual(['ann@contoso.com|general/project x|remove', 'ann@contoso.com|finance/project x|remove']);
  });

  it('remove with neither assignmentId nor user and accessPackage', () => {
    expect(problemsOf({ action: 'remove' })).toEqual(['assignmentId: remove needs an assignmentId, or both user and accessPackage']);
  });

  it('remove with a user but no accessPackage', () => {
    expect(problemsOf({ action: 'remove', user: 'ann@contoso.com' })).toEqual([
      'accessPackage: remove needs an accessPackage with the user (or an assignmentId)',
    ]);
  });

  it('update with an accessPackage but no user', () => {
    expect(problemsOf({ action: 'update', accessPackage: 'Sales', expiration: 'P30D' })).toEqual([
      'user: update needs a user with the accessPackage (or an assignmentId)',
    ]);
  });

  it('update needs something to change', () => {
    expect(problemsOf({ action: 'update', assignmentId: ASSIGNMENT })).toEqual([
      'update needs something to change: give expiration, start or answers',
    ]);
  });

  it('remove takes no expiration, start or answers', () => {
    expect(problemsOf({ action: 'remove', assignmentId: ASSIGNMENT, expiration: 'never', start: '2026-02-01', answers: `[{"questionId":"${QUESTION}","value":"x"}]` })).toEqual([
      'expiration: remove takes no expiration: leave the cell empty',
      'start: remove takes no start: leave the cell empty',
      'answers: remove takes no answers: leave the cell empty',
    ]);
  });

  it('userAdd without a user is a self-request', () => {
    const row = rowOf({ requestType: 'userAdd', accessPackage: PKG, policy: POLICY });
    expect([row.user, row.action, row.requestType, row.key]).toEqual([undefined, 'add', 'userAdd', `|${PKG}|add`]);
  });

  it('userAdd with a user is on behalf of a direct report', () => {
    expect(rowOf({ requestType: 'userAdd', user: USER_ID, accessPackage: PKG, policy: POLICY }).user).toEqual({ kind: 'id', id: USER_ID });
  });

  it('userAdd needs accessPackage and policy', () => {
    expect(problemsOf({ requestType: 'userAdd' })).toEqual([
      'accessPackage: userAdd needs an accessPackage (id or display name)',
      'policy: userAdd needs a policy (id or display name)',
    ]);
  });

  it('userRemove needs an assignmentId or an accessPackage', () => {
    expect(problemsOf({ requestType: 'userRemove' })).toEqual(['accessPackage: userRemove needs an assignmentId or an accessPackage']);
  });
});

describe('validateRecord: identifiers', () => {
  it('rejects a malformed UPN or email', () => {
    expect(problemsOf({ ...ADD, user: 'ann@contoso' })).toEqual(['user: not a valid UPN or email: expected name@domain.tld']);
    expect(problemsOf({ ...ADD, user: 'ann smith@contoso.com' })).toEqual(['user: not a valid UPN or email: expected name@domain.tld']);
    expect(problemsOf({ ...ADD, user: 'bob\u0007@contoso.com' })).toEqual(['user: not a valid UPN or email: expected name@domain.tld']);
  });

  it('rejects a user that is neither GUID nor UPN', () => {
    expect(problemsOf({ ...ADD, user: 'Ann Smith' })).toEqual([
      'user: expected an object id (GUID such as 00000000-0000-0000-0000-000000000000), a UPN or an email (name@domain.tld)',
    ]);
  });

  it('rejects a malformed GUID in user as neither GUID nor UPN', () => {
    expect(problemsOf({ ...ADD, user: '0f0e0d0c-0b0a-0908-0706-05040302010' })).toEqual([
      'user: expected an object id (GUID such as 00000000-0000-0000-0000-000000000000), a UPN or an email (name@domain.tld)',
    ]);
  });

  it('rejects an assignmentId that is not a GUID', () => {
    expect(problemsOf({ action: 'remove', assignmentId: 'abc' })).toEqual([
      'assignmentId: expected the assignment id, a GUID such as 00000000-0000-0000-0000-000000000000',
    ]);
  });

  it.each(['=HYPERLINK("x")', '+1', '-2', '@SUM(A1)'])('rejects a spreadsheet formula %s in a name column', (formula) => {
    expect(problemsOf({ ...ADD, accessPackage: formula, policy: formula, catalog: formula, justification: formula })).toEqual(
      ['accessPackage', 'policy', 'catalog', 'justification'].map(
        (column) => `${column}: begins with ${formula[0]}, which a spreadsheet runs as a formula: remove it or write the value another way`,
      ),
    );
  });

  it('reports a formula in user once, not also as a bad UPN', () => {
    expect(problemsOf({ ...ADD, user: '@ann' })).toEqual([
      'user: begins with @, which a spreadsheet runs as a formula: remove it or write the value another way',
    ]);
  });
});

describe('validateRecord: expiration', () => {
  const expirationOf = (expiration: string) => rowOf({ ...ADD, expiration }).expiration;

  it.each([
    ['never', { type: 'noExpiration' }],
    ['NEVER', { type: 'noExpiration' }],
    ['2026-07-01', { type: 'afterDateTime', endDateTime: '2026-07-01T23:59:59Z' }],
    ['2026-07-01T12:00:00+02:00', { type: 'afterDateTime', endDateTime: '2026-07-01T10:00:00Z' }],
    ['2026-07-01T12:00:00-0530', { type: 'afterDateTime', endDateTime: '2026-07-01T17:30:00Z' }],
    ['2026-07-01T12:00Z', { type: 'afterDateTime', endDateTime: '2026-07-01T12:00:00Z' }],
    ['2026-07-01t12:00:00.250z', { type: 'afterDateTime', endDateTime: '2026-07-01T12:00:00.250Z' }],
    ['P90D', { type: 'afterDuration', duration: 'P90D' }],
    ['pt12h', { type: 'afterDuration', duration: 'PT12H' }],
    ['P1Y2M', { type: 'afterDuration', duration: 'P1Y2M' }],
    ['P2W', { type: 'afterDuration', duration: 'P2W' }],
    ['P1DT2H30M', { type: 'afterDuration', duration: 'P1DT2H30M' }],
  ] as const)('reads %s', (given, expected) => {
    expect(expirationOf(given)).toEqual(expected);
  });

  it('leaves an empty expiration to the policy', () => {
    expect(rowOf(ADD).expiration).toEqual({ type: 'policyDefault' });
  });

  it.each([
    ['2025-02-30', 'not a real date (February 2025 has 28 days)'],
    ['2028-02-30', 'not a real date (February 2028 has 29 days)'],
    ['2026-13-01', 'not a real date (there is no month 13)'],
    ['0026-07-01', 'year 26 is out of range: expected 1970 or later'],
    ['2026-04-31', 'not a real date (April 2026 has 30 days)'],
    ['2026-07-01T24:00:00Z', 'not a real time (hour 24 is past 23)'],
    ['2026-07-01T12:00:00', 'has no time zone: add Z (UTC) or an offset such as +02:00'],
    ['2026-07-01T12:00:00+15:00', 'offset +15:00 is not a real time zone offset (at most ±14:00)'],
    ['2025-12-31', 'is in the past (2025-12-31T23:59:59Z; now is 2026-01-15T10:00:00Z): expected a future date'],
    ['2026-01-15T10:00:00Z', 'is in the past (2026-01-15T10:00:00Z; now is 2026-01-15T10:00:00Z): expected a future date'],
    ['P0D', 'a duration of zero ends the assignment at once: expected a duration longer than zero'],
    [
      'next month',
      'not understood: expected empty (the policy default), never, a date 2025-07-01, a date-time with offset 2025-07-01T12:00:00+02:00, or an ISO 8601 duration such as P90D or PT12H',
    ],
    [
      'P',
      'not understood: expected empty (the policy default), never, a date 2025-07-01, a date-time with offset 2025-07-01T12:00:00+02:00, or an ISO 8601 duration such as P90D or PT12H',
    ],
    [
      '01/07/2026',
      'not understood: expected empty (the policy default), never, a date 2025-07-01, a date-time with offset 2025-07-01T12:00:00+02:00, or an ISO 8601 duration such as P90D or PT12H',
    ],
  ])('rejects %s: %s', (given, reason) => {
    expect(problemsOf({ ...ADD, expiration: given })).toEqual([`expiration: ${reason}`]);
  });

  it('accepts an expiration one second in the future', () => {
    expect(expirationOf('2026-01-15T10:00:01Z')).toEqual({ type: 'afterDateTime', endDateTime: '2026-01-15T10:00:01Z' });
  });
});

describe('validateRecord: start', () => {
  it('reads a date as the start of that day in UTC', () => {
    expect(rowOf({ ...ADD, start: '2026-02-01' }).start).toBe('2026-02-01T00:00:00Z');
  });

  it('reads a date-time with offset, normalised to UTC', () => {
    expect(rowOf({ ...ADD, start: '2026-02-01T08:00:00+01:00' }).start).toBe('2026-02-01T07:00:00Z');
  });

  it('rejects a date-time without offset and an impossible date', () => {
    expect(problemsOf({ ...ADD, start: '2026-02-01T08:00' })).toEqual(['start: has no time zone: add Z (UTC) or an offset such as +02:00']);
    expect(problemsOf({ ...ADD, start: '2026-02-29' })).toEqual(['start: not a real date (February 2026 has 28 days)']);
    expect(problemsOf({ ...ADD, start: 'soon' })).toEqual([
      'start: not understood: expected a date 2025-07-01 or a date-time with offset 2025-07-01T08:00:00Z',
    ]);
  });

  it('rejects a start after the expiration', () => {
    expect(problemsOf({ ...ADD, start: '2026-08-01', expiration: '2026-07-01' })).toEqual([
      'start: 2026-08-01T00:00:00Z is not before the expiration 2026-07-01T23:59:59Z: expected a start before the expiration',
    ]);
  });

  it('accepts a start on the day of a date expiration', () => {
    expect(rowOf({ ...ADD, start: '2026-07-01', expiration: '2026-07-01' }).start).toBe('2026-07-01T00:00:00Z');
  });
});

describe('validateRecord: answers', () => {
  it('reads the simple form', () => {
    const answers = `[{"questionId":"${QUESTION.toUpperCase()}","value":"Sales","displayValue":"Sales team","type":"choice"},{"questionId":"${PKG}","value":"why"}]`;
    expect(rowOf({ ...ADD, answers }).answers).toEqual([
      { questionId: QUESTION, value: 'Sales', displayValue: 'Sales team', questionKind: 'choice' },
      { questionId: PKG, value: 'why' },
    ]);
  });

  it('reads Graph-shaped answers', () => {
    const answers = JSON.stringify([
      {
        '@odata.type': '#microsoft.graph.accessPackageAnswerString',
        value: 'A',
        displayValue: 'Option A',
        answeredQuestion: { '@odata.type': '#microsoft.graph.accessPackageMultipleChoiceQuestion', id: QUESTION },
      },
      {
        '@odata.type': '#microsoft.graph.accessPackageAnswerString',
        value: 'free text',
        answeredQuestion: { '@odata.type': '#microsoft.graph.accessPackageTextInputQuestion', id: PKG },
      },
    ]);
    expect(rowOf({ ...ADD, answers }).answers).toEqual([
      { questionId: QUESTION, value: 'A', displayValue: 'Option A', questionKind: 'choice' },
      { questionId: PKG, value: 'free text', questionKind: 'text' },
    ]);
  });

  it('rejects text that is not JSON', () => {
    expect(problemsOf({ ...ADD, answers: 'yes' })[0]).toMatch(/^answers: not valid JSON \(.+\): expected a JSON array of /);
  });

  it('rejects JSON that is not an array, and an empty array', () => {
    expect(problemsOf({ ...ADD, answers: `{"questionId":"${QUESTION}","value":"x"}` })).toEqual([
      'answers: not a JSON array: expected a JSON array of {"questionId":"<GUID>","value":"...","displayValue":"...","type":"text"|"choice"} or of Graph accessPackageAnswerString objects',
    ]);
    expect(problemsOf({ ...ADD, answers: '[]' })).toEqual(['answers: an empty array: leave the cell empty when there are no answers']);
  });

  it('reports every wrong answer, saying what was expected', () => {
    const answers = JSON.stringify([
      'text',
      { questionId: 'q1', value: 7, displayValue: false },
      { questionId: QUESTION, value: 3 },
      { questionId: PKG, value: 'x', type: 'number' },
      { questionId: POLICY, value: 'x', extra: true },
      { '@odata.type': '#microsoft.graph.accessPackageAnswerBoolean', value: 'x', answeredQuestion: { '@odata.type': '#microsoft.graph.accessPackageTextInputQuestion', id: QUESTION } },
      { '@odata.type': '#microsoft.graph.accessPackageAnswerString', value: 'x', answeredQuestion: { '@odata.type': '#microsoft.graph.accessPackageQuestion', id: QUESTION } },
      { '@odata.type': '#microsoft.graph.accessPackageAnswerString', value: 'x', answeredQuestion: { '@odata.type': '#microsoft.graph.accessPackageTextInputQuestion' } },
      { '@odata.type': '#microsoft.graph.accessPackageAnswerString', value: 'x' },
      { questionId: USER_ID, value: 'a' },
      { questionId: USER_ID, value: 'b' },
    ]);
    expect(problemsOf({ ...ADD, answers })).toEqual([
      'answers: answer 1 is "text" (string): expected an object {"questionId":"<GUID>","value":"..."}',
      'answers: answer 2 questionId is "q1" (string): expected a GUID',
      'answers: answer 2 value is 7 (number): expected a string',
      'answers: answer 2 displayValue is false (boolean): expected a string',
      'answers: answer 3 value is 3 (number): expected a string',
      'answers: answer 4 type is "number" (string): expected "text" or "choice"',
      'answers: answer 5 has unknown member "extra": expected questionId, value, displayValue, type',
      'answers: answer 6 @odata.type is "#microsoft.graph.accessPackageAnswerBoolean" (string): expected "#microsoft.graph.accessPackageAnswerString"',
      'answers: answer 7 answeredQuestion @odata.type is "#microsoft.graph.accessPackageQuestion" (string): expected "#microsoft.graph.accessPackageTextInputQuestion" or "#microsoft.graph.accessPackageMultipleChoiceQuestion"',
      'answers: answer 8 answeredQuestion id is missing: expected a GUID',
      'answers: answer 9 answeredQuestion is missing: expected {"@odata.type":"#microsoft.graph.accessPackageTextInputQuestion","id":"<GUID>"}',
      `answers: answer 11 answers question ${USER_ID} a second time`,
    ]);
  });

  it('lets update change answers alone', () => {
    expect(rowOf({ action: 'update', assignmentId: ASSIGNMENT, answers: `[{"questionId":"${QUESTION}","value":"x"}]` }).answers).toEqual([
      { questionId: QUESTION, value: 'x' },
    ]);
  });
});

describe('validateRecord: every problem of a row, each with file, line, column and value', () => {
  it('collects them all', () => {
    expect(validate({ action: 'add', user: 'nobody', accessPackage: '=cmd', expiration: '2025-02-30', start: 'later' })).toEqual({
      problems: [
        { file: 'data/in.csv', line: 7, column: 'accessPackage', value: '=cmd', reason: 'begins with =, which a spreadsheet runs as a formula: remove it or write the value another way' },
        {
          file: 'data/in.csv',
          line: 7,
          column: 'user',
          value: 'nobody',
          reason: 'expected an object id (GUID such as 00000000-0000-0000-0000-000000000000), a UPN or an email (name@domain.tld)',
        },
        { file: 'data/in.csv', line: 7, column: 'expiration', value: '2025-02-30', reason: 'not a real date (February 2025 has 28 days)' },
        {
          file: 'data/in.csv',
          line: 7,
          column: 'start',
          value: 'later',
          reason: 'not understood: expected a date 2025-07-01 or a date-time with offset 2025-07-01T08:00:00Z',
        },
        { file: 'data/in.csv', line: 7, column: 'policy', reason: 'add needs a policy (id or display name)' },
      ],
    });
  });

  it('cuts long values to 80 characters', () => {
    const [problem] = validate({ ...ADD, justification: `=${'x'.repeat(200)}` }).problems;
    expect(problem?.value).toBe(`=${'x'.repeat(76)}...`);
  });
});
