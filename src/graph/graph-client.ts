import { randomUUID } from 'node:crypto';
import type { Agent } from 'undici';
import type { ApiVersion } from '../core/domain.js';
import { backoffDelay, type BackoffOptions } from './backoff.js';
import { BATCH_LIMIT, batchAnswers, batchItemError, itemHeaders, type BatchResponseBody } from './batch.js';
import { systemClock, type Clock } from './clock.js';
import { createGraphDispatcher, dispatcherFetch } from './graph-dispatcher.js';
import { GraphError, isGraphError, parseErrorEnvelope } from './graph-error.js';
import { appendQuery, buildGraphUrl, versionBaseUrl, type GraphQuery } from './graph-url.js';
import { createRequestCoalescer, type Settled } from './request-coalescer.js';
import { RequestLimiter } from './request-limiter.js';
import { parseRetryAfter, type HeaderReader } from './retry-after.js';
import type { TokenProvider } from './token-provider.js';
import { classifyTransportFailure, isTransportError, TransportError } from './transport-error.js';

/** The part of a fetch `Response` the client reads. */
export interface FetchResponse {
  status: number;
  headers: HeaderReader;
  text(): Promise<string>;
}

export interface FetchInit {
  method: string;
  headers: Record<string, string>;
  body?: string;
  signal: AbortSignal;
}

/** `fetch` as the client calls it; tests pass a fake that fails loudly on anything unexpected. */
export type FetchLike = (url: string, init: FetchInit) => Promise<FetchResponse>;

