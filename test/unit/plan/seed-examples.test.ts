import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import type { RecordCells, ValidRow } from '../../../src/core/domain.js';
import { planLineOffline } from '../../../src/plan/index.js';

/**
 * Microsoft's eight request examples ("Create accessPackageAssignmentRequest"), as rows of
 * samples/seed-examples.csv would validate, must plan offline to exactly the documented bodies normalised
 * to v1.0. The expected bodies are our own fixture, shared with the end-to-end test of `plan --offline`.
 */
interface SeedExample {
  name: string;
  line: number;
  body: unknown;
}
interface SeedFixture {
  file: string;
  planArgs: string[];
  api: 'v1.0';
  examples: SeedExample[];
}

const fixture = JSON.parse(
  readFileSync(new URL('./seed-examples.expected.json', import.meta.url), 'utf8'),
) as SeedFixture;
const sampleCsv = readFileSync(new URL('../../../samples/seed-examples.csv', import.meta.url), 'utf8');

const FILE = 'samples/seed-examples.csv';
const CHOICE_Q = '8fe745e7-80b2-490d-bd22-4e708c77288c';
const TEXT_Q = '7aaa18c9-8e4f-440f-bd5a-3a7ce312cbe6';
const NEW_HIRE = 'a914b616-e04e-476b-aa37-91038f0b165b';
const NEW_HIRE_DIRECT = '2264bf65-76ba-417b-a27d-54d291f0cbc8';

function seedRow(line: number, row: Omit<ValidRow, 'ref' | 'key'>): ValidRow {
  // The input stage's key: user (or assignment id) | access package | action, lower-cased.
  const key = [row.cells.user ?? row.cells.assignmentId ?? '', row.cells.accessPackage ?? '', row.action].join('|').toLowerCase();
  return { ref: { file: FILE, line }, key, ...row };
}

const ex3Answers =
  '[{"questionId":"8fe745e7-80b2-490d-bd22-4e708c77288c","value":"MultipleChoiceAnswerValue","displayValue":"This is the answer to a multiple choice question","type":"choice"},' +
  '{"questionId":"7aaa18c9-8e4f-440f-bd5a-3a7ce312cbe6","value":"This is my answer to a text input question.","displayValue":"This is my answer.","type":"text"}]';
const ex7Answers =
  '[{"questionId":"8fe745e7-80b2-490d-bd22-4e708c77288c","value":"UpdatedAnswerValue","type":"choice"},' +
  '{"questionId":"7aaa18c9-8e4f-440f-bd5a-3a7ce312cbe6","value":"My updated answer.","displayValue":"This is my updated answer to the question.","type":"text"}]';

