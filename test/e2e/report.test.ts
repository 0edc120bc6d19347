import { copyFileSync, readdirSync, readFileSync, statSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { createScenario, readResults, runIdOf, type RunScenario, type StatusJson } from './support/run-scenario.js';
import { projectRoot, runCli } from './support/run-cli.js';

const HEADER =
  'row,action,requestType,user,userId,accessPackage,accessPackageId,policy,policyId,outcome,reason,requestId,state,httpStatus,errorCode,errorMessage,attempts,graphRequestId,submittedAt,finishedAt';
const COLUMNS = HEADER.split(',');

const SALES = 'b0000000-0000-4000-8000-000000000001';
const PROJECT_X_FINANCE = 'b0000000-0000-4000-8000-000000000005';
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const user = (n: number) => `a0000000-0000-4000-8000-0000000000${String(n).padStart(2, '0')}`;

/** A cell's expectation: exact text, a pattern, or the request the emulator created for that target and package. */
type Cell = string | RegExp | { requestFor: { targetId?: string; accessPackageId?: string; assignmentId?: string } };

const scenarios: RunScenario[] = [];
afterEach(async () => {
  await Promise.all(scenarios.splice(0).map((s) => s.close()));
});

async function runFixture(name: string): Promise<{ s: RunScenario; file: string; code: number | null; stdout: string; stderr: string; runId: string; startedAt: number; endedAt: number }> {
  const s = await createScenario([]);
  scenarios.push(s);
  const file = join(s.dir, name);
  copyFileSync(join(projectRoot, 'test/fixtures/e2e-run', name), file);
  const startedAt = Date.now();
  const result = await runCli(['run', file, ...s.t.connectionArgs, ...s.t.stateArgs], { env: s.t.env });
  const endedAt = Date.now();
  const runId = runIdOf(result.stdout);
  if (runId === undefined) throw new Error(`no run id printed: ${result.stderr}`);
  return { s, file, ...result, runId, startedAt, endedAt };
}

describe('the report of a run', () => {
  test('results.csv cell by cell, summary.json, report.html, file modes, no secret anywhere, report --format csv', async () => {
    const { s, file, code, runId, startedAt, endedAt } = await runFixture('mixed.csv');
    expect(code).toBe(1); // some rows not-found, invalid, failed
    const ref = (line: number) => `${file}:${line}`;
    const submitted = (line: number, action: string, requestType: string, cells: string[], requestFor: Cell): Cell[] => [
      ref(line), action, requestType, ...cells, 'submitted', '', requestFor, 'submitted', '201', '', '', '1', GUID, ISO, ISO,
    ];
    const unsent = (line: number, head: string[], outcome: string, reason: string | RegExp): Cell[] => [
      ref(line), ...head, outcome, reason, '', '', '', '', '', '0', '', '', ISO,
    ];
    // Names are the cells as read; ids what was resolved (a row settled as not-found or invalid keeps none).
    const expected: Cell[][] = [
      submitted(2, 'add', 'adminAdd', ['user16@contoso.com', user(16), 'Sales Tools', SALES, 'Direct assignment', 'd0000000-0000-4000-8000-000000000001'], { requestFor: { targetId: user(16), accessPackageId: SALES } }),
      submitted(3, 'add', 'adminAdd', ['user17@contoso.com', user(17), 'Project X', PROJECT_X_FINANCE, 'Direct assignment', 'd0000000-0000-4000-8000-000000000006'], { requestFor: { targetId: user(17), accessPackageId: PROJECT_X_FINANCE } }),
      unsent(4, ['add', 'adminAdd', 'user01@contoso.com', user(1), 'Sales Tools', SALES, 'Direct assignment', 'd0000000-0000-4000-8000-000000000001'], 'skipped', 'already-assigned'),
      unsent(5, ['remove', 'adminRemove', 'user20@contoso.com', user(20), 'Sales Tools', SALES, '', ''], 'skipped', 'not-assigned'),
      submitted(6, 'remove', 'adminRemove', ['', '', '', '', '', ''], { requestFor: { assignmentId: 'f0000000-0000-4000-8000-000000000003' } }),
      unsent(7, ['add', 'adminAdd', 'nobody@contoso.com', '', 'Sales Tools', '', 'Direct assignment', ''], 'not-found', 'user "nobody@contoso.com" is not in the directory (use --invite to invite them by email)'),
      unsent(8, ['add', 'adminAdd', 'user18@contoso.com', '', 'Café Société', '', 'Direct assignment', ''], 'not-found', 'no access package named "Café Société"'),
      unsent(9, ['add', '', `'=HYPERLINK("http://evil.example/x","click")`, '', 'Sales Tools', '', 'Direct assignment', ''], 'invalid', 'user: begins with =, which a spreadsheet runs as a formula: remove it or write the value another way'),
      unsent(10, ['delete', '', 'user19@contoso.com', '', 'Sales Tools', '', 'Direct assignment', ''], 'invalid', 'action: unknown action: expected add, remove or update'),
      unsent(11, ['add', 'adminAdd', 'user21@contoso.com', '', 'Sales Tools', '', 'Requests with approval', ''], 'invalid', 'missing answer to required question "Business reason" (e0000000-0000-4000-8000-000000000001)'),
      unsent(12, ['add', 'adminAdd', 'user16@contoso.com', '', 'Sales Tools', '', 'Direct assignment', ''], 'skipped', 'duplicate'),
      unsent(13, ['add', '', 'user22@contoso.com', '', 'Marketing Portal', '', 'Direct assignment', ''], 'invalid', /^expiration: is in the past \(2020-01-01T23:59:59Z; now is [^)]+\): expected a future date$/),
      [
        ref(14), 'add', 'adminAdd', 'user23@contoso.com', user(23), 'Sales Tools', SALES, 'd0000000-0000-4000-8000-000000000003', 'd0000000-0000-4000-8000-000000000003',
        'failed', '', '', '', '400', 'InvalidRequest',
        "The assignment policy 'd0000000-0000-4000-8000-000000000003' does not belong to access package 'b0000000-0000-4000-8000-000000000001'.",
        '1', GUID, '', ISO,
      ],
    ];

    const runDir = join(s.t.reportDir, runId);
    const csvPath = join(runDir, 'results.csv');
    const bytes = readFileSync(csvPath);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8').slice(1);
    expect(text.split('\r\n')[0]).toBe(HEADER);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(bytes.includes(Buffer.from('Café Société', 'utf8'))).toBe(true);

    const requests = s.t.emulator.state.snapshot().requests;
    const lines = readResults(csvPath);
    expect(lines.length).toBe(expected.length);
    const mismatches: string[] = [];
    lines.forEach((line, index) => {
      COLUMNS.forEach((column, c) => {
        const want = expected[index]![c]!;
        const got = line[column] ?? '<missing>';
        let ok: boolean;
        if (typeof want === 'string') ok = got === want;
        else if (want instanceof RegExp) ok = want.test(got);
        else {
          const { targetId, accessPackageId, assignmentId } = want.requestFor;
          const matching = requests.filter((r) =>
            assignmentId !== undefined ? r.assignmentId === assignmentId : r.targetId === targetId && r.accessPackageId === accessPackageId,
          );
          ok = matching.length === 1 && matching[0]!.id === got;
        }
        if (ok && want === ISO) ok = Date.parse(got) >= startedAt - 1000 && Date.parse(got) <= endedAt + 1000;
        if (!ok) mismatches.push(`${line['row']} ${column}: got ${JSON.stringify(got)}, expected ${String(typeof want === 'object' && !(want instanceof RegExp) ? JSON.stringify(want) : want)}`);
      });
    });
    expect(mismatches).toEqual([]);

    // summary.json and status count the same.
    const summary = JSON.parse(readFileSync(join(runDir, 'summary.json'), 'utf8')) as { outcomes: Record<string, number>; skipped: Record<string, number>; rows: number; exitCode: number };
    const status = (await s.status(runId)) as StatusJson;
    expect(summary.outcomes).toEqual(status.outcomes);
    expect(summary.skipped).toEqual(status.skipped);
    expect(summary.rows).toBe(13);
    expect(summary.exitCode).toBe(1);
    expect(status.outcomes).toMatchObject({ submitted: 3, skipped: 3, invalid: 4, 'not-found': 2, failed: 1 });

    // report.html: self-contained, and it lists every row that did not succeed.
    const html = readFileSync(join(runDir, 'report.html'), 'utf8');
    expect(html).not.toMatch(/\b(src|href|action|srcset)\s*=\s*["']?\s*(https?:)?\/\//i);
    expect(html).not.toMatch(/url\(\s*["']?\s*(https?:)?\/\//i);
    expect(html).not.toMatch(/@import/i);
    expect(html).toContain("default-src 'none'");
    expect(html).toContain('Rows that did not succeed (7)');
    for (const line of [7, 8, 9, 10, 11, 13, 14]) expect(html).toContain(`<td>${ref(line)}</td>`);
    for (const line of [2, 3, 4, 5, 6, 12]) expect(html).not.toContain(`<td>${ref(line)}</td>`);
    expect(html).not.toContain('"click")'); // the formula cell is HTML-escaped

    // Files holding user data: owner only.
    const privateFiles = [s.t.dbPath, s.t.logFile, ...readdirSync(runDir).map((name) => join(runDir, name))];
    expect(privateFiles.map((path) => [path, (statSync(path).mode & 0o777).toString(8)])).toEqual(privateFiles.map((path) => [path, '600']));

    // No secret, token or Authorization header in the log, the database (and its WAL) or the reports.
    const stores = [s.t.logFile, ...readdirSync(s.dir).filter((name) => name.startsWith('state.db')).map((name) => join(s.dir, name)), ...readdirSync(runDir).map((name) => join(runDir, name))];
    expect(readFileSync(s.t.logFile, 'utf8')).toContain(runId); // the log is there and has content
    for (const path of stores) {
      const content = readFileSync(path);
      for (const secret of [s.t.secret, 'Bearer ', 'eyJ', 'client_secret', 'client_assertion']) {
        expect(content.includes(Buffer.from(secret)), `${secret} in ${path}`).toBe(false);
      }
    }

    // `report --format csv` writes results.csv again and leaves the other files alone.
    const long = new Date('2001-01-01T00:00:00Z');
    for (const name of ['summary.json', 'report.html']) utimesSync(join(runDir, name), long, long);
    utimesSync(csvPath, long, long);
    const before = Object.fromEntries(['summary.json', 'report.html'].map((name) => [name, readFileSync(join(runDir, name))]));
    const rewritten = await runCli(['report', runId, '--format', 'csv', ...s.t.stateArgs]);
    expect(rewritten.code).toBe(0);
    expect(statSync(csvPath).mtimeMs).toBeGreaterThan(long.getTime());
    expect(readFileSync(csvPath).equals(bytes)).toBe(true);
    for (const name of ['summary.json', 'report.html']) {
      expect(statSync(join(runDir, name)).mtimeMs).toBe(long.getTime());
      expect(readFileSync(join(runDir, name)).equals(before[name]!)).toBe(true);
    }
  }, 60_000);

  test('exit code 0 when every row is submitted or skipped', async () => {
    const { s, code, runId } = await runFixture('clean.csv');
    expect(code).toBe(0);
    const lines = s.results(runId);
    expect(lines.map((line) => [line['outcome'], line['reason']])).toEqual([
      ['submitted', ''],
      ['submitted', ''],
      ['skipped', 'already-assigned'],
      ['skipped', 'not-assigned'],
    ]);
  }, 60_000);
});
