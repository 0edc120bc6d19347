import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { jsonLines, makeTempDir, projectRoot, runCli } from './support/run-cli.js';

/**
 * `apbatch validate` and `apbatch plan --offline` run as a user would, on the samples and on files written
 * here in every CSV dialect of SPEC section 2: stdout, stderr and the exit code are asserted exactly.
 */

const PATH = '/identityGovernance/entitlementManagement/assignmentRequests';
const USER = '11111111-1111-4111-8111-111111111111';
const PACKAGE = '22222222-2222-4222-8222-222222222222';
const POLICY = '33333333-3333-4333-8333-333333333333';
const ASSIGNMENT = '44444444-4444-4444-8444-444444444444';

/** "now is <instant>" is the one part of a message that depends on the clock; tests check it apart. */
const NOW_IN_MESSAGE = /now is (\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)/g;

function withoutNow(text: string, startedAt: number, endedAt: number): string {
  return text.replace(NOW_IN_MESSAGE, (_match, instant: string) => {
    const at = Date.parse(instant);
    expect(at).toBeGreaterThanOrEqual(startedAt - 1);
    expect(at).toBeLessThanOrEqual(endedAt + 1);
    return 'now is <NOW>';
  });
}

async function runTimed(args: string[], options: { cwd?: string } = {}) {
  const startedAt = Date.now();
  const result = await runCli(args, options);
  const endedAt = Date.now();
  return { ...result, stdout: withoutNow(result.stdout, startedAt, endedAt), stderr: withoutNow(result.stderr, startedAt, endedAt) };
}

const MISTAKES_PROBLEMS = [
  'samples/mistakes.csv:2: column action, value "delete": unknown action: expected add, remove or update',
  'samples/mistakes.csv:3: column user: add needs a user (object id, UPN or email)',
  'samples/mistakes.csv:4: column user, value "user@": not a valid UPN or email: expected name@domain.tld',
  'samples/mistakes.csv:5: column assignmentId, value "f0000000-0000-4000-8000-0000000000zz": expected the assignment id, a GUID such as 00000000-0000-0000-0000-000000000000',
  'samples/mistakes.csv:6: column expiration, value "2027-02-30": not a real date (February 2027 has 28 days)',
  'samples/mistakes.csv:7: column expiration, value "2024-01-31": is in the past (2024-01-31T23:59:59Z; now is <NOW>): expected a future date',
  'samples/mistakes.csv:8: column start, value "2030-06-01": 2030-06-01T00:00:00Z is not before the expiration 2030-03-01T23:59:59Z: expected a start before the expiration',
  'samples/mistakes.csv:9: column answers, value "Business reason: new starter": not valid JSON (Unexpected token \'B\', "Business r"... is not valid JSON): expected a JSON array of {"questionId":"<GUID>","value":"...","displayValue":"...","type":"text"|"choice"} or of Graph accessPackageAnswerString objects',
  'samples/mistakes.csv:10: column answers, value "[{\\"question\\":\\"Business reason\\",\\"answer\\":\\"New starter\\"}]": answer 1 has unknown member "question", "answer": expected questionId, value, displayValue, type',
  'samples/mistakes.csv:10: column answers, value "[{\\"question\\":\\"Business reason\\",\\"answer\\":\\"New starter\\"}]": answer 1 questionId is missing: expected a GUID',
  'samples/mistakes.csv:10: column answers, value "[{\\"question\\":\\"Business reason\\",\\"answer\\":\\"New starter\\"}]": answer 1 value is missing: expected a string',
  'samples/mistakes.csv:11: column accessPackage, value "=HYPERLINK(\\"https://evil.example/\\",\\"Sales Tools\\")": begins with =, which a spreadsheet runs as a formula: remove it or write the value another way',
  'samples/mistakes.csv:13: duplicate of samples/mistakes.csv:12 (same user, accessPackage and action)',
  'samples/mistakes.csv:14: column expiration, value "2030-06-30T17:00:00": has no time zone: add Z (UTC) or an offset such as +02:00',
  'samples/mistakes.csv:15: column expiration, value "2030-06-30": remove takes no expiration: leave the cell empty',
];

