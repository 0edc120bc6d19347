import { AppError } from '../core/errors.js';
import { ExitCode } from '../core/exit-codes.js';

/** What Graph said when it refused a request, from its error envelope `{"error":{code,message,details,innerError}}`. */
export interface GraphErrorDetails {
  status: number;
  /** `error.code`, e.g. `InvalidRequestExistingGrant`, `TooManyRequests`; `unknown` when the body had none. */
  code: string;
  /** `error.details[].code`, e.g. `ExistingOpenRequest`. */
  detailCodes: string[];
  message: string;
  /** Graph's `request-id` (response header, or `error.innerError.request-id`). */
  requestId: string | undefined;
  /** The `client-request-id` we sent. */
  clientRequestId: string;
  /** From `Retry-After` and friends, when the response carried one. */
  retryAfterMs: number | undefined;
  method: string;
  /** Path and query, without the host. */
  path: string;
}

/**
 * Graph answered with a non-2xx status. Code against `code` and `detailCodes`, never the message. When one
 * reaches the CLI entry uncaught, the run stopped before every row had an outcome: exit 4, resumable.
 */
export class GraphError extends AppError implements GraphErrorDetails {
  readonly status: number;
  readonly code: string;
  readonly detailCodes: string[];
  readonly requestId: string | undefined;
  readonly clientRequestId: string;
  readonly retryAfterMs: number | undefined;
  readonly method: string;
  readonly path: string;

  constructor(details: GraphErrorDetails) {
    super(`Graph answered ${details.status} ${details.code} to ${details.method} ${details.path}: ${details.message}`, ExitCode.Resumable);
    this.name = 'GraphError';
    this.status = details.status;
    this.code = details.code;
    this.detailCodes = details.detailCodes;
    this.requestId = details.requestId;
    this.clientRequestId = details.clientRequestId;
    this.retryAfterMs = details.retryAfterMs;
    this.method = details.method;
    this.path = details.path;
  }

  /** The message Graph gave, without our prefix: for the report's `errorMessage`. */
  get graphMessage(): string {
    return this.message.replace(/^Graph answered .*?: /, '');
  }
}

export function isGraphError(error: unknown): error is GraphError {
  return error instanceof GraphError;
}

/** The parts of Graph's error envelope we use. Tolerates bodies that are not JSON or not the envelope. */
export function parseErrorEnvelope(bodyText: string): { code: string; message: string; detailCodes: string[]; innerRequestId: string | undefined } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(bodyText);
  } catch {
    return { code: 'unknown', message: bodyText.slice(0, 500) || '(empty body)', detailCodes: [], innerRequestId: undefined };
  }
  const error = isRecord(parsed) && isRecord(parsed['error']) ? parsed['error'] : undefined;
  if (!error) return { code: 'unknown', message: bodyText.slice(0, 500), detailCodes: [], innerRequestId: undefined };
  const details = Array.isArray(error['details']) ? error['details'] : [];
  const detailCodes = details.flatMap((detail) => (isRecord(detail) && typeof detail['code'] === 'string' ? [detail['code']] : []));
  const inner = isRecord(error['innerError']) ? error['innerError'] : isRecord(error['innererror']) ? error['innererror'] : undefined;
  const innerRequestId = inner && typeof inner['request-id'] === 'string' ? inner['request-id'] : undefined;
  return {
    code: typeof error['code'] === 'string' ? error['code'] : 'unknown',
    message: typeof error['message'] === 'string' ? error['message'] : '(no message)',
    detailCodes,
    innerRequestId,
  };
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
