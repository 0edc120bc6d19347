import type { InputProblem, RecordCells, RowOutcome, RowRef, SkipReason, ValidRow, WaitOutcome } from '../core/domain.js';

/** Where a run stands. `loading` until every input row is in the database. */
export const RUN_STATUSES = ['loading', 'running', 'waiting', 'finished', 'interrupted'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

/**
 * Where a row stands in its state machine:
 * `pending` -> (`in-flight` ->) `done`, or `in-flight` -> `waiting` -> `done` with `--wait`.
 * A row in `in-flight` may have been sent: resume must look for its request before sending it again.
 */
export const ROW_PHASES = ['pending', 'in-flight', 'waiting', 'done'] as const;
export type RowPhase = (typeof ROW_PHASES)[number];

export interface RunRecord {
  id: string;
  createdAt: string;
  updatedAt: string;
  status: RunStatus;
  /** Command line options as given, secrets removed. */
  options: Record<string, unknown>;
  apiVersion: string;
  graphUrl: string;
  tenant: string | undefined;
  finishedAt: string | undefined;
  exitCode: number | undefined;
}

export interface NewRun {
  /** @default a new id from the store's clock, e.g. `20261128-103955-ab12` */
  id?: string;
  /** Command line options; keys that look like secrets are dropped before they are stored. */
  options: Record<string, unknown>;
  apiVersion: string;
  graphUrl: string;
  tenant?: string;
}

export interface RunInputRecord {
  runId: string;
  /** 0-based position in the command line. */
  position: number;
  /** The path as the user gave it; rows are named after it (`FILE:LINE`). */
  file: string;
  absolutePath: string;
  sha256: string;
  sizeBytes: number;
  /** Data rows read from the file; undefined until loading finished. */
  rowCount: number | undefined;
}

export interface NewRunInput {
  file: string;
  absolutePath: string;
  sha256: string;
  sizeBytes: number;
}

/** A row as it enters the database: validated, invalid, or settled offline (e.g. a duplicate). */
export type RowInput =
  | { kind: 'valid'; row: ValidRow; /** Settles the row at load time as `skipped` with this reason. */ skip?: SkipReason }
  | { kind: 'invalid'; ref: RowRef; cells: RecordCells; problems: InputProblem[] };

/** What the orchestrator learnt about a row before sending it. */
export interface RowPlan {
  userId?: string;
  accessPackageId?: string;
  policyId?: string;
  assignmentId?: string;
  /** The request body to POST (never holds a secret). */
  body?: unknown;
}

/** How a row ended (or, with `wait`, how its POST ended). */
export interface RowResult {
  outcome: RowOutcome;
  reason?: string;
  /** Graph's id of the assignment request. */
  requestId?: string;
  /** Graph's `state` of the request, e.g. `submitted`, `delivered`. */
  requestState?: string;
  httpStatus?: number;
  errorCode?: string;
  errorMessage?: string;
  /** HTTP attempts made for this row by this call; added to the row's total. @default 0 */
  attempts?: number;
  /** The `request-id` header of Graph's last answer. */
  graphRequestId?: string;
  submittedAt?: string;
  /** @default the store's clock */
  finishedAt?: string;
  /** `submitted` rows move to phase `waiting` instead of `done` (`--wait`). @default false */
  wait?: boolean;
}

/** The final state a waiting row reached. */
export interface WaitResult {
  outcome: WaitOutcome;
  requestState?: string;
  reason?: string;
  /** @default the store's clock */
  finishedAt?: string;
}

export interface StoredRow {
  id: number;
  runId: string;
  /** 1-based position across every input of the run. */
  seq: number;
  ref: RowRef;
  key: string | undefined;
  action: string | undefined;
  requestType: string | undefined;
  cells: RecordCells;
  /** The parsed row; undefined for invalid rows. */
  row: ValidRow | undefined;
  problems: InputProblem[] | undefined;
  userId: string | undefined;
  accessPackageId: string | undefined;
  policyId: string | undefined;
  assignmentId: string | undefined;
  body: unknown;
  phase: RowPhase;
  outcome: RowOutcome | undefined;
  reason: string | undefined;
  requestId: string | undefined;
  requestState: string | undefined;
  httpStatus: number | undefined;
  errorCode: string | undefined;
  errorMessage: string | undefined;
  attempts: number;
  graphRequestId: string | undefined;
  attemptStartedAt: string | undefined;
  submittedAt: string | undefined;
  finishedAt: string | undefined;
}

export interface OutcomeCounts {
  total: number;
  /** Every outcome of SPEC section 5, 0 when none. Waiting rows count as `submitted`. */
  byOutcome: Record<RowOutcome, number>;
  skippedByReason: Record<SkipReason, number>;
  byPhase: Record<RowPhase, number>;
}

export const EVENT_KINDS = ['throttled', 'rate-changed', 'retry', 'interrupted', 'resumed'] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

/**
 * Something that happened to a run as a whole. Conventional `detail` members read by the report:
 * `throttled`: `{status: 429|503|504, pauseMs}`; `rate-changed`: `{rate}`.
 */
export interface RunEvent {
  at: string;
  kind: EventKind;
  detail: Record<string, unknown>;
}

/** Rows that got their outcome within one time bucket. */
export interface ThroughputBucket {
  /** Start of the bucket. */
  at: string;
  rows: number;
}

/**
 * What results.csv shows of a row: read by `resultLines` without the row's JSON, which a report of 100,000 rows
 * would otherwise spend most of its time reading and parsing.
 */
export interface ResultLine
  extends Pick<
    StoredRow,
    'seq' | 'ref' | 'action' | 'requestType' | 'outcome' | 'reason' | 'requestId' | 'requestState' | 'httpStatus' | 'errorCode' | 'errorMessage' | 'attempts' | 'graphRequestId' | 'submittedAt' | 'finishedAt'
  > {
  /** The cells as read. */
  user: string | undefined;
  accessPackage: string | undefined;
  policy: string | undefined;
  /** What was resolved, else the id the row gave. */
  userId: string | undefined;
  accessPackageId: string | undefined;
  policyId: string | undefined;
}
