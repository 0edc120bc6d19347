import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RESULTS_COLUMNS } from '../../../src/report/results-csv.js';
import { writeReport } from '../../../src/report/write-report.js';
import type { Store } from '../../../src/store/open-store.js';
import { row, useReportStore } from './report-fixtures.js';

const setup = useReportStore();

/** A small finished run with one row of each interesting kind. */
function finishedRun(store: Store, advance: (ms: number) => void): string {
  const runId = store.createRun({ id: '20261128-100000-abcd', options: {}, apiVersion: 'v1.0', graphUrl: 'https://graph.microsoft.com' }).id;
  store.addInputs(runId, [{ file: 'in.csv', absolutePath: '/data/in.csv', sha256: 'f00d', sizeBytes: 99 }]);
  store.insertRows(runId, [
    { kind: 'valid', row: row(2, 'zoë@contoso.com', 'Ventes, "Europe"') },
    { kind: 'valid', row: row(3, '<script>alert(1)</script>@contoso.com') },
    {
      kind: 'invalid',
      ref: { file: 'in.csv', line: 4 },
      cells: { action: 'add', user: '=HYPERLINK("http://evil")', accessPackage: 'Sales' },
      problems: [{ file: 'in.csv', line: 4, column: 'user', value: '=HYPERLINK', reason: 'looks like a spreadsheet formula' }],
    },
    { kind: 'valid', row: row(5, 'bob@contoso.com', 'Sales', { user: { kind: 'id', id: '11111111-1111-1111-1111-111111111111' } }) },
    { kind: 'valid', row: row(6, 'carol@contoso.com'), skip: 'duplicate' },
  ]);
  store.setInputRowCount(runId, 0, 5);
  store.setRunStatus(runId, 'running');
  const [zoe, script, bob] = store.nextPendingRows(runId, 0, 10).map((r) => r.id) as [number, number, number];

  store.recordPlan(zoe, { userId: 'u-zoe', accessPackageId: 'p-1', policyId: 'pol-1', body: {} });
  store.markInFlight([zoe]);
  advance(2000);
  store.addEvent(runId, { kind: 'throttled', detail: { status: 429, pauseMs: 1500 } });
  store.recordResult(zoe, {
    outcome: 'submitted', requestId: 'req-1', requestState: 'submitted', httpStatus: 201, attempts: 2,
    graphRequestId: 'g-1', submittedAt: '2026-11-28T10:00:02.000Z',
  });
  store.markInFlight([script]);
  advance(1000);
  store.recordResult(script, {
    outcome: 'failed', httpStatus: 400, errorCode: 'InvalidRequest', errorMessage: 'Line one,\n"two" <b>', attempts: 1, graphRequestId: 'g-2',
  });
  store.recordResult(bob, { outcome: 'skipped', reason: 'already-assigned' });
  advance(1000);
  store.setRunStatus(runId, 'finished', { exitCode: 1 });
  return runId;
}

/** Splits CSV text into records of cells (quoted cells may hold CRLF, commas and doubled quotes). */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') { cell += '"'; i++; }
      else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') { record.push(cell); cell = ''; }
    else if (char === '\r' && text[i + 1] === '\n') { record.push(cell); records.push(record); record = []; cell = ''; i++; }
    else cell += char;
  }
  if (cell !== '' || record.length > 0) throw new Error(`CSV does not end with CRLF: ${JSON.stringify(cell)}`);
  return records;
}

