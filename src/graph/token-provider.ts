/**
 * What the Graph client needs from sign-in: a bearer token, renewed before it expires, and renewed on
 * demand after a `401`. Implementations live in `src/graph/auth/`.
 */
export interface TokenProvider {
  /** `app` (client secret or certificate), `delegated` (device code) or `static` (APBATCH_ACCESS_TOKEN, never renewed). */
  readonly kind: 'app' | 'delegated' | 'static';
  /** A token valid for at least a little while; `forceRefresh` after Graph answered `401`. */
  getToken(options?: { forceRefresh?: boolean }): Promise<string>;
}
