import { formatRowRef, ROW_OUTCOMES, SUCCESSFUL_OUTCOMES } from '../core/domain.js';
import type { Store } from '../store/open-store.js';
import type { StoredRow } from '../store/store-types.js';
import { formatDuration } from './format-duration.js';
import { escapeHtml } from './html-escape.js';
import { OUTCOME_COLORS } from './outcome-colors.js';
import type { RunSummary } from './run-summary.js';
import { barChartSvg, timeBarsSvg, type Bar } from './svg-charts.js';
import { chooseBucketSeconds, countPerBucket } from './time-buckets.js';

export interface ReportHtmlOptions {
  /** Rows shown in the failures table; the rest are in results.csv. @default 10000 */
  maxFailureRows?: number;
}

// The page may load nothing: the policy makes any browser refuse a network fetch even if one slipped in.
const HEAD = `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">`;

const STYLE = `<style>
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:24px;color:#212121;max-width:1200px}
h1{font-size:22px;margin:0 0 4px} h2{font-size:18px;margin:28px 0 8px} .sub{color:#616161;margin:0 0 16px}
.totals{display:flex;flex-wrap:wrap;gap:12px}
.total{border:1px solid #e0e0e0;border-radius:6px;padding:10px 16px;min-width:120px}
.total b{display:block;font-size:32px;line-height:1.1} .total span{color:#616161}
.ok b{color:#2e7d32} .bad b{color:#b71c1c} .open b{color:#ef6c00}
svg{max-width:100%;height:auto;font-size:12px} svg text{fill:#424242}
table{border-collapse:collapse;font-size:13px;width:100%} th,td{border:1px solid #e0e0e0;padding:4px 6px;text-align:left;vertical-align:top}
th{background:#f5f5f5;position:sticky;top:0} td.msg{max-width:420px;overflow-wrap:anywhere}
</style>`;

/** report.html as chunks of text: totals, charts, then the failures table streamed from the store. */
export function* reportHtmlChunks(store: Store, summary: RunSummary, options: ReportHtmlOptions = {}): Generator<string> {
  const maxFailureRows = options.maxFailureRows ?? 10_000;
  const succeeded = [...SUCCESSFUL_OUTCOMES].reduce((sum, outcome) => sum + summary.outcomes[outcome], 0);
  const notSucceeded = summary.rows - succeeded - summary.unfinished;

  yield `${HEAD}\n<title>apbatch run ${escapeHtml(summary.runId)}</title>\n${STYLE}\n</head><body>\n`;
  yield `<h1>apbatch run ${escapeHtml(summary.runId)}: ${escapeHtml(summary.status)}</h1>\n`;
  yield `<p class="sub">Started ${escapeHtml(summary.startedAt)}${summary.finishedAt ? `, finished ${escapeHtml(summary.finishedAt)}` : ''}; Graph ${escapeHtml(summary.apiVersion)}; exit code ${summary.exitCode}; inputs: ${summary.inputs.map((input) => escapeHtml(input.file)).join(', ') || 'none'}</p>\n`;
  yield '<section class="totals">\n';
  yield total(summary.rows, 'rows', '');
  yield total(succeeded, 'submitted, delivered or skipped', 'ok');
  yield total(notSucceeded, 'did not succeed', notSucceeded > 0 ? 'bad' : '');
  if (summary.unfinished > 0) yield total(summary.unfinished, 'not finished (resume)', 'open');
  if (summary.waiting > 0) yield total(summary.waiting, 'submitted, final state not known yet', 'open');
  yield total(formatDuration(summary.durationSeconds), 'duration', '');
  yield total(summary.rowsPerSecond, 'rows per second', '');
  yield total(summary.throttling.responses, `throttled, ${formatDuration(summary.throttling.pauseSeconds)} paused`, summary.throttling.responses > 0 ? 'open' : '');
  yield '</section>\n';

  yield '<h2>Outcomes</h2>\n';
  const bars: Bar[] = ROW_OUTCOMES.filter((outcome) => summary.outcomes[outcome] > 0).map((outcome) => ({
    label: outcome,
    value: summary.outcomes[outcome],
    color: OUTCOME_COLORS[outcome],
  }));
  if (summary.unfinished > 0) bars.push({ label: 'not finished', value: summary.unfinished, color: '#ffb74d' });
  yield bars.length > 0 ? `${barChartSvg(bars, 'Rows per outcome')}\n` : '<p>No rows.</p>\n';
  const skipped = Object.entries(summary.skipped).filter(([, count]) => count > 0);
  if (skipped.length > 0) {
    yield `<p>Skipped: ${skipped.map(([reason, count]) => `${escapeHtml(reason)} ${count.toLocaleString('en-US')}`).join(', ')}</p>\n`;
  }

  yield* timeCharts(store, summary);

  yield `<h2>Rows that did not succeed (${notSucceeded.toLocaleString('en-US')}${summary.unfinished > 0 ? `, and ${summary.unfinished.toLocaleString('en-US')} not finished` : ''})</h2>\n`;
  yield '<table><thead><tr><th>row</th><th>user</th><th>access package</th><th>outcome</th><th>reason</th><th>HTTP</th><th>error code</th><th>message</th><th>request id</th><th>Graph request-id</th></tr></thead><tbody>\n';
  let shown = 0;
  let more = 0;
  for (const row of store.unsuccessfulRows(summary.runId)) {
    if (shown >= maxFailureRows) {
      more++;
      continue;
    }
    shown++;
    yield failureRow(row);
  }
  yield '</tbody></table>\n';
  if (shown === 0) yield '<p>None.</p>\n';
  if (more > 0) yield `<p>${more.toLocaleString('en-US')} more rows are in results.csv.</p>\n`;
  yield '</body></html>\n';
}

