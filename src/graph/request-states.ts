import type { WaitOutcome } from '../core/domain.js';
import { batchGet } from './batch.js';
import type { GraphClient } from './graph-client.js';
import { ASSIGNMENT_REQUESTS_PATH } from './entitlement-paths.js';
import { isRecord } from './graph-error.js';
import { pathSegment } from './graph-url.js';

export type RequestStateAnswer =
  | { kind: 'found'; id: string; state: string; status: string | undefined }
  | { kind: 'missing'; id: string }
  | { kind: 'error'; id: string; httpStatus: number };

/** The current `state` of submitted requests, for `--wait`: 20 per `$batch` call. */
export async function getRequestStates(client: GraphClient, requestIds: readonly string[]): Promise<Map<string, RequestStateAnswer>> {
  const unique = [...new Set(requestIds)];
  const results = await batchGet(
    client,
    unique.map((id, index) => ({ id: String(index), path: `${ASSIGNMENT_REQUESTS_PATH}/${pathSegment(id)}`, query: { $select: 'id,state,status' } })),
  );
  const states = new Map<string, RequestStateAnswer>();
  unique.forEach((id, index) => {
    const result = results.get(String(index));
    if (result?.status === 200 && isRecord(result.body) && typeof result.body['state'] === 'string') {
      const status = result.body['status'];
      states.set(id, { kind: 'found', id, state: result.body['state'], status: typeof status === 'string' ? status : undefined });
    } else if (result?.status === 404) {
      states.set(id, { kind: 'missing', id });
    } else {
      states.set(id, { kind: 'error', id, httpStatus: result?.status ?? 0 });
    }
  });
  return states;
}

const FINAL_STATES: ReadonlyMap<string, Exclude<WaitOutcome, 'timed-out'>> = new Map([
  ['delivered', 'delivered'],
  ['pendingapproval', 'pending-approval'],
  ['denied', 'denied'],
  ['deliveryfailed', 'delivery-failed'],
  ['partiallydelivered', 'partially-delivered'],
  ['canceled', 'canceled'],
  ['scheduled', 'scheduled'],
]);

/**
 * The `--wait` outcome of a request in Graph's `state`, or `undefined` while Graph is still working on it
 * (`submitted`, `delivering`). `pendingApproval` counts as final: it waits for a person, which can take days, so
 * waiting on it would only end in `timed-out`.
 */
export function waitOutcomeOf(state: string): Exclude<WaitOutcome, 'timed-out'> | undefined {
  return FINAL_STATES.get(state.toLowerCase());
}