describe('writeReport', () => {
  it('writes the three files owner-only in an owner-only RUN_ID directory', async () => {
    const { store, reportDir, clock } = setup();
    const runId = finishedRun(store, clock.advance);
    const written = await writeReport(store, runId, reportDir);
    expect(written.dir).toBe(join(reportDir, runId));
    expect(written.files).toEqual({
      csv: join(reportDir, runId, 'results.csv'),
      json: join(reportDir, runId, 'summary.json'),
      html: join(reportDir, runId, 'report.html'),
    });
    expect(statSync(written.dir).mode & 0o777).toBe(0o700);
    for (const path of Object.values(written.files)) expect(statSync(path).mode & 0o777, path).toBe(0o600);
    expect(existsSync(`${written.files.csv}.partial`)).toBe(false);

    const again = await writeReport(store, runId, reportDir, ['json']);
    expect(Object.keys(again.files)).toEqual(['json']);
  });

  it('writes results.csv with BOM, CRLF, one record per row in input order, escaped cell by cell', async () => {
    const { store, reportDir, clock } = setup();
    const runId = finishedRun(store, clock.advance);
    const { files } = await writeReport(store, runId, reportDir, ['csv']);
    const bytes = readFileSync(files.csv as string);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8').slice(1);
    expect(text.split('\r\n')[0]).toBe(RESULTS_COLUMNS.join(','));

    const [header, ...records] = parseCsv(text);
    expect(header).toEqual([...RESULTS_COLUMNS]);
    const byColumn = records.map((cells) => Object.fromEntries(RESULTS_COLUMNS.map((column, i) => [column, cells[i]])));
    expect(byColumn).toEqual([
      {
        row: 'in.csv:2', action: 'add', requestType: 'adminAdd', user: 'zoë@contoso.com', userId: 'u-zoe',
        accessPackage: 'Ventes, "Europe"', accessPackageId: 'p-1', policy: '', policyId: 'pol-1', outcome: 'submitted',
        reason: '', requestId: 'req-1', state: 'submitted', httpStatus: '201', errorCode: '', errorMessage: '', attempts: '2',
        graphRequestId: 'g-1', submittedAt: '2026-11-28T10:00:02.000Z', finishedAt: '2026-11-28T10:00:02.000Z',
      },
      {
        row: 'in.csv:3', action: 'add', requestType: 'adminAdd', user: '<script>alert(1)</script>@contoso.com', userId: '',
        accessPackage: 'Sales', accessPackageId: '', policy: '', policyId: '', outcome: 'failed', reason: '', requestId: '',
        state: '', httpStatus: '400', errorCode: 'InvalidRequest', errorMessage: 'Line one,\n"two" <b>', attempts: '1',
        graphRequestId: 'g-2', submittedAt: '', finishedAt: '2026-11-28T10:00:03.000Z',
      },
      {
        row: 'in.csv:4', action: 'add', requestType: '', user: `'=HYPERLINK("http://evil")`, userId: '', accessPackage: 'Sales',
        accessPackageId: '', policy: '', policyId: '', outcome: 'invalid', reason: 'user: looks like a spreadsheet formula',
        requestId: '', state: '', httpStatus: '', errorCode: '', errorMessage: '', attempts: '0', graphRequestId: '',
        submittedAt: '', finishedAt: '2026-11-28T10:00:00.000Z',
      },
      {
        row: 'in.csv:5', action: 'add', requestType: 'adminAdd', user: 'bob@contoso.com', userId: '11111111-1111-1111-1111-111111111111',
        accessPackage: 'Sales', accessPackageId: '', policy: '', policyId: '', outcome: 'skipped', reason: 'already-assigned',
        requestId: '', state: '', httpStatus: '', errorCode: '', errorMessage: '', attempts: '0', graphRequestId: '',
        submittedAt: '', finishedAt: '2026-11-28T10:00:03.000Z',
      },
      {
        row: 'in.csv:6', action: 'add', requestType: 'adminAdd', user: 'carol@contoso.com', userId: '', accessPackage: 'Sales',
        accessPackageId: '', policy: '', policyId: '', outcome: 'skipped', reason: 'duplicate', requestId: '', state: '',
        httpStatus: '', errorCode: '', errorMessage: '', attempts: '0', graphRequestId: '', submittedAt: '',
        finishedAt: '2026-11-28T10:00:00.000Z',
      },
    ]);
    expect(text).toContain('"Line one,\n""two"" <b>"');
  });

  it('writes summary.json with every outcome, skip reasons, timings and throttling', async () => {
    const { store, reportDir, clock } = setup();
    const runId = finishedRun(store, clock.advance);
    const { files, summary } = await writeReport(store, runId, reportDir, ['json']);
    const json: unknown = JSON.parse(readFileSync(files.json as string, 'utf8'));
    expect(json).toEqual(summary);
    expect(json).toEqual({
      runId,
      status: 'finished',
      apiVersion: 'v1.0',
      inputs: [{ file: 'in.csv', sha256: 'f00d', rows: 5 }],
      rows: 5,
      outcomes: {
        submitted: 1, delivered: 0, 'pending-approval': 0, denied: 0, 'delivery-failed': 0, 'partially-delivered': 0,
        canceled: 0, scheduled: 0, 'timed-out': 0, skipped: 2, invalid: 1, 'not-found': 0, failed: 1, 'gave-up': 0,
      },
      skipped: { 'already-assigned': 1, 'not-assigned': 0, 'open-request': 0, duplicate: 1 },
      unfinished: 0,
      waiting: 0,
      startedAt: '2026-11-28T10:00:00.000Z',
      finishedAt: '2026-11-28T10:00:04.000Z',
      durationSeconds: 4,
      rowsPerSecond: 1.25,
      requestsSent: 3,
      retries: 1,
      throttling: { responses: 1, byStatus: { '429': 1 }, pauseSeconds: 1.5, rateChanges: 0 },
      exitCode: 1,
    });
  });

  it('writes a self-contained report.html with escaped text and the failures table', async () => {
    const { store, reportDir, clock } = setup();
    const runId = finishedRun(store, clock.advance);
    const { files } = await writeReport(store, runId, reportDir, ['html']);
    const html = readFileSync(files.html as string, 'utf8');

    expect(html).not.toContain('<script>');
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;@contoso.com');
    expect(html).not.toMatch(/(src|href)\s*=\s*["']?\s*(https?:)?\/\//i);
    expect(html).not.toMatch(/url\(|@import|<link|<iframe|<img/i);
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'"`);
    expect(html.match(/<svg /g)).toHaveLength(3); // outcomes, throughput, throttling

    const failureRows = [...html.matchAll(/<tr><td>(.*?)<\/tr>/gs)].map((match) =>
      [...`<td>${match[1]}`.matchAll(/<td[^>]*>(.*?)<\/td>/gs)].map((cell) => cell[1]),
    );
    expect(failureRows).toEqual([
      ['in.csv:3', '&lt;script&gt;alert(1)&lt;/script&gt;@contoso.com', 'Sales', 'failed', '', '400', 'InvalidRequest', 'Line one,\n&quot;two&quot; &lt;b&gt;', '', 'g-2'],
      ['in.csv:4', '=HYPERLINK(&quot;http://evil&quot;)', 'Sales', 'invalid', 'user: looks like a spreadsheet formula', '', '', '', '', ''],
    ]);
    expect(html).toContain('<b>5</b><span>rows</span>');
    expect(html).toContain('<b>3</b><span>submitted, delivered or skipped</span>');
    expect(html).toContain('<b>2</b><span>did not succeed</span>');
  });

  it('caps the failures table and says where the rest are', async () => {
    const { store, reportDir, clock } = setup();
    const runId = finishedRun(store, clock.advance);
    const { files } = await writeReport(store, runId, reportDir, ['html'], { maxFailureRows: 1 });
    const html = readFileSync(files.html as string, 'utf8');
    expect(html.match(/<tr><td>/g)).toHaveLength(1);
    expect(html).toContain('<p>1 more rows are in results.csv.</p>');
  });

  it('reports an unfinished run: rows left count as not finished and the exit code says resumable', async () => {
    const { store, reportDir } = setup();
    const runId = store.createRun({ id: 'r-open', options: {}, apiVersion: 'beta', graphUrl: 'https://graph.microsoft.com' }).id;
    store.insertRows(runId, [{ kind: 'valid', row: row(2, 'a@contoso.com') }, { kind: 'valid', row: row(3, 'b@contoso.com') }]);
    const [a] = store.nextPendingRows(runId, 0, 1);
    store.markInFlight([a?.id ?? -1]);
    const { files, summary } = await writeReport(store, runId, reportDir);
    expect(summary).toMatchObject({ rows: 2, unfinished: 2, waiting: 0, exitCode: 4, finishedAt: null });
    const html = readFileSync(files.html as string, 'utf8');
    expect(html).toContain('<td>not finished (in-flight)</td>');
    expect(html).toContain('<td>not finished (pending)</td>');
    const csv = readFileSync(files.csv as string, 'utf8');
    expect(csv.split('\r\n')).toHaveLength(4); // header, 2 rows, final empty
  });

  it('counts rows still waiting (--wait) as submitted, not as failures, and says the run is resumable', async () => {
    const { store, reportDir } = setup();
    const runId = store.createRun({ id: 'r-wait', options: {}, apiVersion: 'v1.0', graphUrl: 'https://graph.microsoft.com' }).id;
    store.insertRows(runId, [1, 2, 3].map((n) => ({ kind: 'valid' as const, row: row(n + 1, `u${n}@contoso.com`) })));
    const [a, b, c] = store.nextPendingRows(runId, 0, 3).map((r) => r.id) as [number, number, number];
    store.recordResult(a, { outcome: 'submitted', requestId: 'req-a', attempts: 1, wait: true });
    store.recordResult(b, { outcome: 'submitted', requestId: 'req-b', attempts: 1, wait: true });
    store.recordWaitResult(b, { outcome: 'delivered', requestState: 'delivered' });
    store.recordResult(c, { outcome: 'failed', httpStatus: 403, attempts: 1 });
    const { files, summary } = await writeReport(store, runId, reportDir, ['html']);
    expect(summary).toMatchObject({ rows: 3, unfinished: 0, waiting: 1, exitCode: 4 });
    expect(summary.outcomes).toMatchObject({ submitted: 1, delivered: 1, failed: 1 });
    const html = readFileSync(files.html as string, 'utf8');
    expect(html).toContain('<b>2</b><span>submitted, delivered or skipped</span>');
    expect(html).toContain('<b>1</b><span>did not succeed</span>');
    expect(html).toContain('<b>1</b><span>submitted, final state not known yet</span>');
    expect(html.match(/<tr><td>/g)).toHaveLength(1);
  });
});
