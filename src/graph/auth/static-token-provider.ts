import { SignInError } from '../../core/errors.js';
import type { TokenProvider } from '../token-provider.js';
import type { SignInLogger } from './sign-in-logger.js';
import { readTokenClaims } from './token-claims.js';

/**
 * `APBATCH_ACCESS_TOKEN`, used as is. It cannot be renewed, so a forced refresh (Graph said `401`) is a sign-in
 * failure with a clear message rather than a retry with the same token.
 */
export function createStaticTokenProvider(accessToken: string, options: { logger?: SignInLogger; now?: () => number } = {}): TokenProvider {
  const now = options.now ?? ((): number => Date.now());
  const exp = readTokenClaims(accessToken)?.exp;
  const expiresAt = typeof exp === 'number' ? exp * 1000 : undefined;
  if (expiresAt !== undefined && expiresAt <= now()) {
    throw new SignInError(`APBATCH_ACCESS_TOKEN expired at ${new Date(expiresAt).toISOString()}`, {
      hint: 'Get a new token, or sign in with AZURE_CLIENT_SECRET, --certificate or --device-code so apbatch can renew it.',
    });
  }
  const until = expiresAt !== undefined ? ` (it expires at ${new Date(expiresAt).toISOString()})` : '';
  options.logger?.warn(`Using APBATCH_ACCESS_TOKEN as is: it cannot be renewed, so a run still going when it expires stops${until}.`);
  return {
    kind: 'static',
    getToken: async ({ forceRefresh } = {}) => {
      if (forceRefresh) {
        throw new SignInError('Graph refused APBATCH_ACCESS_TOKEN (expired or revoked), and a token given that way cannot be renewed', {
          hint: 'Get a new token and resume the run, or sign in with AZURE_CLIENT_SECRET, --certificate or --device-code.',
        });
      }
      return accessToken;
    },
  };
}