describe('validate on the samples', () => {
  it('lists every problem of samples/mistakes.csv and nothing else, sums up on stderr and exits 1', async () => {
    // What the shell makes of `samples/*.csv`.
    const files = readdirSync(join(projectRoot, 'samples'))
      .filter((name) => name.endsWith('.csv'))
      .sort()
      .map((name) => `samples/${name}`);
    expect(files).toEqual(['samples/cleanup.csv', 'samples/migration.csv', 'samples/mistakes.csv', 'samples/seed-examples.csv']);

    const result = await runTimed(['validate', ...files]);

    expect(result.stdout).toBe(MISTAKES_PROBLEMS.map((line) => `${line}\n`).join(''));
    expect(result.stderr).toBe('Checked 4 files, 63 rows: 50 valid, 12 invalid, 1 duplicate.\n');
    expect(result.code).toBe(1);
  });

  it('finds no problem in the migration, clean-up and seed samples and exits 0', async () => {
    const result = await runCli(['validate', 'samples/migration.csv', 'samples/cleanup.csv', 'samples/seed-examples.csv']);

    expect(result.stdout).toBe('');
    expect(result.stderr).toBe('Checked 3 files, 49 rows: 49 valid, 0 invalid, 0 duplicates.\n');
    expect(result.code).toBe(0);
  });

  it('--json prints each problem as one JSON object with file, line, column, value and reason', async () => {
    const result = await runTimed(['validate', '--json', 'samples/mistakes.csv']);

    expect(result.code).toBe(1);
    expect(result.stderr).toBe('Checked 1 file, 14 rows: 1 valid, 12 invalid, 1 duplicate.\n');
    const problems = jsonLines(result.stdout) as Record<string, unknown>[];
    expect(problems).toHaveLength(MISTAKES_PROBLEMS.length);
    for (const problem of problems) expect(Object.keys(problem)).toEqual(['file', 'line', 'column', 'value', 'reason']);
    expect(problems.map((p) => [p.file, p.line, p.column])).toEqual([
      ['samples/mistakes.csv', 2, 'action'],
      ['samples/mistakes.csv', 3, 'user'],
      ['samples/mistakes.csv', 4, 'user'],
      ['samples/mistakes.csv', 5, 'assignmentId'],
      ['samples/mistakes.csv', 6, 'expiration'],
      ['samples/mistakes.csv', 7, 'expiration'],
      ['samples/mistakes.csv', 8, 'start'],
      ['samples/mistakes.csv', 9, 'answers'],
      ['samples/mistakes.csv', 10, 'answers'],
      ['samples/mistakes.csv', 10, 'answers'],
      ['samples/mistakes.csv', 10, 'answers'],
      ['samples/mistakes.csv', 11, 'accessPackage'],
      ['samples/mistakes.csv', 13, null],
      ['samples/mistakes.csv', 14, 'expiration'],
      ['samples/mistakes.csv', 15, 'expiration'],
    ]);
    expect(problems[1]).toEqual({ file: 'samples/mistakes.csv', line: 3, column: 'user', value: null, reason: 'add needs a user (object id, UPN or email)' });
    expect(problems[9]!.value).toBe('[{"question":"Business reason","answer":"New starter"}]');
    expect(problems[12]).toEqual({
      file: 'samples/mistakes.csv',
      line: 13,
      column: null,
      value: null,
      reason: 'duplicate of samples/mistakes.csv:12 (same user, accessPackage and action)',
    });
    expect(problems[6]).toEqual({
      file: 'samples/mistakes.csv',
      line: 8,
      column: 'start',
      value: '2030-06-01',
      reason: '2030-06-01T00:00:00Z is not before the expiration 2030-03-01T23:59:59Z: expected a start before the expiration',
    });
  });
});

