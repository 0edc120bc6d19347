/** One entry of Graph's `error.details`. */
export interface GraphErrorDetail {
  code: string;
  message: string;
  target: string;
}

/** A Graph error answer; handlers throw it and the pipeline renders Graph's error envelope. */
export class GraphError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: GraphErrorDetail[];
  readonly headers: Record<string, string>;

  constructor(
    status: number,
    code: string,
    message: string,
    options: { details?: GraphErrorDetail[]; headers?: Record<string, string> } = {},
  ) {
    super(message);
    this.name = 'GraphError';
    this.status = status;
    this.code = code;
    this.details = options.details ?? [];
    this.headers = options.headers ?? {};
  }
}

/** Graph's body: `{"error":{"code","message","details","innerError":{"date","request-id","client-request-id"}}}`. */
export function errorEnvelope(
  error: { code: string; message: string; details: GraphErrorDetail[] },
  ids: { requestId: string; clientRequestId: string; date: string },
): unknown {
  return {
    error: {
      code: error.code,
      message: error.message,
      details: error.details,
      innerError: { date: ids.date, 'request-id': ids.requestId, 'client-request-id': ids.clientRequestId },
    },
  };
}

export const badRequest = (message: string): GraphError => new GraphError(400, 'BadRequest', message);

/** `400 InvalidRequest` with one detail naming what is wrong and where. */
export function invalidRequest(detailCode: string, message: string, target: string): GraphError {
  return new GraphError(400, 'InvalidRequest', message, { details: [{ code: detailCode, message, target }] });
}

/** `404 ResourceNotFound` for an entitlement-management object that does not exist. */
export function notFound(detailCode: string, message: string, target: string): GraphError {
  return new GraphError(404, 'ResourceNotFound', message, { details: [{ code: detailCode, message, target }] });
}
