import type Database from 'better-sqlite3';
import { ROW_OUTCOMES, SKIP_REASONS, SUCCESSFUL_OUTCOMES, type RowOutcome, type SkipReason } from '../core/domain.js';
import { toInsertParams, toStoredRow, type RowsTableRow } from './row-mapping.js';
import { pagesBySeq, recordReads } from './table-records.js';
import {
  ROW_PHASES,
  type OutcomeCounts,
  type RowInput,
  type RowPhase,
  type RowPlan,
  type RowResult,
  type StoredRow,
  type ThroughputBucket,
  type WaitResult,
} from './store-types.js';

/** When a run's rows were worked on, and how many requests that took. */
export interface RowActivity {
  /** The earliest `attempt_started_at` or `finished_at` of a row that was not settled offline. */
  firstActivityAt: string | undefined;
  lastFinishedAt: string | undefined;
  /** Sum of `attempts` over the run's rows: every POST sent, retries included. */
  requestsSent: number;
  /** Rows that were sent at least once. */
  rowsSent: number;
}

export interface RowsRepository {
  /**
   * Appends rows to a run in one transaction, numbering them after the run's last `seq`. Valid rows start
   * `pending`; invalid rows and rows with `skip` start `done` with their outcome. Call with batches (see
   * `loadRows`) so a large file neither holds memory nor one huge transaction. Returns the last `seq`.
   */
  insertRows(runId: string, rows: readonly RowInput[]): number;
  getRow(rowId: number): StoredRow | undefined;
  /** Pending rows after `afterSeq`, in input order. */
  nextPendingRows(runId: string, afterSeq: number, limit: number): StoredRow[];
  /** Keeps what was resolved and planned for a row, so resume can find its request without re-resolving. */
  recordPlan(rowId: number, plan: RowPlan): void;
  /**
   * `pending` -> `in-flight`, committed when this returns (on disk once `syncToDisk` resolves): call it
   * before the POST. Throws if a row is not pending, which would be a bug in the caller.
   */
  markInFlight(rowIds: readonly number[], attemptStartedAt?: string): void;
  /**
   * `recordPlan` and `markInFlight` of one row in a single statement: what resume needs to find the request,
   * and that it may exist. Call it, then await `syncToDisk`, before the POST.
   */
  startSending(rowId: number, plan: RowPlan, attemptStartedAt?: string): void;
  /** `in-flight` -> `pending`: resume found no request for this row in Graph, so it may be sent again. */
  returnToPending(rowId: number): void;
  /**
   * Gives a `pending` or `in-flight` row its outcome (`done`, or `waiting` for `submitted` with `wait`).
   * Throws if the row already has one: every row ends with exactly one outcome.
   */
  recordResult(rowId: number, result: RowResult): void;
  /** Rows that may have been sent when the run stopped, in input order. */
  inFlightRows(runId: string): StoredRow[];
  /** Rows submitted and waiting for a final state, after `afterSeq`, in input order. */
  waitingRows(runId: string, limit: number, afterSeq?: number): StoredRow[];
  /** `waiting` -> `done` with the final state Graph reported (or `timed-out`). */
  recordWaitResult(rowId: number, result: WaitResult): void;
  countOutcomes(runId: string): OutcomeCounts;
  /** Every row of a run in input order, read a page at a time (no statement stays open between pages). */
  rowsInInputOrder(runId: string, pageSize?: number): Generator<StoredRow>;
  /** Rows whose outcome is not `submitted`, `delivered` or `skipped` (or that have none yet), in input order. */
  unsuccessfulRows(runId: string, pageSize?: number): Generator<StoredRow>;
  rowActivity(runId: string): RowActivity;
  /** Rows reaching their outcome per bucket of `bucketSeconds` from `from`, empty buckets left out. Invalid rows are not counted. */
  finishedPerBucket(runId: string, from: string, bucketSeconds: number): ThroughputBucket[];
}

const UNSUCCESSFUL = `(outcome IS NULL OR outcome NOT IN (${[...SUCCESSFUL_OUTCOMES].map((o) => `'${o}'`).join(', ')}))`;