describe('plan --offline on the samples', () => {
  it('marks every row of the migration sample needs-lookup, naming what needs Graph, and exits 0', async () => {
    const records = parse(readFileSync(join(projectRoot, 'samples/migration.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
    expect(records).toHaveLength(31);
    expect(records.filter((record) => record.catalog !== '')).toHaveLength(9);

    const result = await runCli(['plan', '--offline', 'samples/migration.csv']);

    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(jsonLines(result.stdout)).toEqual(
      records.map((record, index) => {
        // The catalog tells apart the two packages called Project X, in the key and in the reason.
        const inCatalog = record.catalog ? ` in catalog "${record.catalog}"` : '';
        const packageKey = record.catalog ? `${record.catalog}/${record.accessPackage}` : record.accessPackage;
        return {
          row: `samples/migration.csv:${index + 2}`,
          key: `${record.user}|${packageKey}|add`.toLowerCase(),
          outcome: 'needs-lookup',
          reason:
            `user "${record.user}" is a UPN or email; access package "${record.accessPackage}"${inCatalog} is a display name; ` +
            `policy "${record.policy}" is a display name; resolving them needs Graph (run plan without --offline)`,
        };
      }),
    );
  });
});

/** One logical file, written in each dialect: the same rows must come out whatever the bytes. */
const MIXED_ROWS: string[][] = [
  ['action', 'user', 'accessPackage', 'policy', 'expiration', 'justification', 'assignmentId'],
  ['add', USER, PACKAGE, POLICY, 'P90D', 'Wave 1, "pilot"', ''],
  ['remove', '', '', '', '', '', ASSIGNMENT],
  ['add', 'not a user', PACKAGE, POLICY, '2027-02-30', '', ''],
  [],
  ['add', USER, PACKAGE, POLICY, 'never', 'second\nrequest', ''],
  ['update', '', '', '', '2030-01-31', '', ASSIGNMENT],
  ['add', 'someone@contoso.com', 'Sales Tools', 'Direct assignment', '', '', ''],
];

interface Dialect {
  name: string;
  delimiter: string;
  eol: string;
  bom: boolean;
}

const DIALECTS: Dialect[] = [
  { name: 'comma, LF, no BOM', delimiter: ',', eol: '\n', bom: false },
  { name: 'semicolon, CRLF, BOM (Excel in Europe)', delimiter: ';', eol: '\r\n', bom: true },
  { name: 'tab, CRLF, no BOM', delimiter: '\t', eol: '\r\n', bom: false },
  { name: 'tab, LF, BOM', delimiter: '\t', eol: '\n', bom: true },
];

function writeCsv(path: string, rows: string[][], dialect: Dialect): void {
  const quote = (field: string): string =>
    /["\r\n]/.test(field) || field.includes(dialect.delimiter) || field.includes(',') ? `"${field.replaceAll('"', '""')}"` : field;
  const text = rows.map((fields) => fields.map((field) => quote(field).replaceAll('\n', dialect.eol)).join(dialect.delimiter)).join(dialect.eol);
  writeFileSync(path, `${dialect.bom ? '\uFEFF' : ''}${text}${dialect.eol}`);
}

/** What plan --offline prints for MIXED_ROWS written to `file`. */
function mixedPlanLines(file: string): unknown[] {
  const addKey = `${USER}|${PACKAGE}|add`;
  return [
    {
      row: `${file}:2`,
      key: addKey,
      outcome: 'would-send',
      method: 'POST',
      path: PATH,
      body: {
        requestType: 'adminAdd',
        assignment: { targetId: USER, assignmentPolicyId: POLICY, accessPackageId: PACKAGE },
        schedule: { expiration: { type: 'afterDuration', duration: 'P90D' } },
        justification: 'Wave 1, "pilot"',
      },
    },
    {
      row: `${file}:3`,
      key: `${ASSIGNMENT}||remove`,
      outcome: 'would-send',
      method: 'POST',
      path: PATH,
      body: { requestType: 'adminRemove', assignment: { id: ASSIGNMENT } },
    },
    {
      row: `${file}:4`,
      key: `not a user|${PACKAGE}|add`,
      outcome: 'invalid',
      reason:
        'column user: expected an object id (GUID such as 00000000-0000-0000-0000-000000000000), a UPN or an email (name@domain.tld); ' +
        'column expiration: not a real date (February 2027 has 28 days)',
    },
    // Line 5 is blank; the row on line 6 holds a line break in a quoted field, so the next row starts on line 8.
    {
      row: `${file}:6`,
      key: addKey,
      outcome: 'skipped',
      reason: `duplicate of ${file}:2 (same user, accessPackage and action)`,
    },
    {
      row: `${file}:8`,
      key: `${ASSIGNMENT}||update`,
      outcome: 'would-send',
      method: 'POST',
      path: PATH,
      body: { requestType: 'adminUpdate', assignment: { id: ASSIGNMENT }, schedule: { expiration: { type: 'afterDateTime', endDateTime: '2030-01-31T23:59:59Z' } } },
    },
    {
      row: `${file}:9`,
      key: 'someone@contoso.com|sales tools|add',
      outcome: 'needs-lookup',
      reason: 'user "someone@contoso.com" is a UPN or email; access package "Sales Tools" is a display name; policy "Direct assignment" is a display name; resolving them needs Graph (run plan without --offline)',
    },
  ];
}

describe('CSV dialects through the CLI', () => {
  let temp: ReturnType<typeof makeTempDir>;
  beforeEach(() => {
    temp = makeTempDir();
  });
  afterEach(() => temp.cleanup());

  it.each(DIALECTS)('plan --offline reads $name: invalid rows, duplicates and lookups in input order, exit 1', async (dialect) => {
    writeCsv(join(temp.dir, 'mixed.csv'), MIXED_ROWS, dialect);

    const result = await runCli(['plan', '--offline', 'mixed.csv'], { cwd: temp.dir });

    expect(result.stderr).toBe('');
    expect(jsonLines(result.stdout)).toEqual(mixedPlanLines('mixed.csv'));
    // Key order is part of the contract: row, key, outcome, then method, path, body or reason.
    expect(result.stdout.split('\n')[0]).toBe(JSON.stringify(mixedPlanLines('mixed.csv')[0]));
    expect(result.code).toBe(1);
  });

  it.each(DIALECTS)('validate reads $name and reports the same problems on the same lines', async (dialect) => {
    writeCsv(join(temp.dir, 'mixed.csv'), MIXED_ROWS, dialect);

    const result = await runCli(['validate', 'mixed.csv'], { cwd: temp.dir });

    expect(result.stdout).toBe(
      [
        'mixed.csv:4: column user, value "not a user": expected an object id (GUID such as 00000000-0000-0000-0000-000000000000), a UPN or an email (name@domain.tld)',
        'mixed.csv:4: column expiration, value "2027-02-30": not a real date (February 2027 has 28 days)',
        'mixed.csv:6: duplicate of mixed.csv:2 (same user, accessPackage and action)',
        '',
      ].join('\n'),
    );
    expect(result.stderr).toBe('Checked 1 file, 6 rows: 4 valid, 1 invalid, 1 duplicate.\n');
    expect(result.code).toBe(1);
  });

  it('reads several files in the order given, finding duplicates across them', async () => {
    writeCsv(join(temp.dir, 'first.csv'), MIXED_ROWS, DIALECTS[0]!);
    writeCsv(join(temp.dir, 'again.csv'), MIXED_ROWS, DIALECTS[1]!);

    const result = await runCli(['plan', '--offline', 'first.csv', 'again.csv'], { cwd: temp.dir });

    expect(result.stderr).toBe('');
    const dup = (line: number, key: string, of: number) => ({
      row: `again.csv:${line}`,
      key,
      outcome: 'skipped',
      reason: `duplicate of first.csv:${of} (same user, accessPackage and action)`,
    });
    expect(jsonLines(result.stdout)).toEqual([
      ...mixedPlanLines('first.csv'),
      dup(2, `${USER}|${PACKAGE}|add`, 2),
      dup(3, `${ASSIGNMENT}||remove`, 3),
      mixedPlanLines('again.csv')[2],
      dup(6, `${USER}|${PACKAGE}|add`, 2),
      dup(8, `${ASSIGNMENT}||update`, 8),
      dup(9, 'someone@contoso.com|sales tools|add', 9),
    ]);
    expect(result.code).toBe(1);

    const validation = await runCli(['validate', 'first.csv', 'again.csv'], { cwd: temp.dir });
    expect(validation.stderr).toBe('Checked 2 files, 12 rows: 4 valid, 2 invalid, 6 duplicates.\n');
    expect(validation.code).toBe(1);
  });

  it('plans sample files given together one after the other, rows in file order', async () => {
    const result = await runCli(['plan', '--offline', '--invite', 'samples/seed-examples.csv', 'samples/cleanup.csv']);

    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const rows = (jsonLines(result.stdout) as { row: string; outcome: string }[]).map((line) => `${line.row} ${line.outcome}`);
    expect(rows).toEqual([
      ...[2, 3, 4, 5, 6, 7, 8, 9].map((line) => `samples/seed-examples.csv:${line} would-send`),
      ...[2, 3, 4].map((line) => `samples/cleanup.csv:${line} would-send`),
      ...[5, 6, 7, 8, 9, 10, 11].map((line) => `samples/cleanup.csv:${line} needs-lookup`),
    ]);
  });
});

describe('keys of rows naming a catalog', () => {
  let temp: ReturnType<typeof makeTempDir>;
  beforeEach(() => {
    temp = makeTempDir();
  });
  afterEach(() => temp.cleanup());

  it('an invalid row has the key its valid twin would have: catalog/package', async () => {
    writeFileSync(
      join(temp.dir, 'catalog.csv'),
      'action,user,accessPackage,policy,catalog,expiration\n' +
        'add,user30@contoso.com,Project X,Direct assignment,Finance,\n' +
        'add,user31@contoso.com,Project X,Direct assignment,Finance,2027-02-30\n',
    );

    const result = await runCli(['plan', '--offline', 'catalog.csv'], { cwd: temp.dir });

    expect(result.code).toBe(1);
    expect((jsonLines(result.stdout) as { key: string; outcome: string }[]).map((line) => [line.key, line.outcome])).toEqual([
      ['user30@contoso.com|finance/project x|add', 'needs-lookup'],
      ['user31@contoso.com|finance/project x|add', 'invalid'],
    ]);
  });
});

describe('unknown columns', () => {
  let temp: ReturnType<typeof makeTempDir>;
  beforeEach(() => {
    temp = makeTempDir();
    writeFileSync(
      join(temp.dir, 'extra.csv'),
      `action,assignmentId,Owner Notes\nremove,${ASSIGNMENT},left in March\n`,
    );
  });
  afterEach(() => temp.cleanup());

  const refusal =
    'extra.csv:1: unknown column "Owner Notes"; known columns are action, user, accessPackage, policy, catalog, expiration, start, ' +
    'justification, answers, assignmentId, requestType (or pass --ignore-unknown-columns)';

  // SPEC section 5: a file that cannot be read as apbatch input is "bad usage or unreadable input", exit 2.
  it('validate refuses the file with one line naming the column, exit 2', async () => {
    const result = await runCli(['validate', 'extra.csv'], { cwd: temp.dir });

    expect(result.stdout).toBe(`${refusal}\n`);
    expect(result.stderr).toBe('Checked 1 file, 0 rows: 0 valid, 0 invalid, 0 duplicates. 1 file could not be read completely.\n');
    expect(result.code).toBe(2);
  });

  it('plan --offline refuses it on stderr and prints no row, exit 2', async () => {
    const result = await runCli(['plan', '--offline', 'extra.csv'], { cwd: temp.dir });

    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(`apbatch: ${refusal}\n`);
    expect(result.code).toBe(2);
  });

  it('--ignore-unknown-columns reads the file without that column', async () => {
    const validation = await runCli(['validate', '--ignore-unknown-columns', 'extra.csv'], { cwd: temp.dir });
    expect(validation.stdout).toBe('');
    expect(validation.stderr).toBe('Checked 1 file, 1 row: 1 valid, 0 invalid, 0 duplicates.\n');
    expect(validation.code).toBe(0);

    const plan = await runCli(['plan', '--offline', '--ignore-unknown-columns', 'extra.csv'], { cwd: temp.dir });
    expect(plan.stderr).toBe('');
    expect(jsonLines(plan.stdout)).toEqual([
      {
        row: 'extra.csv:2',
        key: `${ASSIGNMENT}||remove`,
        outcome: 'would-send',
        method: 'POST',
        path: PATH,
        body: { requestType: 'adminRemove', assignment: { id: ASSIGNMENT } },
      },
    ]);
    expect(plan.code).toBe(0);
  });
});
