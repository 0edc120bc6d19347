import { SignInError } from '../../core/errors.js';
import type { TokenProvider } from '../token-provider.js';
import { readTokenClaims, tokenPermissions } from './token-claims.js';

export interface SignInCheck {
  /** Permissions the run needs, e.g. `['EntitlementManagement.ReadWrite.All']`. */
  requiredPermissions: string[];
}

/**
 * Gets a token and checks it carries the permissions the run needs (app roles for app-only tokens, scopes for
 * delegated ones), so a missing permission stops the program before anything is sent. An opaque token is not checked.
 */
export async function verifySignIn(provider: TokenProvider, check: SignInCheck): Promise<void> {
  const token = await provider.getToken();
  const claims = readTokenClaims(token);
  if (!claims) return;
  const { roles, scopes } = tokenPermissions(claims);
  const delegated = typeof claims.scp === 'string' || claims.idtyp === 'user';
  const held = new Set((delegated ? scopes : roles).map((permission) => permission.toLowerCase()));
  const missing = check.requiredPermissions.filter((permission) => !held.has(permission.toLowerCase()));
  if (missing.length === 0) return;
  const kind = delegated ? 'delegated' : 'application';
  const has = held.size > 0 ? [...(delegated ? scopes : roles)].join(', ') : 'none';
  throw new SignInError(`Signed in, but the token lacks the ${kind} permission ${missing.join(', ')} (it has: ${has})`, {
    hint: delegated
      ? `Add the delegated permission ${missing.join(', ')} for Microsoft Graph to the app registration and grant consent; the signed-in user also needs an entitlement management role.`
      : `Add the application permission ${missing.join(', ')} for Microsoft Graph to the app registration (API permissions) and grant admin consent.`,
  });
}
