import type { GraphClient } from './graph-client.js';
import { GraphError, isRecord, parseErrorEnvelope } from './graph-error.js';
import { appendQuery, type GraphQuery } from './graph-url.js';
import { parseRetryAfter } from './retry-after.js';

/** Graph takes at most 20 requests in one `$batch`. */
export const BATCH_LIMIT = 20;

export interface BatchGet {
  /** Unique within one call to {@link batchGet}. */
  id: string;
  /** Under the version base, e.g. `/users/alice%40contoso.com`. */
  path: string;
  query?: GraphQuery;
}

export interface BatchItemResult {
  id: string;
  status: number;
  body: unknown;
  headers: Record<string, string>;
}

interface BatchResponseBody {
  responses?: Array<{ id?: unknown; status?: unknown; body?: unknown; headers?: unknown }>;
}

const RETRIABLE_ITEM_STATUSES = new Set([429, 500, 502, 503, 504]);

/**
 * Runs GETs through `$batch`, 20 per call, and returns one result per id. Items that Graph throttled or failed
 * with a 5xx are sent again in a later batch (the limiter pauses for their `Retry-After`), at most
 * `client.maxRetries` times; after that their last answer is returned as is.
 */
export async function batchGet(client: GraphClient, gets: readonly BatchGet[]): Promise<Map<string, BatchItemResult>> {
  const results = new Map<string, BatchItemResult>();
  let pending = [...gets];
  for (let round = 0; pending.length > 0; round += 1) {
    const chunks: BatchGet[][] = [];
    for (let start = 0; start < pending.length; start += BATCH_LIMIT) chunks.push(pending.slice(start, start + BATCH_LIMIT));
    const answers = (await Promise.all(chunks.map((chunk) => sendBatch(client, chunk)))).flat();
    const retry: BatchGet[] = [];
    let longestPause = 0;
    for (const answer of answers) {
      results.set(answer.id, answer);
      if (!RETRIABLE_ITEM_STATUSES.has(answer.status) || round >= client.maxRetries) continue;
      const original = pending.find((get) => get.id === answer.id);
      if (original) retry.push(original);
      longestPause = Math.max(longestPause, parseRetryAfter(itemHeaders(answer.headers), client.clock.now()) ?? 0);
    }
    if (retry.length > 0) {
      if (longestPause > 0) client.limiter.pauseFor(longestPause);
      client.limiter.reportThrottled();
      if (longestPause === 0) await client.clock.sleep(client.backoffDelay(round + 1));
    }
    pending = retry;
  }
  return results;
}

async function sendBatch(client: GraphClient, chunk: readonly BatchGet[]): Promise<BatchItemResult[]> {
  const response = await client.request<BatchResponseBody>({
    method: 'POST',
    path: '/$batch',
    body: { requests: chunk.map((get) => ({ id: get.id, method: 'GET', url: appendQuery(get.path, get.query ?? {}) })) },
  });
  const byId = new Map<string, BatchItemResult>();
  for (const item of response.body?.responses ?? []) {
    if (typeof item.id !== 'string' || typeof item.status !== 'number') continue;
    const headers = isRecord(item.headers)
      ? Object.fromEntries(Object.entries(item.headers).map(([name, value]) => [name.toLowerCase(), String(value)]))
      : {};
    byId.set(item.id, { id: item.id, status: item.status, body: item.body, headers });
  }
  // An item Graph did not answer counts as a server error, so it is retried rather than lost.
  return chunk.map((get) => byId.get(get.id) ?? { id: get.id, status: 502, body: undefined, headers: {} });
}

function itemHeaders(headers: Record<string, string>): { get(name: string): string | null } {
  return { get: (name) => headers[name.toLowerCase()] ?? null };
}

/** The failing answer of one `$batch` item as a {@link GraphError}, for callers that give up on it. */
export function batchItemError(result: BatchItemResult, path: string): GraphError {
  const envelope = parseErrorEnvelope(JSON.stringify(result.body ?? {}));
  return new GraphError({
    status: result.status,
    code: envelope.code,
    detailCodes: envelope.detailCodes,
    message: envelope.message,
    requestId: result.headers['request-id'] ?? envelope.innerRequestId,
    clientRequestId: result.headers['client-request-id'] ?? '',
    retryAfterMs: parseRetryAfter(itemHeaders(result.headers), Date.now()),
    method: 'GET',
    path,
  });
}
