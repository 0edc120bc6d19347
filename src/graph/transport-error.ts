import { AppError } from '../core/errors.js';
import { ExitCode } from '../core/exit-codes.js';

export type TransportFailure = 'timeout' | 'connection-reset' | 'connection-refused' | 'dns' | 'tls' | 'other';

/**
 * No HTTP answer came back: a timeout, a reset connection, a name that did not resolve. `mayHaveReachedServer`
 * says whether Graph may have carried the request out anyway, which decides if a POST may be sent again
 * blindly (no) or must first be looked for (yes).
 */
export class TransportError extends AppError {
  readonly failure: TransportFailure;
  readonly mayHaveReachedServer: boolean;
  readonly method: string;
  readonly path: string;
  readonly clientRequestId: string;

  constructor(
    details: { failure: TransportFailure; mayHaveReachedServer: boolean; method: string; path: string; clientRequestId: string; detail: string },
    options: { cause?: unknown } = {},
  ) {
    super(`No answer from Graph to ${details.method} ${details.path}: ${details.failure} (${details.detail})`, ExitCode.Resumable, options);
    this.name = 'TransportError';
    this.failure = details.failure;
    this.mayHaveReachedServer = details.mayHaveReachedServer;
    this.method = details.method;
    this.path = details.path;
    this.clientRequestId = details.clientRequestId;
  }
}

export function isTransportError(error: unknown): error is TransportError {
  return error instanceof TransportError;
}

/** Error codes of Node and undici for failures that happen before the request could leave this machine. */
const NEVER_SENT_CODES = new Map<string, TransportFailure>([
  ['ECONNREFUSED', 'connection-refused'],
  ['ENOTFOUND', 'dns'],
  ['EAI_AGAIN', 'dns'],
  ['UND_ERR_CONNECT_TIMEOUT', 'timeout'],
  ['ENETUNREACH', 'other'],
  ['EHOSTUNREACH', 'other'],
  ['CERT_HAS_EXPIRED', 'tls'],
  ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'tls'],
  ['SELF_SIGNED_CERT_IN_CHAIN', 'tls'],
  ['DEPTH_ZERO_SELF_SIGNED_CERT', 'tls'],
  ['ERR_TLS_CERT_ALTNAME_INVALID', 'tls'],
  ['UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'tls'],
  ['UNABLE_TO_GET_ISSUER_CERT', 'tls'],
  ['CERT_UNTRUSTED', 'tls'],
]);

/** Turns what `fetch` threw into a {@link TransportError}. `timedOut` is true when our own timeout fired. */
export function classifyTransportFailure(
  error: unknown,
  request: { method: string; path: string; clientRequestId: string; timedOut: boolean },
): TransportError {
  const base = { method: request.method, path: request.path, clientRequestId: request.clientRequestId };
  if (request.timedOut) {
    return new TransportError({ ...base, failure: 'timeout', mayHaveReachedServer: true, detail: 'no answer within the timeout' }, { cause: error });
  }
  const code = findErrorCode(error);
  const neverSent = code ? NEVER_SENT_CODES.get(code) : undefined;
  if (neverSent) {
    return new TransportError({ ...base, failure: neverSent, mayHaveReachedServer: false, detail: code ?? 'unknown' }, { cause: error });
  }
  const reset = code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'EPIPE' || code === 'UND_ERR_CLOSED';
  return new TransportError(
    { ...base, failure: reset ? 'connection-reset' : 'other', mayHaveReachedServer: true, detail: code ?? describe(error) },
    { cause: error },
  );
}

/** undici wraps the socket error: `TypeError('fetch failed', { cause: { code } })`, sometimes twice. */
function findErrorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
