/** A token as the provider keeps it: when it was asked for and when it dies, in epoch milliseconds. */
export interface HeldToken {
  accessToken: string;
  acquiredAt: number;
  expiresAt: number;
}

/** Renew at most this long before expiry... */
const renewalMarginMs = 2 * 60 * 1000;
/** ...or within the last tenth of the lifetime, whichever is shorter, so a 5-second token is still used for most of its life... */
const renewalFraction = 0.1;
/** ...but never later than a second before expiry: lifetimes come in whole seconds, and msal rounds its clock to the second. */
const minimumMarginMs = 1000;

/** The moment a token should be replaced: `min(2 minutes, 10 % of its lifetime)` (at least 1 s, at most half the lifetime) before it expires. */
export function renewalTime(token: Pick<HeldToken, 'acquiredAt' | 'expiresAt'>): number {
  const lifetime = Math.max(0, token.expiresAt - token.acquiredAt);
  const margin = Math.min(lifetime / 2, Math.max(minimumMarginMs, Math.min(renewalMarginMs, lifetime * renewalFraction)));
  return token.expiresAt - margin;
}

export function needsRenewal(token: HeldToken | undefined, now: number): boolean {
  return !token || now >= renewalTime(token);
}
