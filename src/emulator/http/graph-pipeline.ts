import type { IncomingMessage, ServerResponse } from 'node:http';
import type { BearerCheck } from '../sign-in/index.js';
import type { EmulatorState } from '../state/emulator-state.js';
import type { PagingOptions } from '../graph/collection.js';
import { errorEnvelope, GraphError } from '../graph/graph-error.js';
import type { Caller, GraphResponse } from '../graph/graph-request.js';
import { routeGraphRequest } from '../graph/route-graph-request.js';
import type { FaultInjector } from './fault-injector.js';
import { isoTime } from './iso-time.js';
import { nextRequestId } from './request-ids.js';
import { hasPermission } from './permissions.js';
import type { LoggedRequest, RequestLog } from './request-log.js';
import { resetConnection, sendJson } from './send-json.js';
import type { ClientThrottle } from './token-bucket.js';

export interface GraphPipeline {
  state: EmulatorState;
  log: RequestLog;
  throttle: ClientThrottle;
  faults: FaultInjector;
  paging: PagingOptions;
  /** null turns authentication off (tests of the Graph surface alone). */
  verifyBearer: ((authorization: string | undefined) => BearerCheck) | null;
  /** Delay added to every Graph call, in ms (0 for none). */
  latencyMs: () => number;
  sleep: (ms: number) => Promise<void>;
  clock: () => number;
}

interface CallIds {
  requestId: string;
  clientRequestId: string;
  date: string;
}

const MAX_BATCH = 20;

function errorResponse(error: GraphError, ids: CallIds): GraphResponse {
  return { status: error.status, body: errorEnvelope(error, ids), headers: error.headers };
}

function toResponse(run: () => GraphResponse, ids: CallIds): GraphResponse {
  try {
    return run();
  } catch (error) {
    if (error instanceof GraphError) return errorResponse(error, ids);
    const message = error instanceof Error ? error.message : String(error);
    return errorResponse(new GraphError(500, 'InternalServerError', `Emulator bug: ${message}`), ids);
  }
}

/** Auth, then (per call) throttling, faults, latency, the handler; every step is written to the log. */
export async function handleGraphCall(
  pipeline: GraphPipeline,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  rawBody: string,
): Promise<void> {
  const method = req.method ?? 'GET';
  const clientRequestHeader = req.headers['client-request-id'];
  const ids: CallIds = {
    requestId: nextRequestId(),
    clientRequestId: typeof clientRequestHeader === 'string' ? clientRequestHeader : nextRequestId(),
    date: isoTime(pipeline.clock()),
  };
  // pathname is `/{version}/{path}`; the caller has checked the version segment.
  const versionEnd = url.pathname.indexOf('/', 1);
  const version = versionEnd === -1 ? url.pathname.slice(1) : url.pathname.slice(1, versionEnd);
  const path = versionEnd === -1 ? '/' : url.pathname.slice(versionEnd);
  let body: unknown;
  let bodyError: GraphError | null = null;
  if (rawBody.length > 0) {
    try {
      body = JSON.parse(rawBody);
    } catch {
      bodyError = new GraphError(400, 'BadRequest', 'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.');
      body = rawBody;
    }
  }
  const entry = pipeline.log.start(method, url.pathname, url.search, method === 'GET' ? undefined : body, undefined, ids.date);
  const finish = (response: GraphResponse): void => {
    entry.status = response.status;
    const headers = response.headers ?? {};
    headers['request-id'] = ids.requestId;
    headers['client-request-id'] = ids.clientRequestId;
    sendJson(res, response.status, response.body, headers);
  };

  const caller = authenticate(pipeline, req.headers.authorization, method, path, entry);
  if (caller instanceof GraphError) return finish(errorResponse(caller, ids));
  entry.clientId = caller.clientId;

  const isBatch = path.toLowerCase() === '/$batch';
  if (!isBatch) {
    const throttled = throttle(pipeline, caller, entry, ids);
    if (throttled !== null) return finish(throttled);
  }
  const fault = pipeline.faults.pick(method);
  if (fault !== null) entry.actions.push(`fault: ${fault}`);
  if (fault === 'reset-before') return resetConnection(res);
  if (fault === '429') return finish(errorResponse(tooManyRequests(pipeline.faults.retryAfterSeconds), ids));
  if (fault === '503' || fault === '503-retry-after') {
    const retryAfter: Record<string, string> = fault === '503' ? {} : { 'Retry-After': String(pipeline.faults.retryAfterSeconds) };
    return finish(errorResponse(new GraphError(503, 'ServiceUnavailable', 'The service is temporarily unavailable.', { headers: retryAfter }), ids));
  }
  if (fault === '504') return finish(errorResponse(new GraphError(504, 'GatewayTimeout', 'The gateway did not receive a response in time.'), ids));
  if (fault === 'slow') await pipeline.sleep(pipeline.faults.slowMs);
  const latency = pipeline.latencyMs();
  if (latency > 0) await pipeline.sleep(latency);

  const versionName = version === 'beta' ? 'beta' : 'v1.0';
  const origin = `${url.protocol}//${url.host}`;
  const response =
    bodyError !== null
      ? errorResponse(bodyError, ids)
      : isBatch && method === 'POST'
        ? runBatch(pipeline, { caller, version: versionName, origin, body, ids, batchSeq: entry.seq })
        : toResponse(
            () =>
              routeGraphRequest(
                pipeline.state,
                { method, version: versionName, path, query: url.searchParams, body, origin, rawPathAndQuery: url.pathname + url.search, caller },
                pipeline.paging,
              ),
            ids,
          );
  if (response.action !== undefined) entry.actions.push(response.action);
  if (fault === 'reset-after') {
    entry.status = response.status;
    return resetConnection(res);
  }
  // Carried out, then answered late: a client whose timeout is shorter never hears that its request exists.
  if (fault === 'slow-after') await pipeline.sleep(pipeline.faults.slowMs);
  finish(response);
}

