import type { GraphClient } from './graph-client.js';
import { GraphError, isRecord, parseErrorEnvelope } from './graph-error.js';
import { appendQuery, type GraphQuery } from './graph-url.js';
import { parseRetryAfter, type HeaderReader } from './retry-after.js';

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

export interface BatchResponseBody {
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
  return batchAnswers(response.body, chunk.map((get) => get.id));
}

/**
 * The items of a `$batch` answer, one per id asked, in that order. An item Graph did not answer counts as a
 * `502`: a server error, so it is retried (or, for a POST, looked for) rather than lost.
 */
export function batchAnswers(body: BatchResponseBody | undefined, ids: readonly string[]): BatchItemResult[] {
  const byId = new Map<string, BatchItemResult>();
  for (const item of body?.responses ?? []) {
    if (typeof item.id !== 'string' || typeof item.status !== 'number') continue;
    const headers = isRecord(item.headers)
      ? Object.fromEntries(Object.entries(item.headers).map(([name, value]) => [name.toLowerCase(), String(value)]))
      : {};
    byId.set(item.id, { id: item.id, status: item.status, body: item.body, headers });
  }
  return ids.map((id) => byId.get(id) ?? { id, status: 502, body: undefined, headers: {} });
}

export function itemHeaders(headers: Record<string, string>): HeaderReader {
  return { get: (name) => headers[name.toLowerCase()] ?? null };
}

/** The failing answer of one `$batch` item as a {@link GraphError}, as if it had come alone. */
export function batchItemError(result: BatchItemResult, path: string, context: { method?: string; now?: number; clientRequestId?: string } = {}): GraphError {
  const envelope = parseErrorEnvelope(JSON.stringify(result.body ?? {}));
  return new GraphError({
    status: result.status,
    code: envelope.code,
    detailCodes: envelope.detailCodes,
    message: envelope.message,
    requestId: result.headers['request-id'] ?? envelope.innerRequestId,
    // Items carry no client-request-id of their own: the one sent with the $batch is the one to quote.
    clientRequestId: result.headers['client-request-id'] ?? context.clientRequestId ?? '',
    retryAfterMs: parseRetryAfter(itemHeaders(result.headers), context.now ?? Date.now()),
    method: context.method ?? 'GET',
    path,
  });
}