function total(value: number | string, label: string, tone: string): string {
  const text = typeof value === 'number' ? value.toLocaleString('en-US') : value;
  return `<div class="total ${tone}"><b>${escapeHtml(text)}</b><span>${escapeHtml(label)}</span></div>\n`;
}

function* timeCharts(store: Store, summary: RunSummary): Generator<string> {
  const activity = store.rowActivity(summary.runId);
  const throttled = store.events(summary.runId, 'throttled');
  const from = earliest([activity.firstActivityAt, throttled[0]?.at]);
  const to = latest([activity.lastFinishedAt, throttled.at(-1)?.at]);
  yield '<h2>Throughput</h2>\n';
  if (!from || !to) {
    yield '<p>No rows were processed.</p>\n';
    return;
  }
  const bucketSeconds = chooseBucketSeconds((Date.parse(to) - Date.parse(from)) / 1000);
  const throughput = store.finishedPerBucket(summary.runId, from, bucketSeconds);
  yield `${timeBarsSvg(throughput.map((b) => ({ at: b.at, value: b.rows })), { title: 'Rows finished over time', from, to, bucketSeconds, color: '#1565c0', unit: 'rows' })}\n`;
  yield '<h2>Throttling</h2>\n';
  if (throttled.length === 0) {
    yield '<p>Graph did not throttle this run.</p>\n';
    return;
  }
  const perBucket = countPerBucket(throttled.map((event) => event.at), from, bucketSeconds);
  yield `${timeBarsSvg(perBucket.map((b) => ({ at: b.at, value: b.rows })), { title: 'Throttled answers over time', from, to, bucketSeconds, color: '#ef6c00', unit: 'throttled answers' })}\n`;
}

function failureRow(row: StoredRow): string {
  const cells = [
    formatRowRef(row.ref),
    row.cells.user,
    row.cells.accessPackage,
    row.outcome ?? `not finished (${row.phase})`,
    row.reason,
    row.httpStatus,
    row.errorCode,
    row.errorMessage,
    row.requestId,
    row.graphRequestId,
  ];
  return `<tr>${cells.map((cell, index) => `<td${index === 7 ? ' class="msg"' : ''}>${escapeHtml(cell)}</td>`).join('')}</tr>\n`;
}

function earliest(times: ReadonlyArray<string | undefined>): string | undefined {
  return times.filter((t): t is string => t !== undefined).sort()[0];
}

function latest(times: ReadonlyArray<string | undefined>): string | undefined {
  return times.filter((t): t is string => t !== undefined).sort().at(-1);
}