/** Where log lines go (pino's `logger.child(...)` fits). Never given tokens or headers. */
export interface GraphLogger {
  debug(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
}

/** Options of {@link createGraphClient}. */
export interface GraphClientOptions {
  tokenProvider: TokenProvider;
  /** `--graph-url`. @default 'https://graph.microsoft.com' */
  graphUrl?: string;
  /** `--api`. @default 'v1.0' */
  api?: ApiVersion;
  /** Per-attempt timeout, reading the body included, in ms. @default 30000 */
  timeoutMs?: number;
  /** `--max-retries`: cap of every retry loop. @default 8 */
  maxRetries?: number;
  /** Shared by every call; pass one to hold `--rate`/`--concurrency` across several clients. @default a limiter at 5/s, 4 in flight */
  limiter?: RequestLimiter;
  /** Extra CA to trust (the emulator's), as PEM text or a file path. Ignored when `fetch` is given. */
  caPem?: string;
  caPath?: string;
  /** @default undici's `request` on a keep-alive agent */
  fetch?: FetchLike;
  /** @default the system clock */
  clock?: Clock;
  /** Jitter source in [0, 1). @default Math.random */
  random?: () => number;
  backoff?: BackoffOptions;
  /** @default crypto.randomUUID */
  newClientRequestId?: () => string;
  logger?: GraphLogger;
}

export type GraphMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

export interface GraphRequest {
  method: GraphMethod;
  /** Under the version base (`/users/x`), or an absolute `@odata.nextLink` on the same host. */
  path: string;
  query?: GraphQuery;
  /** Sent as JSON. */
  body?: unknown;
}

export interface SendHooks {
  /**
   * Runs once the limiter lets the call leave, just before it does; the call waits for it, and fails with what
   * it throws. The orchestrator marks the row in flight here, so a row still queued behind a pause is not.
   */
  beforeSend?: () => void | Promise<void>;
}

export interface GraphResponse<T> {
  status: number;
  body: T;
  /** Graph's `request-id` header. */
  requestId: string | undefined;
  clientRequestId: string;
  headers: HeaderReader;
}

export interface GraphClient {
  /** e.g. `https://graph.microsoft.com/v1.0`. */
  readonly baseUrl: string;
  readonly limiter: RequestLimiter;
  readonly maxRetries: number;
  readonly clock: Clock;
  /**
   * One attempt through the limiter (and once more with a fresh token after a `401`). Throws {@link GraphError} for
   * a non-2xx answer and {@link TransportError} when none came. Throttling pauses the limiter before it throws.
   */
  send<T = unknown>(request: GraphRequest): Promise<GraphResponse<T>>;
  /**
   * One attempt, like {@link send}, except that at a high rate (200/s or more), requests handed over in the same turn of
   * the event loop travel together in one `$batch` (the limiter counts each of them). Each is still answered,
   * throttled and failed on its own: its own status, Graph error and `Retry-After`; when the `$batch` call
   * itself fails, each of its requests fails with that error.
   */
  sendGrouped<T = unknown>(request: GraphRequest, hooks?: SendHooks): Promise<GraphResponse<T>>;
  /**
   * For requests that are safe to repeat (GETs, `$batch` of GETs): retries `429`, `5xx` and transport failures
   * up to `maxRetries`, honouring `Retry-After` or backing off with full jitter.
   */
  request<T = unknown>(request: GraphRequest): Promise<GraphResponse<T>>;
  get<T = unknown>(path: string, query?: GraphQuery): Promise<T>;
  /** Every item of a collection, following `@odata.nextLink`. */
  paginate<T = unknown>(path: string, query?: GraphQuery): AsyncIterable<T>;
  /** How long to wait before retry number `attempt` of a failed attempt (0 when the limiter already holds the pause). */
  retryDelay(error: GraphError | TransportError, attempt: number): number;
  /** Exponential backoff with full jitter before retry number `attempt`. */
  backoffDelay(attempt: number): number;
  close(): Promise<void>;
}

const RETRIABLE_STATUSES = new Set([429, 500, 502, 503, 504]);

/** A request waiting in the coalescer for others to travel with. */
interface GroupEntry {
  request: GraphRequest;
  hooks: SendHooks | undefined;
}

/** Whether repeating a safe request may help: throttling, a server error, or no answer. */
export function isRetriable(error: unknown): error is GraphError | TransportError {
  if (isGraphError(error)) return RETRIABLE_STATUSES.has(error.status);
  return isTransportError(error);
}

export function createGraphClient(options: GraphClientOptions): GraphClient {
  const baseUrl = versionBaseUrl(options.graphUrl ?? 'https://graph.microsoft.com', options.api ?? 'v1.0');
  const origin = new URL(baseUrl).origin;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const maxRetries = options.maxRetries ?? 8;
  const clock = options.clock ?? systemClock;
  const random = options.random ?? Math.random;
  const limiter = options.limiter ?? new RequestLimiter({ clock });
  const newClientRequestId = options.newClientRequestId ?? randomUUID;
  let dispatcher: Agent | undefined;
  let defaultFetch: FetchLike | undefined;
  const fetchImpl: FetchLike =
    options.fetch ??
    ((url, init) => {
      if (!defaultFetch) {
        dispatcher = createGraphDispatcher({ caPem: options.caPem, caPath: options.caPath });
        defaultFetch = dispatcherFetch(dispatcher);
      }
      return defaultFetch(url, init);
    });

  async function attempt<T>(request: GraphRequest, token: string): Promise<GraphResponse<T>> {
    const url = buildGraphUrl(baseUrl, request.path, request.query);
    // The token goes only to the Graph host we were given, whatever a nextLink says.
    if (new URL(url).origin !== origin) {
      throw new GraphError({
        status: 0, code: 'UnexpectedHost', detailCodes: [], message: `expected a URL on ${origin}, got ${new URL(url).origin}`,
        requestId: undefined, clientRequestId: '', retryAfterMs: undefined, method: request.method, path: url,
      });
    }
    const path = url.slice(origin.length);
    const clientRequestId = newClientRequestId();
    const headers: Record<string, string> = {
      authorization: `Bearer ${token}`,
      'client-request-id': clientRequestId,
      'return-client-request-id': 'true',
      accept: 'application/json',
    };
    if (request.body !== undefined) headers['content-type'] = 'application/json';
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort(new Error(`no answer within ${timeoutMs} ms`));
    }, timeoutMs);
    const startedAt = clock.now();
    try {
      let response: FetchResponse;
      let text: string;
      try {
        response = await fetchImpl(url, {
          method: request.method,
          headers,
          ...(request.body !== undefined ? { body: JSON.stringify(request.body) } : {}),
          signal: controller.signal,
        });
        text = await response.text();
      } catch (error) {
        const failure = classifyTransportFailure(error, { method: request.method, path, clientRequestId, timedOut });
        options.logger?.warn({ method: request.method, path, clientRequestId, failure: failure.failure }, 'no answer from Graph');
        throw failure;
      }
      const requestId = response.headers.get('request-id') ?? undefined;
      options.logger?.debug(
        { method: request.method, path, status: response.status, ms: clock.now() - startedAt, clientRequestId, requestId },
        'graph call',
      );
      if (response.status >= 200 && response.status < 300) {
        limiter.reportSucceeded();
        return { status: response.status, body: parseBody(text, { method: request.method, path, clientRequestId, requestId, status: response.status }) as T, requestId, clientRequestId, headers: response.headers };
      }
      const envelope = parseErrorEnvelope(text);
      const retryAfterMs = parseRetryAfter(response.headers, clock.now());
      noteThrottling(response.status, retryAfterMs);
      throw new GraphError({
        status: response.status,
        code: envelope.code,
        detailCodes: envelope.detailCodes,
        message: envelope.message,
        requestId: requestId ?? envelope.innerRequestId,
        clientRequestId,
        retryAfterMs,
        method: request.method,
        path,
      });
    } finally {
      clearTimeout(timer);
    }
  }

  function noteThrottling(status: number, retryAfterMs: number | undefined): void {
    // A 503 without Retry-After is a passing fault, not a request to slow down: retried with backoff, rate kept.
    if (status === 429 || (status === 503 && retryAfterMs !== undefined)) limiter.reportThrottled();
    if ((status === 429 || status === 503 || status === 504) && retryAfterMs !== undefined && retryAfterMs > 0) {
      limiter.pauseFor(retryAfterMs);
    }
    if (!RETRIABLE_STATUSES.has(status)) limiter.reportSucceeded();
  }

  /** `requests`: how many requests the call carries, for the limiter (a `$batch` counts each of its items). */
  async function send<T>(request: GraphRequest, requests = 1, hooks: SendHooks = {}): Promise<GraphResponse<T>> {
    try {
      return await limiter.schedule(async () => {
        await hooks.beforeSend?.();
        // The token is taken when the attempt leaves, not when it was queued: a long pause can outlive a token.
        return attempt<T>(request, await options.tokenProvider.getToken());
      }, requests);
    } catch (error) {
      if (!(isGraphError(error) && error.status === 401)) throw error;
      // A 401 means Graph did not carry the request out, so sending it again is safe even for a POST.
      options.logger?.warn({ method: request.method, path: error.path }, 'Graph answered 401: renewing the token once');
      const fresh = await options.tokenProvider.getToken({ forceRefresh: true });
      return limiter.schedule(() => attempt<T>(request, fresh), requests);
    }
  }

  async function sendGroup(entries: GroupEntry[]): Promise<Array<Settled<GraphResponse<unknown>>>> {
    const requests = entries.map((entry) => entry.request);
    const ids = requests.map((_, index) => String(index + 1));
    const steps = requests.map((request, index) => ({
      id: ids[index],
      method: request.method,
      url: appendQuery(request.path, request.query ?? {}),
      ...(request.body !== undefined ? { headers: { 'content-type': 'application/json' }, body: request.body } : {}),
    }));
    const beforeSend = async () => {
      await Promise.all(entries.map((entry) => entry.hooks?.beforeSend?.()));
    };
    const batch = await send<BatchResponseBody>({ method: 'POST', path: '/$batch', body: { requests: steps } }, requests.length, { beforeSend });
    return batchAnswers(batch.body, ids).map((item, index): Settled<GraphResponse<unknown>> => {
      const request = requests[index]!;
      const headers = itemHeaders(item.headers);
      if (item.status >= 200 && item.status < 300) {
        const requestId = headers.get('request-id') ?? undefined;
        return { ok: true, value: { status: item.status, body: item.body, requestId, clientRequestId: batch.clientRequestId, headers } };
      }
      const path = buildGraphUrl(baseUrl, request.path, request.query).slice(origin.length);
      const error = batchItemError(item, path, { method: request.method, now: clock.now(), clientRequestId: batch.clientRequestId });
      noteThrottling(error.status, error.retryAfterMs);
      return { ok: false, error };
    });
  }

  const sendGrouped = createRequestCoalescer<GroupEntry, GraphResponse<unknown>>({
    // One more request per $batch for every 100 requests/s of rate: a batch holds at most 10 ms of the rate, so
    // pacing stays smooth, and up to 199/s (the default is 5) every POST goes alone.
    groupSize: () => Math.min(BATCH_LIMIT, Math.floor(limiter.currentRate / 100)),
    sendOne: (entry) => send(entry.request, 1, entry.hooks),
    sendGroup,
  });

  function retryDelay(error: GraphError | TransportError, attemptNumber: number): number {
    if (isGraphError(error) && error.retryAfterMs !== undefined) {
      // The limiter holds every request until the pause ends; waiting here as well would double it.
      return 0;
    }
    return backoffDelay(attemptNumber, random, options.backoff);
  }

  async function requestWithRetries<T>(request: GraphRequest): Promise<GraphResponse<T>> {
    for (let attemptNumber = 1; ; attemptNumber += 1) {
      try {
        return await send<T>(request);
      } catch (error) {
        if (!isRetriable(error) || attemptNumber > maxRetries) throw error;
        const delay = retryDelay(error, attemptNumber);
        if (delay > 0) await clock.sleep(delay);
      }
    }
  }

  async function* paginate<T>(path: string, query?: GraphQuery): AsyncIterable<T> {
    let next: { path: string; query?: GraphQuery } | undefined = { path, query };
    while (next) {
      const page: GraphResponse<{ value?: T[]; '@odata.nextLink'?: string }> = await requestWithRetries({ method: 'GET', ...next });
      for (const item of page.body?.value ?? []) yield item;
      const link = page.body?.['@odata.nextLink'];
      next = link ? { path: link } : undefined;
    }
  }

  return {
    baseUrl,
    limiter,
    maxRetries,
    clock,
    send: (request) => send(request),
    sendGrouped: <T>(request: GraphRequest, hooks?: SendHooks) => sendGrouped({ request, hooks }) as Promise<GraphResponse<T>>,
    request: requestWithRetries,
    async get<T>(path: string, query?: GraphQuery): Promise<T> {
      return (await requestWithRetries<T>({ method: 'GET', path, query })).body;
    },
    paginate,
    retryDelay,
    backoffDelay: (attemptNumber) => backoffDelay(attemptNumber, random, options.backoff),
    async close() {
      await dispatcher?.close();
    },
  };
}

/** A 2xx body that is not JSON is Graph misbehaving (or a proxy in between): a typed error, not a crash. */
function parseBody(text: string, context: { method: string; path: string; clientRequestId: string; requestId: string | undefined; status: number }): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new GraphError({
      status: context.status, code: 'InvalidResponseBody', detailCodes: [], message: `expected JSON, got ${JSON.stringify(text.slice(0, 80))}`,
      requestId: context.requestId, clientRequestId: context.clientRequestId, retryAfterMs: undefined, method: context.method, path: context.path,
    });
  }
}
