/** The Graph stage: HTTP, throttling, retries without duplicates, name resolution, the online plan. */
export { backoffDelay, type BackoffOptions } from './backoff.js';
export { batchGet, batchItemError, BATCH_LIMIT, type BatchGet, type BatchItemResult } from './batch.js';
export { systemClock, type Clock } from './clock.js';
export { skipReasonForError } from './duplicate-errors.js';
export { findCreatedRequest, fingerprintOf, matchesFingerprint, type FoundRequest, type RequestFingerprint } from './find-created-request.js';
export {
  createGraphClient,
  isRetriable,
  type FetchInit,
  type FetchLike,
  type FetchResponse,
  type GraphClient,
  type GraphClientOptions,
  type GraphLogger,
  type GraphMethod,
  type GraphRequest,
  type GraphResponse,
} from './graph-client.js';
export { createGraphDispatcher, type GraphDispatcherOptions } from './graph-dispatcher.js';
export { GraphError, isGraphError, type GraphErrorDetails } from './graph-error.js';
export { createGraphStage, type GraphStage, type GraphStageOptions } from './graph-stage.js';
export { odataString } from './graph-url.js';
export { NameResolver, type NameResolverOptions, type RowResolution } from './name-resolver.js';
export { PackageIndexes, type DeliveredAssignments, type OpenRequests } from './assignment-index.js';
export { checkAnswers, choosePolicy, type PolicyQuestion } from './policy-lookup.js';
export { planInputsOnline, planRowOnline, planRowsOnline, type PlanInput, type PlanRowsOnlineOptions } from './plan-rows-online.js';
export { prepareRow, type PreparedRow, type PrepareRowOptions } from './prepare-row.js';
export { initialRateState, nextRateState, type RateEvent, type RateSettings, type RateState } from './rate-controller.js';
export { getRequestStates, waitOutcomeOf, type RequestStateAnswer } from './request-states.js';
export { RequestLimiter, type LimiterStats, type RequestLimiterOptions } from './request-limiter.js';
export { CachedLookups, createMemoryResolutionCache, type ResolutionCache } from './resolution-cache.js';
export { parseRetryAfter, type HeaderReader } from './retry-after.js';
export { sendAssignmentRequest, type SendAssignmentContext, type SendAssignmentResult } from './send-assignment-request.js';
export { checkExisting, decideSkip, type ExistingAccess } from './skip-existing.js';
export type { TokenProvider } from './token-provider.js';
export { isTransportError, TransportError, type TransportFailure } from './transport-error.js';
