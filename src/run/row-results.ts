import type { PreparedRow, SendAssignmentResult } from '../graph/index.js';
import type { RowResult } from '../store/index.js';

/** The outcome of a row settled before sending: skipped by the pre-check, not found, or invalid online. */
export function resultOfUnsentRow(prepared: Exclude<PreparedRow, { kind: 'send' }>): RowResult {
  if (prepared.kind === 'skipped') return { outcome: 'skipped', reason: prepared.reason };
  return { outcome: prepared.kind, reason: prepared.reason };
}

/** The outcome of a row whose request went to Graph. */
export function resultOfSending(sent: SendAssignmentResult, options: { wait: boolean; at: string }): RowResult {
  switch (sent.kind) {
    case 'submitted':
      return {
        outcome: 'submitted',
        reason: sent.adopted ? 'found the request created by an attempt whose answer was lost' : undefined,
        requestId: sent.requestId,
        requestState: sent.state,
        httpStatus: sent.httpStatus,
        attempts: sent.attempts,
        graphRequestId: sent.graphRequestId,
        submittedAt: options.at,
        wait: options.wait,
      };
    case 'skipped':
      return {
        outcome: 'skipped',
        reason: sent.reason,
        httpStatus: sent.httpStatus,
        errorCode: sent.errorCode,
        attempts: sent.attempts,
        graphRequestId: sent.graphRequestId,
      };
    case 'failed':
    case 'gave-up':
      return {
        outcome: sent.kind,
        reason: sent.kind === 'gave-up' ? `no answer after ${sent.attempts} attempts` : undefined,
        httpStatus: sent.httpStatus,
        errorCode: sent.errorCode,
        errorMessage: sent.errorMessage,
        attempts: sent.attempts,
        graphRequestId: sent.graphRequestId,
      };
  }
}
