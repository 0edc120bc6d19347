import type { InputProblem, RecordCells, RowOutcome, ValidRow } from '../core/domain.js';
import type { RowInput, RowPhase, StoredRow } from './store-types.js';

/** A `rows` record as SQLite returns it. */
export interface RowsTableRow {
  id: number;
  run_id: string;
  seq: number;
  file: string;
  line: number;
  key: string | null;
  action: string | null;
  request_type: string | null;
  row_json: string | null;
  cells_json: string | null;
  problems_json: string | null;
  user_id: string | null;
  access_package_id: string | null;
  policy_id: string | null;
  assignment_id: string | null;
  body_json: string | null;
  phase: RowPhase;
  outcome: RowOutcome | null;
  reason: string | null;
  request_id: string | null;
  request_state: string | null;
  http_status: number | null;
  error_code: string | null;
  error_message: string | null;
  attempts: number;
  graph_request_id: string | null;
  attempt_started_at: string | null;
  submitted_at: string | null;
  finished_at: string | null;
}

/** The parameters of the insert statement for one input row. */
export interface RowInsertParams {
  runId: string;
  seq: number;
  file: string;
  line: number;
  key: string | null;
  action: string | null;
  requestType: string | null;
  row: string | null;
  cells: string | null;
  problems: string | null;
  phase: RowPhase;
  outcome: RowOutcome | null;
  reason: string | null;
  finishedAt: string | null;
}

export function toInsertParams(runId: string, seq: number, input: RowInput, now: string): RowInsertParams {
  if (input.kind === 'invalid') {
    return {
      runId,
      seq,
      file: input.ref.file,
      line: input.ref.line,
      key: null,
      action: input.cells.action ?? null,
      requestType: input.cells.requestType ?? null,
      row: null,
      cells: JSON.stringify(input.cells),
      problems: JSON.stringify(input.problems),
      phase: 'done',
      outcome: 'invalid',
      reason: describeProblems(input.problems),
      finishedAt: now,
    };
  }
  // The columns hold these; kept once, a row is a tenth smaller, and a run rewrites every row twice.
  const { ref, key, action, requestType, ...rest } = input.row;
  return {
    runId,
    seq,
    file: ref.file,
    line: ref.line,
    key,
    action,
    requestType,
    row: JSON.stringify(rest),
    cells: null,
    problems: null,
    phase: input.skip ? 'done' : 'pending',
    outcome: input.skip ? 'skipped' : null,
    reason: input.skip ?? null,
    finishedAt: input.skip ? now : null,
  };
}

/** `column: reason; column: reason` — the `reason` cell of an invalid row. */
export function describeProblems(problems: readonly InputProblem[]): string {
  return problems.map((problem) => (problem.column ? `${problem.column}: ${problem.reason}` : problem.reason)).join('; ');
}

export function toStoredRow(record: RowsTableRow): StoredRow {
  const row = record.row_json === null ? undefined : (JSON.parse(record.row_json) as ValidRow);
  if (row) {
    // Kept in their columns (a database written by an earlier version has them in the JSON too, the same).
    row.ref = { file: record.file, line: record.line };
    row.key = record.key ?? '';
    row.action = record.action as ValidRow['action'];
    row.requestType = record.request_type as ValidRow['requestType'];
  }
  const cells = row?.cells ?? (JSON.parse(record.cells_json ?? '{}') as RecordCells);
  return {
    id: record.id,
    runId: record.run_id,
    seq: record.seq,
    ref: { file: record.file, line: record.line },
    key: record.key ?? undefined,
    action: record.action ?? undefined,
    requestType: record.request_type ?? undefined,
    cells,
    row,
    problems: record.problems_json === null ? undefined : (JSON.parse(record.problems_json) as InputProblem[]),
    userId: record.user_id ?? undefined,
    accessPackageId: record.access_package_id ?? undefined,
    policyId: record.policy_id ?? undefined,
    assignmentId: record.assignment_id ?? undefined,
    body: record.body_json === null ? undefined : (JSON.parse(record.body_json) as unknown),
    phase: record.phase,
    outcome: record.outcome ?? undefined,
    reason: record.reason ?? undefined,
    requestId: record.request_id ?? undefined,
    requestState: record.request_state ?? undefined,
    httpStatus: record.http_status ?? undefined,
    errorCode: record.error_code ?? undefined,
    errorMessage: record.error_message ?? undefined,
    attempts: record.attempts,
    graphRequestId: record.graph_request_id ?? undefined,
    attemptStartedAt: record.attempt_started_at ?? undefined,
    submittedAt: record.submitted_at ?? undefined,
    finishedAt: record.finished_at ?? undefined,
  };
}
