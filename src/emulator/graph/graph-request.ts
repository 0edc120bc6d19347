/** Who called, as the sign-in service's bearer check saw it (or `anonymous` when auth is off). */
export interface Caller {
  clientId: string;
  kind: 'app' | 'delegated' | 'anonymous';
  userId: string | undefined;
  /** App roles or delegated scopes the token carries. */
  roles: string[];
}

/** A Graph call with the version prefix removed: `path` is e.g. `/users/abc`. */
export interface GraphRequest {
  method: string;
  version: 'v1.0' | 'beta';
  path: string;
  query: URLSearchParams;
  body: unknown;
  /** `https://127.0.0.1:PORT` or the plain HTTP origin the call came in on, for `@odata.nextLink`. */
  origin: string;
  /** The path and query as received (with version), for `@odata.nextLink`. */
  rawPathAndQuery: string;
  caller: Caller;
}

export interface GraphResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** What the emulator did, for the request log: `created request X`. */
  action?: string;
}