export function createRowsRepository(db: Database.Database, clock: () => Date): RowsRepository {
  const selectLastSeq = db.prepare<[string], { last: number }>('SELECT COALESCE(MAX(seq), 0) AS last FROM rows WHERE run_id = ?');
  const insertRow = db.prepare(`
    INSERT INTO rows (run_id, seq, file, line, key, action, request_type, cells_json, row_json, problems_json,
                      phase, outcome, reason, finished_at)
    VALUES (@runId, @seq, @file, @line, @key, @action, @requestType, @cells, @row, @problems,
            @phase, @outcome, @reason, @finishedAt)`);
  const selectRow = recordReads(db.prepare<[number], RowsTableRow>('SELECT * FROM rows WHERE id = ?'));
  const selectByPhase = recordReads(db.prepare<[string, RowPhase, number, number], RowsTableRow>(
    'SELECT * FROM rows WHERE run_id = ? AND phase = ? AND seq > ? ORDER BY seq LIMIT ?',
  ));
  const updatePlan = db.prepare(`
    UPDATE rows SET user_id = @userId, access_package_id = @accessPackageId, policy_id = @policyId,
      assignment_id = @assignmentId, body_json = @body
    WHERE id = @rowId`);
  const updateInFlight = db.prepare(
    "UPDATE rows SET phase = 'in-flight', attempt_started_at = ? WHERE id = ? AND phase = 'pending'",
  );
  const updatePlanInFlight = db.prepare(`
    UPDATE rows SET user_id = @userId, access_package_id = @accessPackageId, policy_id = @policyId,
      assignment_id = @assignmentId, body_json = @body, phase = 'in-flight', attempt_started_at = @at
    WHERE id = @rowId AND phase = 'pending'`);
  const updateToPending = db.prepare("UPDATE rows SET phase = 'pending' WHERE id = ? AND phase = 'in-flight'");
  const updateResult = db.prepare(`
    UPDATE rows SET phase = @phase, outcome = @outcome, reason = @reason, request_id = @requestId,
      request_state = @requestState, http_status = @httpStatus, error_code = @errorCode,
      error_message = @errorMessage, attempts = attempts + @attempts, graph_request_id = @graphRequestId,
      submitted_at = @submittedAt, finished_at = @finishedAt
    WHERE id = @rowId AND phase IN ('pending', 'in-flight')`);
  const updateWaitResult = db.prepare(`
    UPDATE rows SET phase = 'done', outcome = @outcome, request_state = COALESCE(@requestState, request_state),
      reason = COALESCE(@reason, reason), finished_at = @finishedAt
    WHERE id = @rowId AND phase = 'waiting'`);
  const selectCounts = db.prepare<[string], { phase: RowPhase; outcome: RowOutcome | null; reason: string | null; n: number }>(
    'SELECT phase, outcome, reason, COUNT(*) AS n FROM rows WHERE run_id = ? GROUP BY phase, outcome, reason',
  );
  const selectPage = recordReads(db.prepare<[string, number, number], RowsTableRow>(
    'SELECT * FROM rows WHERE run_id = ? AND seq > ? ORDER BY seq LIMIT ?',
  ));
  const selectUnsuccessfulPage = recordReads(db.prepare<[string, number, number], RowsTableRow>(
    `SELECT * FROM rows WHERE run_id = ? AND seq > ? AND ${UNSUCCESSFUL} ORDER BY seq LIMIT ?`,
  ));
  const selectActivity = db.prepare<[string], {
    first: string | null;
    last: string | null;
    requests: number | null;
    sent: number | null;
  }>(`
    SELECT MIN(COALESCE(attempt_started_at, finished_at)) FILTER (WHERE outcome IS NOT 'invalid') AS first,
           MAX(finished_at) AS last, SUM(attempts) AS requests, SUM(attempts > 0) AS sent
    FROM rows WHERE run_id = ?`);
  // Integer milliseconds, so a row finishing exactly on a bucket boundary lands in the later bucket.
  const selectBuckets = db.prepare<{ runId: string; fromMs: number; bucketMs: number }, { bucket: number; n: number }>(`
    SELECT MAX(0, CAST(ROUND(unixepoch(finished_at, 'subsec') * 1000) AS INTEGER) - CAST(@fromMs AS INTEGER)) / CAST(@bucketMs AS INTEGER) AS bucket,
           COUNT(*) AS n
    FROM rows WHERE run_id = @runId AND finished_at IS NOT NULL AND outcome IS NOT 'invalid'
    GROUP BY bucket ORDER BY bucket`);

  const now = (): string => clock().toISOString();
  const insertBatch = db.transaction((runId: string, rows: readonly RowInput[]): number => {
    let seq = selectLastSeq.get(runId)?.last ?? 0;
    const at = now();
    for (const input of rows) insertRow.run(toInsertParams(runId, ++seq, input, at));
    return seq;
  });

  const notPending = (rowId: number) => new Error(`Expected row ${rowId} to be pending before it goes in flight, it is ${phaseOf(rowId)}`);

  const pages = (statement: typeof selectPage, runId: string, pageSize: number): Generator<StoredRow> =>
    pagesBySeq((afterSeq, limit) => statement.all(runId, afterSeq, limit).map(toStoredRow), (row) => row.seq, pageSize);

  return {
    insertRows: (runId, rows) => insertBatch(runId, rows),
    getRow(rowId) {
      const record = selectRow.get(rowId);
      return record && toStoredRow(record);
    },
    nextPendingRows: (runId, afterSeq, limit) => selectByPhase.all(runId, 'pending', afterSeq, limit).map(toStoredRow),
    recordPlan(rowId, plan) {
      const { changes } = updatePlan.run(planParams(rowId, plan));
      if (changes !== 1) throw new Error(`Expected row ${rowId} in the state database, found none`);
    },
    markInFlight(rowIds, attemptStartedAt = now()) {
      db.transaction(() => {
        for (const rowId of rowIds) {
          if (updateInFlight.run(attemptStartedAt, rowId).changes !== 1) throw notPending(rowId);
        }
      })();
    },
    startSending(rowId, plan, attemptStartedAt = now()) {
      if (updatePlanInFlight.run({ ...planParams(rowId, plan), at: attemptStartedAt }).changes !== 1) throw notPending(rowId);
    },
    returnToPending(rowId) {
      if (updateToPending.run(rowId).changes !== 1) {
        throw new Error(`Expected row ${rowId} to be in flight before it returns to pending, it is ${phaseOf(rowId)}`);
      }
    },
    recordResult(rowId, result) {
      const waits = result.wait === true && result.outcome === 'submitted';
      const { changes } = updateResult.run({
        rowId,
        phase: waits ? 'waiting' : 'done',
        outcome: result.outcome,
        reason: result.reason ?? null,
        requestId: result.requestId ?? null,
        requestState: result.requestState ?? null,
        httpStatus: result.httpStatus ?? null,
        errorCode: result.errorCode ?? null,
        errorMessage: result.errorMessage ?? null,
        attempts: result.attempts ?? 0,
        graphRequestId: result.graphRequestId ?? null,
        submittedAt: result.submittedAt ?? null,
        finishedAt: result.finishedAt ?? now(),
      });
      if (changes !== 1) {
        throw new Error(`Expected row ${rowId} to be pending or in flight before its outcome is recorded, it is ${phaseOf(rowId)}`);
      }
    },
    inFlightRows: (runId) => selectByPhase.all(runId, 'in-flight', 0, -1).map(toStoredRow),
    waitingRows: (runId, limit, afterSeq = 0) => selectByPhase.all(runId, 'waiting', afterSeq, limit).map(toStoredRow),
    recordWaitResult(rowId, result) {
      const { changes } = updateWaitResult.run({
        rowId,
        outcome: result.outcome,
        requestState: result.requestState ?? null,
        reason: result.reason ?? null,
        finishedAt: result.finishedAt ?? now(),
      });
      if (changes !== 1) throw new Error(`Expected row ${rowId} to be waiting before its final state is recorded, it is ${phaseOf(rowId)}`);
    },
    countOutcomes(runId) {
      const counts = emptyCounts();
      for (const { phase, outcome, reason, n } of selectCounts.all(runId)) {
        counts.total += n;
        counts.byPhase[phase] += n;
        if (outcome) counts.byOutcome[outcome] += n;
        if (outcome === 'skipped' && reason !== null && reason in counts.skippedByReason) {
          counts.skippedByReason[reason as SkipReason] += n;
        }
      }
      return counts;
    },
    rowsInInputOrder: (runId, pageSize = 500) => pages(selectPage, runId, pageSize),
    unsuccessfulRows: (runId, pageSize = 500) => pages(selectUnsuccessfulPage, runId, pageSize),
    rowActivity(runId) {
      const activity = selectActivity.get(runId);
      return {
        firstActivityAt: activity?.first ?? undefined,
        lastFinishedAt: activity?.last ?? undefined,
        requestsSent: activity?.requests ?? 0,
        rowsSent: activity?.sent ?? 0,
      };
    },
    finishedPerBucket(runId, from, bucketSeconds) {
      const start = Date.parse(from);
      const bucketMs = Math.round(bucketSeconds * 1000);
      return selectBuckets.all({ runId, fromMs: start, bucketMs }).map(({ bucket, n }) => ({
        at: new Date(start + bucket * bucketMs).toISOString(),
        rows: n,
      }));
    },
  };

  function phaseOf(rowId: number): string {
    return selectRow.get(rowId)?.phase ?? 'not in the database';
  }
}

export function emptyCounts(): OutcomeCounts {
  return {
    total: 0,
    byOutcome: Object.fromEntries(ROW_OUTCOMES.map((o) => [o, 0])) as Record<RowOutcome, number>,
    skippedByReason: Object.fromEntries(SKIP_REASONS.map((r) => [r, 0])) as Record<SkipReason, number>,
    byPhase: Object.fromEntries(ROW_PHASES.map((p) => [p, 0])) as Record<RowPhase, number>,
  };
}

function planParams(rowId: number, plan: RowPlan) {
  return {
    rowId,
    userId: plan.userId ?? null,
    accessPackageId: plan.accessPackageId ?? null,
    policyId: plan.policyId ?? null,
    assignmentId: plan.assignmentId ?? null,
    body: plan.body === undefined ? null : JSON.stringify(plan.body),
  };
}