function authenticate(
  pipeline: GraphPipeline,
  authorization: string | undefined,
  method: string,
  path: string,
  entry: LoggedRequest,
): Caller | GraphError {
  if (pipeline.verifyBearer === null) return { clientId: 'anonymous', kind: 'anonymous', userId: undefined, roles: [] };
  const check = pipeline.verifyBearer(authorization);
  if (!check.ok) {
    entry.actions.push('rejected: token');
    return new GraphError(401, check.code, check.message, { headers: { 'WWW-Authenticate': 'Bearer' } });
  }
  const isBatch = path.toLowerCase() === '/$batch';
  if (!isBatch && !hasPermission(check.roles, method, path)) {
    entry.actions.push('rejected: permissions');
    return new GraphError(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.');
  }
  return { clientId: check.clientId, kind: check.kind, userId: check.userId, roles: check.roles };
}

function throttle(pipeline: GraphPipeline, caller: Caller, entry: LoggedRequest, ids: CallIds): GraphResponse | null {
  const verdict = pipeline.throttle.take(caller.clientId);
  if (verdict.allowed) return null;
  entry.actions.push(`throttled: retry after ${verdict.retryAfterSeconds}s`);
  return errorResponse(tooManyRequests(verdict.retryAfterSeconds), ids);
}

function tooManyRequests(retryAfterSeconds: number): GraphError {
  return new GraphError(429, 'TooManyRequests', 'Too many requests. Please retry after the time given in Retry-After.', {
    headers: { 'Retry-After': String(retryAfterSeconds) },
  });
}

interface BatchContext {
  caller: Caller;
  version: 'v1.0' | 'beta';
  origin: string;
  body: unknown;
  ids: CallIds;
  batchSeq: number;
}

/** JSON batching: at most 20 steps, each authorised, throttled, handled and logged on its own, answered in order. */
function runBatch(pipeline: GraphPipeline, context: BatchContext): GraphResponse {
  const { body, ids } = context;
  const steps = typeof body === 'object' && body !== null && 'requests' in body ? (body as { requests: unknown }).requests : undefined;
  if (!Array.isArray(steps)) {
    return errorResponse(new GraphError(400, 'BadRequest', "Invalid batch payload: expected an object with a 'requests' array."), ids);
  }
  if (steps.length > MAX_BATCH) {
    return errorResponse(new GraphError(400, 'BadRequest', `Number of batch request steps exceeds the maximum of ${MAX_BATCH}.`), ids);
  }
  const seen = new Set<string>();
  for (const step of steps) {
    const valid =
      typeof step === 'object' && step !== null && typeof step.id === 'string' && typeof step.method === 'string' && typeof step.url === 'string';
    if (!valid) return errorResponse(new GraphError(400, 'BadRequest', "Invalid batch payload: every step needs 'id', 'method' and 'url'."), ids);
    if (seen.has(step.id)) return errorResponse(new GraphError(400, 'BadRequest', `Batch request ids must be unique; '${step.id}' is repeated.`), ids);
    seen.add(step.id);
  }
  const responses = steps.map((step: { id: string; method: string; url: string; body?: unknown }) => {
    const stepIds: CallIds = { ...ids, requestId: nextRequestId() };
    const relative = step.url.startsWith('/') ? step.url : `/${step.url}`;
    const stepUrl = new URL(`/${context.version}${relative}`, context.origin);
    const method = step.method.toUpperCase();
    const entry = pipeline.log.start(method, stepUrl.pathname, stepUrl.search, method === 'GET' ? undefined : step.body, context.batchSeq);
    entry.clientId = context.caller.clientId;
    const path = relative.split('?')[0] ?? relative;
    let response: GraphResponse;
    // The bearer was checked for the $batch call itself; each step still needs its own permission.
    if (context.caller.kind !== 'anonymous' && !hasPermission(context.caller.roles, method, path)) {
      response = errorResponse(new GraphError(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.'), stepIds);
    } else {
      response =
        throttle(pipeline, context.caller, entry, stepIds) ??
        toResponse(
          () =>
            routeGraphRequest(
              pipeline.state,
              {
                method,
                version: context.version,
                path,
                query: stepUrl.searchParams,
                body: step.body,
                origin: context.origin,
                rawPathAndQuery: stepUrl.pathname + stepUrl.search,
                caller: context.caller,
              },
              pipeline.paging,
            ),
          stepIds,
        );
    }
    entry.status = response.status;
    if (response.action !== undefined) entry.actions.push(response.action);
    return {
      id: step.id,
      status: response.status,
      headers: { 'Content-Type': 'application/json', ...response.headers },
      body: response.body,
    };
  });
  return { status: 200, body: { responses }, action: `batch of ${steps.length}` };
}
