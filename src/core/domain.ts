/**
 * The vocabulary every pipeline stage shares: what a row is once validated, what it becomes, and how it
 * ends. Stages depend on this file; it depends on nothing.
 */

export const ACTIONS = ['add', 'remove', 'update'] as const;
export type Action = (typeof ACTIONS)[number];

/** The request types apbatch sends (a subset of Graph's `accessPackageRequestType`). */
export const REQUEST_TYPES = ['adminAdd', 'adminUpdate', 'adminRemove', 'userAdd', 'userUpdate', 'userRemove'] as const;
export type RequestType = (typeof REQUEST_TYPES)[number];

export type ApiVersion = 'v1.0' | 'beta';

/** Where a row came from: `FILE:LINE`, LINE being the physical line where the record starts (1-based). */
export interface RowRef {
  file: string;
  line: number;
}

export function formatRowRef(ref: RowRef): string {
  return `${ref.file}:${ref.line}`;
}

/** The canonical column names of SPEC section 2. */
export const COLUMNS = [
  'action',
  'user',
  'accessPackage',
  'policy',
  'catalog',
  'expiration',
  'start',
  'justification',
  'answers',
  'assignmentId',
  'requestType',
] as const;
export type Column = (typeof COLUMNS)[number];

/** A record after header mapping: canonical column -> trimmed cell text (absent or '' when empty). */
export type RecordCells = Partial<Record<Column, string>>;

/** How a row names a user. */
export type UserRef =
  | { kind: 'id'; id: string }
  | { kind: 'upn'; upn: string }
  | { kind: 'email'; email: string };

/** How a row names an access package or a policy: by GUID, or by display name to resolve online. */
export type NameOrId = { kind: 'id'; id: string } | { kind: 'name'; name: string };

/** The expiration a row asks for. `policyDefault` sends no `expiration` member at all. */
export type Expiration =
  | { type: 'policyDefault' }
  | { type: 'noExpiration' }
  | { type: 'afterDateTime'; endDateTime: string }
  | { type: 'afterDuration'; duration: string };

export type QuestionKind = 'text' | 'choice';

/** One answer as given in the `answers` column, normalised. */
export interface AnswerInput {
  questionId: string;
  value: string;
  displayValue?: string;
  /** Given offline as `"type":"text"|"choice"`, or learnt from the policy online. */
  questionKind?: QuestionKind;
}

/** A row that passed offline validation. */
export interface ValidRow {
  ref: RowRef;
  /** Identity of the row for duplicate detection and ordering: user|package|action, lower-cased. */
  key: string;
  action: Action;
  requestType: RequestType;
  user?: UserRef;
  accessPackage?: NameOrId;
  policy?: NameOrId;
  catalog?: string;
  expiration: Expiration;
  /** ISO 8601 date-time with offset, normalised to UTC `Z`. */
  start?: string;
  justification?: string;
  answers?: AnswerInput[];
  assignmentId?: string;
  /** The cells as read, for the report. */
  cells: RecordCells;
}

/** One thing wrong with an input, in plain words. `line`/`column` are absent when the problem is the file. */
export interface InputProblem {
  file: string;
  line?: number;
  column?: string;
  value?: string;
  reason: string;
}

/** Final states a submitted request can reach with `--wait` (SPEC section 5). */
export const WAIT_OUTCOMES = [
  'delivered',
  'pending-approval',
  'denied',
  'delivery-failed',
  'partially-delivered',
  'canceled',
  'scheduled',
  'timed-out',
] as const;
export type WaitOutcome = (typeof WAIT_OUTCOMES)[number];

export const ROW_OUTCOMES = ['submitted', ...WAIT_OUTCOMES, 'skipped', 'invalid', 'not-found', 'failed', 'gave-up'] as const;
export type RowOutcome = (typeof ROW_OUTCOMES)[number];

export const SKIP_REASONS = ['already-assigned', 'not-assigned', 'open-request', 'duplicate'] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];

/** Outcomes that leave the exit code at 0. */
export const SUCCESSFUL_OUTCOMES: ReadonlySet<RowOutcome> = new Set<RowOutcome>(['submitted', 'delivered', 'skipped']);

/** Graph's request path for every row. */
export const ASSIGNMENT_REQUESTS_PATH = '/identityGovernance/entitlementManagement/assignmentRequests';
