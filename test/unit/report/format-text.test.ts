import { describe, expect, it } from 'vitest';
import { formatDuration } from '../../../src/report/format-duration.js';
import { formatStatusTable } from '../../../src/report/format-status-table.js';
import { formatSummaryText } from '../../../src/report/format-summary-text.js';
import { exitCodeForCounts } from '../../../src/report/run-exit-code.js';
import type { RunSummary } from '../../../src/report/run-summary.js';
import { chooseBucketSeconds, countPerBucket } from '../../../src/report/time-buckets.js';
import { emptyCounts } from '../../../src/store/rows-repository.js';
import type { RunRecord } from '../../../src/store/store-types.js';

function summary(overrides: Partial<RunSummary> = {}): RunSummary {
  const counts = emptyCounts();
  return {
    runId: '20261128-103955-ab12', status: 'finished', apiVersion: 'v1.0', inputs: [], rows: 0,
    outcomes: counts.byOutcome, skipped: counts.skippedByReason, unfinished: 0, waiting: 0,
    startedAt: '2026-11-28T10:39:55.000Z', finishedAt: '2026-11-28T11:42:00.000Z', durationSeconds: 3725, rowsPerSecond: 12.5,
    requestsSent: 0, retries: 0, throttling: { responses: 0, byStatus: {}, pauseSeconds: 0, rateChanges: 0 }, exitCode: 0,
    ...overrides,
  };
}

describe('formatSummaryText', () => {
  it('says counts per outcome, skip reasons, time, rate, throttling and the report path', () => {
    const base = summary();
    const text = formatSummaryText(
      summary({
        rows: 46_570,
        outcomes: { ...base.outcomes, submitted: 45_000, skipped: 1_500, failed: 70 },
        skipped: { ...base.skipped, 'already-assigned': 1_200, duplicate: 300 },
        requestsSent: 45_100, retries: 30,
        throttling: { responses: 12, byStatus: { '429': 12 }, pauseSeconds: 95, rateChanges: 3 },
      }),
      'data/reports/20261128-103955-ab12/report.html',
    );
    expect(text).toBe(
      [
        'Run 20261128-103955-ab12 finished in 1h 02m 05s (12.5 rows/s)',
        '  46,570 rows: 45,000 submitted, 1,500 skipped (1,200 already-assigned, 300 duplicate), 70 failed',
        '  45,100 requests sent, 30 of them retries',
        '  Throttled 12 times, paused 1m 35s in all',
        '  Report: data/reports/20261128-103955-ab12/report.html',
      ].join('\n'),
    );
  });

  it('mentions rows still waiting for a final state', () => {
    const base = summary();
    expect(formatSummaryText(summary({ status: 'waiting', rows: 2, outcomes: { ...base.outcomes, submitted: 2 }, waiting: 1, durationSeconds: 10, rowsPerSecond: 0.1 }))).toBe(
      'Run 20261128-103955-ab12 waiting in 10s (0.1 rows/s)\n  2 rows: 2 submitted, 1 of the submitted still waiting for a final state',
    );
  });

  it('mentions rows not finished', () => {
    expect(formatSummaryText(summary({ status: 'interrupted', rows: 3, unfinished: 3, durationSeconds: 4.25, rowsPerSecond: 0 }))).toBe(
      'Run 20261128-103955-ab12 interrupted in 4.3s (0 rows/s)\n  3 rows: 3 not finished',
    );
  });
});

describe('formatStatusTable', () => {
  const run = (id: string, status: RunRecord['status']): RunRecord => ({
    id, status, createdAt: '2026-11-28T10:39:55.000Z', updatedAt: '2026-11-28T10:39:55.000Z', options: {}, apiVersion: 'v1.0',
    graphUrl: 'https://graph.microsoft.com', tenant: undefined, finishedAt: undefined, exitCode: undefined,
  });

  it('aligns one line per run with a column per outcome seen', () => {
    const done = emptyCounts();
    done.total = 1200; done.byPhase.done = 1200; done.byOutcome.submitted = 1190; done.byOutcome.failed = 10;
    const open = emptyCounts();
    open.total = 5; open.byPhase.pending = 4; open.byPhase.done = 1; open.byOutcome.skipped = 1;
    expect(formatStatusTable([{ run: run('20261128-110000-ffff', 'interrupted'), counts: open }, { run: run('20261128-103955-ab12', 'finished'), counts: done }])).toBe(
      [
        'run                   status       started              rows  submitted  skipped  failed  unfinished',
        '20261128-110000-ffff  interrupted  2026-11-28 10:39:55     5          0        1       0           4',
        '20261128-103955-ab12  finished     2026-11-28 10:39:55  1200       1190        0      10           0',
      ].join('\n'),
    );
    expect(formatStatusTable([])).toBe('No runs in the state database.');
  });
});

describe('small pieces', () => {
  it('formats durations', () => {
    expect([0, 4.25, 59.94, 60, 125, 3725, 90061].map(formatDuration)).toEqual(['0s', '4.3s', '59.9s', '1m 00s', '2m 05s', '1h 02m 05s', '25h 01m 01s']);
  });

  it('derives the exit code of SPEC section 5 from counts', () => {
    const counts = emptyCounts();
    counts.byOutcome.submitted = 2; counts.byOutcome.skipped = 1; counts.byOutcome.delivered = 1;
    expect(exitCodeForCounts(counts)).toBe(0);
    counts.byOutcome['pending-approval'] = 1;
    expect(exitCodeForCounts(counts)).toBe(1);
    counts.byPhase.waiting = 1;
    expect(exitCodeForCounts(counts)).toBe(4);
  });

  it('chooses readable buckets and counts times into them', () => {
    expect([0, 30, 61, 3600, 86_400 * 3, 86_400 * 100].map((s) => chooseBucketSeconds(s))).toEqual([1, 1, 2, 60, 7200, 172_800]);
    expect(countPerBucket(['2026-11-28T10:00:09.999Z', '2026-11-28T09:59:00.000Z', '2026-11-28T10:00:20.000Z'], '2026-11-28T10:00:00.000Z', 10)).toEqual([
      { at: '2026-11-28T10:00:00.000Z', rows: 2 },
      { at: '2026-11-28T10:00:20.000Z', rows: 1 },
    ]);
  });
});
