import { ASSIGNMENT_REQUESTS_PATH, formatRowRef, type RowOutcome, type ValidRow } from '../core/domain.js';
import type { AssignmentRequestBody } from './assignment-request-body.js';
import { buildAssignmentRequest, type AssignmentRequestPlan } from './build-assignment-request.js';
import { resolveOffline, type PlanOptions, type ResolvedTargets } from './resolved-targets.js';

/** A row that would be sent: what `plan` prints for it. */
export interface WouldSendLine {
  row: string;
  key: string;
  outcome: 'would-send';
  method: 'POST';
  path: typeof ASSIGNMENT_REQUESTS_PATH;
  body: AssignmentRequestBody;
}

/**
 * A row that would not be sent, and why. The planner itself yields `needs-lookup` and `invalid`; the
 * online plan adds outcomes such as `skipped` or `not-found` from what Graph says.
 */
export interface NotSentLine {
  row: string;
  key: string;
  outcome: 'needs-lookup' | RowOutcome;
  reason: string;
}

/** One JSON Lines object of `plan` (SPEC section 3), members in the printed order. */
export type PlanLine = WouldSendLine | NotSentLine;

const OFFLINE_HINT = ' (run plan without --offline)';

/** The line for a row planned from the given resolved ids (online plan). */
export function planLine(row: ValidRow, resolved: ResolvedTargets, options: PlanOptions): PlanLine {
  return toPlanLine(row, buildAssignmentRequest(row, resolved, options), '');
}

/** What `plan --offline` prints for a row: only ids written in the row are known. */
export function planLineOffline(row: ValidRow, options: PlanOptions): PlanLine {
  return toPlanLine(row, buildAssignmentRequest(row, resolveOffline(row), options), OFFLINE_HINT);
}

function toPlanLine(row: ValidRow, plan: AssignmentRequestPlan, lookupHint: string): PlanLine {
  const head = { row: formatRowRef(row.ref), key: row.key };
  switch (plan.kind) {
    case 'body':
      return { ...head, outcome: 'would-send', method: 'POST', path: ASSIGNMENT_REQUESTS_PATH, body: plan.body };
    case 'needs-lookup':
      return { ...head, outcome: 'needs-lookup', reason: plan.reason + lookupHint };
    case 'invalid':
      return { ...head, outcome: 'invalid', reason: plan.reason };
  }
}
