import { randomUUID } from 'node:crypto';
import { parseCompactJwt } from './compact-jwt.js';
import { graphResources } from './graph-resources.js';
import type { BearerCheck } from './sign-in-types.js';
import type { TokenSigner } from './token-signer.js';

export interface AccessTokenGrant {
  clientId: string;
  resource: string;
  kind: 'app' | 'delegated';
  /** App roles (app) or delegated scopes (delegated). */
  permissions: string[];
  user?: { id: string; userPrincipalName: string; displayName?: string };
}

export interface IssuedAccessToken {
  accessToken: string;
  expiresInSeconds: number;
}

/**
 * Issues and checks the emulator's Graph access tokens: ES256 JWTs with Graph's claims (`aud`, `tid`, `appid`,
 * `roles` or `scp` + `oid`), and the two ways a token dies early: its client revoked, or the early-expiry fault.
 */
export class AccessTokens {
  private readonly revokedClients = new Set<string>();
  private earlyExpiry: { sinceSeconds: number; seconds: number } | undefined;
  private readonly servicePrincipalIds = new Map<string, string>();

  constructor(
    private readonly signer: TokenSigner,
    private readonly tenantId: string,
    private readonly lifetimeSeconds: number,
    private readonly nowMs: () => number,
  ) {}

  private nowSeconds(): number {
    return Math.floor(this.nowMs() / 1000);
  }

  isRevoked(clientId: string): boolean {
    return this.revokedClients.has(clientId);
  }

  revoke(clientId: string): void {
    this.revokedClients.add(clientId);
  }

  expireAfter(seconds: number): void {
    this.earlyExpiry = { sinceSeconds: this.nowSeconds(), seconds };
  }

  private effectiveExpiry(issuedAt: number, expires: number): number {
    if (!this.earlyExpiry) return expires;
    return Math.min(expires, Math.max(issuedAt, this.earlyExpiry.sinceSeconds) + this.earlyExpiry.seconds);
  }

  issue(grant: AccessTokenGrant): IssuedAccessToken {
    const issuedAt = this.nowSeconds();
    const expires = this.effectiveExpiry(issuedAt, issuedAt + this.lifetimeSeconds);
    let servicePrincipalId = this.servicePrincipalIds.get(grant.clientId);
    if (!servicePrincipalId) {
      servicePrincipalId = randomUUID();
      this.servicePrincipalIds.set(grant.clientId, servicePrincipalId);
    }
    const common = {
      aud: grant.resource,
      iss: `https://sts.windows.net/${this.tenantId}/`,
      iat: issuedAt,
      nbf: issuedAt,
      exp: expires,
      appid: grant.clientId,
      appidacr: '1',
      tid: this.tenantId,
      uti: randomUUID(),
      ver: '1.0',
    };
    const claims =
      grant.kind === 'app'
        ? { ...common, idtyp: 'app', oid: servicePrincipalId, sub: servicePrincipalId, ...(grant.permissions.length > 0 ? { roles: grant.permissions } : {}) }
        : {
            ...common,
            idtyp: 'user',
            oid: grant.user!.id,
            sub: grant.user!.id,
            upn: grant.user!.userPrincipalName,
            name: grant.user!.displayName ?? grant.user!.userPrincipalName,
            scp: grant.permissions.join(' '),
          };
    return { accessToken: this.signer.sign(claims), expiresInSeconds: expires - issuedAt };
  }

  verify(authorization: string | undefined): BearerCheck {
    const failure = (message: string): BearerCheck => ({ ok: false, status: 401, code: 'InvalidAuthenticationToken', message });
    const match = /^Bearer\s+(\S*)$/i.exec(authorization?.trim() ?? '');
    if (!match || !match[1]) return failure('Access token is empty.');
    const jwt = parseCompactJwt(match[1]);
    if (!jwt) return failure('IDX14100: JWT is not well formed, there are no dots (.).');
    if (!this.signer.verify(jwt)) return failure('Access token validation failure. Invalid signature.');
    const { payload } = jwt;
    if (payload.tid !== this.tenantId) return failure('Access token validation failure. Invalid issuer.');
    if (typeof payload.aud !== 'string' || !graphResources.includes(payload.aud)) return failure('Access token validation failure. Invalid audience.');
    const clientId = String(payload.appid);
    if (this.revokedClients.has(clientId)) return failure('Access token validation failure. The application has been revoked.');
    const expires = this.effectiveExpiry(Number(payload.iat), Number(payload.exp));
    if (expires <= this.nowSeconds()) return failure('Lifetime validation failed, the token is expired.');
    const delegated = payload.idtyp === 'user';
    const roles = delegated
      ? String(payload.scp ?? '').split(' ').filter(Boolean)
      : Array.isArray(payload.roles)
        ? payload.roles.map(String)
        : [];
    return {
      ok: true,
      clientId,
      kind: delegated ? 'delegated' : 'app',
      ...(delegated ? { userId: String(payload.oid) } : {}),
      roles,
      expiresAt: expires * 1000,
    };
  }
}
