import type { SkipReason } from '../core/domain.js';
import type { GraphError } from './graph-error.js';

/**
 * Graph's answers that mean "this is already so" (SPEC section 4), which end a row as `skipped`:
 * `409 InvalidRequestExistingGrant`, `404 InvalidRequestNoActiveGrant`, `400` with detail `ExistingOpenRequest`.
 */
export function skipReasonForError(error: GraphError): Exclude<SkipReason, 'duplicate'> | undefined {
  const code = error.code.toLowerCase();
  if (error.status === 409 && code === 'invalidrequestexistinggrant') return 'already-assigned';
  if (error.status === 404 && code === 'invalidrequestnoactivegrant') return 'not-assigned';
  const openRequest = code === 'existingopenrequest' || error.detailCodes.some((detail) => detail.toLowerCase() === 'existingopenrequest');
  if (error.status === 400 && openRequest) return 'open-request';
  return undefined;
}
