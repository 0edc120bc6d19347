import type { RowOutcome, SkipReason } from '../core/domain.js';
import type { Store } from '../store/open-store.js';
import type { RunEvent, RunStatus } from '../store/store-types.js';
import { exitCodeForCounts } from './run-exit-code.js';

/** summary.json: what a run did, from the store alone. */
export interface RunSummary {
  runId: string;
  status: RunStatus;
  apiVersion: string;
  inputs: Array<{ file: string; sha256: string; rows: number | null }>;
  rows: number;
  /** Every outcome of SPEC section 5, 0 when none. With `--wait`, rows still waiting count as `submitted`. */
  outcomes: Record<RowOutcome, number>;
  skipped: Record<SkipReason, number>;
  /** Rows without any outcome yet (pending or in flight): the run can be resumed. `outcomes` plus this is `rows`. */
  unfinished: number;
  /** Rows submitted and still polled for a final state (`--wait`); counted in `outcomes.submitted`. */
  waiting: number;
  startedAt: string;
  finishedAt: string | null;
  /** From the run's creation to its end (or its last activity when unfinished), interruptions included. */
  durationSeconds: number;
  /** Rows with a final outcome per second of `durationSeconds`. */
  rowsPerSecond: number;
  /** POSTs sent, retries included. */
  requestsSent: number;
  retries: number;
  throttling: {
    /** `429`, `503` and `504` answers that paused sending. */
    responses: number;
    byStatus: Record<string, number>;
    pauseSeconds: number;
    rateChanges: number;
  };
  exitCode: number;
}

export function buildRunSummary(store: Store, runId: string): RunSummary {
  const run = store.getRun(runId);
  if (!run) throw new Error(`Expected run ${runId} in the state database, found none`);
  const counts = store.countOutcomes(runId);
  const activity = store.rowActivity(runId);
  const events = store.events(runId);
  const unfinished = counts.byPhase.pending + counts.byPhase['in-flight'];
  const end = run.finishedAt ?? activity.lastFinishedAt ?? run.updatedAt;
  const durationSeconds = Math.max(0, (Date.parse(end) - Date.parse(run.createdAt)) / 1000);
  const settled = counts.total - unfinished - counts.byPhase.waiting;
  return {
    runId,
    status: run.status,
    apiVersion: run.apiVersion,
    inputs: store.inputs(runId).map((input) => ({ file: input.file, sha256: input.sha256, rows: input.rowCount ?? null })),
    rows: counts.total,
    outcomes: counts.byOutcome,
    skipped: counts.skippedByReason,
    unfinished,
    waiting: counts.byPhase.waiting,
    startedAt: run.createdAt,
    finishedAt: run.finishedAt ?? null,
    durationSeconds: round(durationSeconds, 3),
    rowsPerSecond: durationSeconds > 0 ? round(settled / durationSeconds, 2) : 0,
    requestsSent: activity.requestsSent,
    retries: activity.requestsSent - activity.rowsSent,
    throttling: summarizeThrottling(events),
    exitCode: run.exitCode ?? exitCodeForCounts(counts),
  };
}

function summarizeThrottling(events: readonly RunEvent[]): RunSummary['throttling'] {
  const throttling: RunSummary['throttling'] = { responses: 0, byStatus: {}, pauseSeconds: 0, rateChanges: 0 };
  let pauseMs = 0;
  for (const event of events) {
    if (event.kind === 'rate-changed') throttling.rateChanges++;
    if (event.kind !== 'throttled') continue;
    throttling.responses++;
    const status = String(event.detail.status ?? 'unknown');
    throttling.byStatus[status] = (throttling.byStatus[status] ?? 0) + 1;
    if (typeof event.detail.pauseMs === 'number') pauseMs += event.detail.pauseMs;
  }
  throttling.pauseSeconds = round(pauseMs / 1000, 3);
  return throttling;
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
