import type { TokenProvider } from '../token-provider.js';
import { needsRenewal, type HeldToken } from './renewal-policy.js';

/** Gets a fresh token from the sign-in service; `forceRefresh` bypasses any cache below (msal's). */
export type AcquireToken = (options: { forceRefresh: boolean }) => Promise<{ accessToken: string; expiresAt: number }>;

export interface RenewingTokenProviderOptions {
  kind: TokenProvider['kind'];
  acquire: AcquireToken;
  /** Clock in epoch milliseconds. @default Date.now */
  now?: () => number;
}

/**
 * Holds one token and renews it shortly before it expires (see `renewalTime`) or when asked to after a `401`.
 * Concurrent callers share one acquisition in flight; a failed acquisition is not cached.
 */
export class RenewingTokenProvider implements TokenProvider {
  readonly kind: TokenProvider['kind'];
  private held: HeldToken | undefined;
  /** Order of acquisitions, so an older one finishing last never replaces a newer token. */
  private started = 0;
  private heldSequence = 0;
  private inFlight: { promise: Promise<string>; forced: boolean } | undefined;
  private readonly acquire: AcquireToken;
  private readonly now: () => number;

  constructor(options: RenewingTokenProviderOptions) {
    this.kind = options.kind;
    this.acquire = options.acquire;
    this.now = options.now ?? ((): number => Date.now());
  }

  getToken(options: { forceRefresh?: boolean } = {}): Promise<string> {
    const forceRefresh = options.forceRefresh ?? false;
    // A forced refresh must not be satisfied by an acquisition that was only a cache read.
    if (this.inFlight && (this.inFlight.forced || !forceRefresh)) return this.inFlight.promise;
    if (!forceRefresh && this.held && !needsRenewal(this.held, this.now())) return Promise.resolve(this.held.accessToken);
    const acquiredAt = this.now();
    const sequence = ++this.started;
    const promise = this.acquire({ forceRefresh })
      .then((token) => {
        if (sequence > this.heldSequence) {
          this.held = { accessToken: token.accessToken, acquiredAt, expiresAt: token.expiresAt };
          this.heldSequence = sequence;
        }
        return token.accessToken;
      })
      .finally(() => {
        if (this.inFlight?.promise === promise) this.inFlight = undefined;
      });
    this.inFlight = { promise, forced: forceRefresh };
    return promise;
  }
}
