import { ASSIGNMENT_REQUESTS_PATH, type SkipReason } from '../core/domain.js';
import { skipReasonForError } from './duplicate-errors.js';
import { findCreatedRequest, fingerprintOf, type FoundRequest } from './find-created-request.js';
import type { GraphClient } from './graph-client.js';
import { isGraphError, isRecord, type GraphError } from './graph-error.js';
import { isTransportError, type TransportError } from './transport-error.js';

/** Context of {@link sendAssignmentRequest}. */
export interface SendAssignmentContext {
  client: GraphClient;
  /** The package of a removal or update, which its body does not name; used to look for a created request. */
  accessPackageId?: string;
  /** The target user's id when the body names the assignment only. */
  targetId?: string;
  /** Cap of attempts after the first. @default client.maxRetries */
  maxRetries?: number;
  /**
   * Requests created this long before an attempt started still count as possibly ours, since Graph's clock
   * and ours differ. @default 120000
   */
  clockSkewMs?: number;
  /**
   * Called when each POST is about to leave, after the limiter let it go (the orchestrator writes the row as in
   * flight); what it throws stops the send and is thrown from here.
   */
  beforeAttempt?: (attempt: number) => void | Promise<void>;
}

/** How sending one row's request ended. `attempts` counts POSTs sent. */
export type SendAssignmentResult =
  | { kind: 'submitted'; requestId: string; state: string | undefined; httpStatus: number | undefined; graphRequestId: string | undefined; attempts: number; /** Found after an unanswered attempt rather than from an answer. */ adopted: boolean }
  | { kind: 'skipped'; reason: Exclude<SkipReason, 'duplicate'>; httpStatus: number; errorCode: string; graphRequestId: string | undefined; attempts: number }
  | { kind: 'failed'; httpStatus: number; errorCode: string; errorMessage: string; graphRequestId: string | undefined; attempts: number }
  | { kind: 'gave-up'; httpStatus: number | undefined; errorCode: string; errorMessage: string; graphRequestId: string | undefined; attempts: number };

/**
 * POSTs one assignment request without ever creating it twice (SPEC section 4). It is sent again blindly only
 * after `429` or `503`, or when the connection failed before the request left. After a timeout, a reset or
 * another 5xx, it first looks for the request the attempt may have created, adopts it if found, and sends again
 * only if none. Graph's duplicate errors become `skipped`, unless an earlier unanswered attempt explains them.
 */