/** The rows the validator should make of samples/seed-examples.csv, by line. */
const SEED_ROWS: ValidRow[] = [
  seedRow(2, {
    action: 'add',
    requestType: 'adminAdd',
    user: { kind: 'id', id: '46184453-e63b-4f20-86c2-c557ed5d5df9' },
    accessPackage: { kind: 'id', id: NEW_HIRE },
    policy: { kind: 'id', id: NEW_HIRE_DIRECT },
    expiration: { type: 'policyDefault' },
    cells: { action: 'add', user: '46184453-e63b-4f20-86c2-c557ed5d5df9', accessPackage: NEW_HIRE, policy: NEW_HIRE_DIRECT },
  }),
  seedRow(3, {
    action: 'remove',
    requestType: 'adminRemove',
    expiration: { type: 'policyDefault' },
    assignmentId: 'a6bb6942-3ae1-4259-9908-0133aaee9377',
    cells: { action: 'remove', assignmentId: 'a6bb6942-3ae1-4259-9908-0133aaee9377' },
  }),
  seedRow(4, {
    action: 'add',
    requestType: 'userAdd',
    accessPackage: { kind: 'id', id: '977c7ff4-ef8f-4910-9d31-49048ddf3120' },
    policy: { kind: 'id', id: 'c5f7847f-83a8-4315-a754-d94a6f39b876' },
    expiration: { type: 'policyDefault' },
    answers: [
      {
        questionId: CHOICE_Q,
        value: 'MultipleChoiceAnswerValue',
        displayValue: 'This is the answer to a multiple choice question',
        questionKind: 'choice',
      },
      {
        questionId: TEXT_Q,
        value: 'This is my answer to a text input question.',
        displayValue: 'This is my answer.',
        questionKind: 'text',
      },
    ],
    cells: {
      requestType: 'userAdd',
      accessPackage: '977c7ff4-ef8f-4910-9d31-49048ddf3120',
      policy: 'c5f7847f-83a8-4315-a754-d94a6f39b876',
      answers: ex3Answers,
    },
  }),
  seedRow(5, {
    action: 'add',
    requestType: 'userAdd',
    accessPackage: { kind: 'id', id: NEW_HIRE },
    policy: { kind: 'id', id: NEW_HIRE_DIRECT },
    expiration: { type: 'policyDefault' },
    justification: 'Need access to New Hire access package',
    cells: {
      requestType: 'userAdd',
      accessPackage: NEW_HIRE,
      policy: NEW_HIRE_DIRECT,
      justification: 'Need access to New Hire access package',
    },
  }),
  seedRow(6, {
    action: 'add',
    requestType: 'userAdd',
    user: { kind: 'id', id: '21aceaba-fe13-4e3b-aa8c-4c588d5e7387' },
    accessPackage: { kind: 'id', id: '5b98f958-0dea-4a5b-836e-109dccbd530c' },
    policy: { kind: 'id', id: 'c5f7847f-83a8-4315-a754-d94a6f39b875' },
    expiration: { type: 'policyDefault' },
    justification: 'Access for direct employee',
    cells: {
      requestType: 'userAdd',
      user: '21aceaba-fe13-4e3b-aa8c-4c588d5e7387',
      accessPackage: '5b98f958-0dea-4a5b-836e-109dccbd530c',
      policy: 'c5f7847f-83a8-4315-a754-d94a6f39b875',
      justification: 'Access for direct employee',
    },
  }),
  seedRow(7, {
    action: 'add',
    requestType: 'adminAdd',
    user: { kind: 'upn', upn: 'user@contoso.com' },
    accessPackage: { kind: 'id', id: NEW_HIRE },
    policy: { kind: 'id', id: NEW_HIRE_DIRECT },
    expiration: { type: 'policyDefault' },
    cells: { action: 'add', user: 'user@contoso.com', accessPackage: NEW_HIRE, policy: NEW_HIRE_DIRECT },
  }),
  seedRow(8, {
    action: 'update',
    requestType: 'adminUpdate',
    expiration: { type: 'policyDefault' },
    answers: [
      { questionId: CHOICE_Q, value: 'UpdatedAnswerValue', questionKind: 'choice' },
      {
        questionId: TEXT_Q,
        value: 'My updated answer.',
        displayValue: 'This is my updated answer to the question.',
        questionKind: 'text',
      },
    ],
    assignmentId: '44c741c1-2cf4-40db-83b6-e0112f8e5a83',
    cells: { action: 'update', answers: ex7Answers, assignmentId: '44c741c1-2cf4-40db-83b6-e0112f8e5a83' },
  }),
  seedRow(9, {
    action: 'update',
    requestType: 'adminUpdate',
    // The validator normalises date-times to UTC `Z`, whole seconds without `.000`, else milliseconds.
    expiration: { type: 'afterDateTime', endDateTime: '2030-07-01T00:00:00Z' },
    start: '2023-05-23T20:04:02.390Z',
    assignmentId: '329f8dac-8062-4c1b-a9b8-39b7132f9bff',
    cells: {
      action: 'update',
      expiration: '2030-07-01T00:00:00.00Z',
      start: '2023-05-23T20:04:02.39Z',
      assignmentId: '329f8dac-8062-4c1b-a9b8-39b7132f9bff',
    },
  }),
];

describe('seed examples (Microsoft docs, normalised to v1.0)', () => {
  it('has one fixture entry per example, lines 2 to 9 of the sample', () => {
    expect(fixture.file).toBe(FILE);
    expect(fixture.examples.map((example) => example.line)).toEqual([2, 3, 4, 5, 6, 7, 8, 9]);
    expect(SEED_ROWS.map((row) => row.ref.line)).toEqual([2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('matches the cells of samples/seed-examples.csv line for line', () => {
    const records = parse(sampleCsv, { columns: true, skip_empty_lines: true }) as Record<string, string>[];
    expect(records).toHaveLength(8);
    records.forEach((record, index) => {
      const nonEmpty: RecordCells = Object.fromEntries(Object.entries(record).filter(([, cell]) => cell !== ''));
      expect(nonEmpty, `line ${index + 2}`).toEqual(SEED_ROWS[index]?.cells);
    });
  });

  for (const [index, example] of fixture.examples.entries()) {
    it(`plans ${example.name} to the documented body`, () => {
      const row = SEED_ROWS[index] as ValidRow;
      const line = planLineOffline(row, { api: 'v1.0', invite: true });
      expect(line).toEqual({
        row: `${FILE}:${example.line}`,
        key: row.key,
        outcome: 'would-send',
        method: 'POST',
        path: '/identityGovernance/entitlementManagement/assignmentRequests',
        body: example.body,
      });
      expect(JSON.stringify(line.outcome === 'would-send' ? line.body : undefined)).toBe(JSON.stringify(example.body));
    });
  }

  it('plans the same bodies for --api beta', () => {
    for (const [index, example] of fixture.examples.entries()) {
      const line = planLineOffline(SEED_ROWS[index] as ValidRow, { api: 'beta', invite: true });
      expect(line.outcome === 'would-send' ? JSON.stringify(line.body) : line).toBe(JSON.stringify(example.body));
    }
  });

  it('needs --invite for example 6, whose user is not in the directory', () => {
    const line = planLineOffline(SEED_ROWS[5] as ValidRow, { api: 'v1.0', invite: false });
    expect(line).toEqual({
      row: `${FILE}:7`,
      key: 'user@contoso.com|a914b616-e04e-476b-aa37-91038f0b165b|add',
      outcome: 'needs-lookup',
      reason: 'user "user@contoso.com" is a UPN or email; resolving it needs Graph (run plan without --offline)',
    });
  });
});
