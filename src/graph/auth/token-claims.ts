/** The claims of a JWT access token, read without checking it (Graph checks it); `undefined` for an opaque token. */
export function readTokenClaims(accessToken: string): Record<string, unknown> | undefined {
  const payload = accessToken.split('.')[1];
  if (!payload) return undefined;
  try {
    const claims: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    return typeof claims === 'object' && claims !== null && !Array.isArray(claims) ? (claims as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** App roles (`roles`) and delegated scopes (`scp`) a token carries. */
export function tokenPermissions(claims: Record<string, unknown>): { roles: string[]; scopes: string[] } {
  const roles = Array.isArray(claims.roles) ? claims.roles.map(String) : [];
  const scopes = typeof claims.scp === 'string' ? claims.scp.split(' ').filter(Boolean) : [];
  return { roles, scopes };
}