export async function sendAssignmentRequest(body: unknown, context: SendAssignmentContext): Promise<SendAssignmentResult> {
  const { client } = context;
  const maxRetries = context.maxRetries ?? client.maxRetries;
  const skew = context.clockSkewMs ?? 120_000;
  const fingerprint = fingerprintOf(body, { accessPackageId: context.accessPackageId, targetId: context.targetId });
  let uncertainSince: number | undefined;
  let lastError: GraphError | TransportError | undefined;
  let attempts = 0;

  const adopt = (found: FoundRequest): SendAssignmentResult => ({
    kind: 'submitted', requestId: found.id, state: found.state, httpStatus: undefined, graphRequestId: undefined, attempts, adopted: true,
  });
  const lookForOurs = async (): Promise<FoundRequest | undefined> =>
    uncertainSince === undefined ? undefined : findCreatedRequest(client, fingerprint, uncertainSince - skew);
  /** Graph did carry the attempt out: adopt what it created, and never send it again. */
  const adoptCarriedOut = async (startedAt: number, why: unknown): Promise<SendAssignmentResult> => {
    uncertainSince ??= startedAt;
    const ours = await safely(lookForOurs);
    if (ours.kind === 'ok' && ours.value) return adopt(ours.value);
    return gaveUp(ours.kind === 'error' ? ours.error : why, attempts);
  };

  while (attempts <= maxRetries) {
    attempts += 1;
    const startedAt = client.clock.now();
    const attempt = attempts;
    try {
      const response = await client.sendGrouped<unknown>(
        { method: 'POST', path: ASSIGNMENT_REQUESTS_PATH, body },
        { beforeSend: () => context.beforeAttempt?.(attempt) },
      );
      const created = isRecord(response.body) ? response.body : {};
      if (typeof created['id'] !== 'string') {
        // Accepted, but without the request's id: find it rather than report a request nobody can follow.
        return await adoptCarriedOut(startedAt, new Error(`Graph answered ${response.status} without the request's id`));
      }
      return {
        kind: 'submitted',
        requestId: created['id'],
        state: typeof created['state'] === 'string' ? created['state'] : undefined,
        httpStatus: response.status,
        graphRequestId: response.requestId,
        attempts,
        adopted: false,
      };
    } catch (error) {
      // Sign-in failures and a 401 that a fresh token did not cure stop the run; the row stays resumable.
      if (!isGraphError(error) && !isTransportError(error)) throw error;
      if (isGraphError(error) && error.status === 401) throw error;
      lastError = error;
      // Graph accepted it but the answer was unreadable.
      if (isGraphError(error) && error.status >= 200 && error.status < 300) return adoptCarriedOut(startedAt, error);
      if (isGraphError(error)) {
        const skip = skipReasonForError(error);
        if (skip) {
          // "Already there" right after an unanswered attempt is most likely our own request.
          const ours = await safely(lookForOurs);
          if (ours.kind === 'error') return gaveUp(ours.error, attempts);
          if (ours.value) return adopt(ours.value);
          return { kind: 'skipped', reason: skip, httpStatus: error.status, errorCode: error.code, graphRequestId: error.requestId, attempts };
        }
        if (!isRetriableStatus(error.status)) {
          return { kind: 'failed', httpStatus: error.status, errorCode: error.code, errorMessage: error.graphMessage, graphRequestId: error.requestId, attempts };
        }
      }
      const blindRetryIsSafe = isGraphError(error) ? error.status === 429 || error.status === 503 : !error.mayHaveReachedServer;
      if (!blindRetryIsSafe) uncertainSince ??= startedAt;
      if (attempts > maxRetries) break;
      const delay = client.retryDelay(error, attempts);
      if (delay > 0) await client.clock.sleep(delay);
      if (!blindRetryIsSafe) {
        const ours = await safely(lookForOurs);
        if (ours.kind === 'error') return gaveUp(ours.error, attempts);
        if (ours.value) return adopt(ours.value);
      }
    }
  }
  // Out of retries: one last look, so an unanswered attempt that did create the request is not reported lost.
  const ours = await safely(lookForOurs);
  if (ours.kind === 'ok' && ours.value) return adopt(ours.value);
  return gaveUp(lastError, attempts);
}

function isRetriableStatus(status: number): boolean {
  return status === 429 || status === 500 || status === 502 || status === 503 || status === 504;
}

function gaveUp(error: unknown, attempts: number): SendAssignmentResult {
  if (isGraphError(error)) {
    return { kind: 'gave-up', httpStatus: error.status, errorCode: error.code, errorMessage: error.graphMessage, graphRequestId: error.requestId, attempts };
  }
  if (isTransportError(error)) {
    return { kind: 'gave-up', httpStatus: undefined, errorCode: error.failure, errorMessage: error.message, graphRequestId: undefined, attempts };
  }
  return { kind: 'gave-up', httpStatus: undefined, errorCode: 'unknown', errorMessage: error instanceof Error ? error.message : String(error), graphRequestId: undefined, attempts };
}

async function safely<T>(action: () => Promise<T>): Promise<{ kind: 'ok'; value: T } | { kind: 'error'; error: unknown }> {
  try {
    return { kind: 'ok', value: await action() };
  } catch (error) {
    if (!isGraphError(error) && !isTransportError(error)) throw error;
    if (isGraphError(error) && error.status === 401) throw error;
    return { kind: 'error', error };
  }
}

