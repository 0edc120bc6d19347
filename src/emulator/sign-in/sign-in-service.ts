import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AccessTokens } from './access-tokens.js';
import { checkClientAssertion } from './client-assertion.js';
import { DeviceCodes } from './device-codes.js';
import { entraErrorBody, entraErrors, type EntraErrorCase } from './entra-errors.js';
import { parseRequestedScopes } from './graph-resources.js';
import { instanceDiscovery, openIdConfiguration } from './openid-documents.js';
import { registerCertificate, type RegisteredCertificate } from './registered-certificate.js';
import type { EmulatorClient, EmulatorSignedInUser, SignInService, SignInServiceOptions } from './sign-in-types.js';
import { createTokenSigner, type TokenSigner } from './token-signer.js';

const clientAssertionType = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
/** Entra accepts the RFC 8628 name and the short one msal-node sends. */
const deviceCodeGrantTypes = new Set(['urn:ietf:params:oauth:grant-type:device_code', 'device_code']);
const deviceCodeLifetimeSeconds = 900;
const defaultUser: EmulatorSignedInUser = {
  id: '6e7b768e-07e2-4810-8459-485f84f8f204',
  userPrincipalName: 'admin@contoso.onmicrosoft.com',
  displayName: 'Emulator Admin',
};

interface RegisteredClient extends EmulatorClient {
  certificates: RegisteredCertificate[];
}

interface RefreshGrant {
  clientId: string;
  resource: string;
  permissions: string[];
}

type Reply = { status: number; body: Record<string, unknown> } | { failure: EntraErrorCase; errorName?: string };

interface RequestContext {
  authorityHost: string;
  /** The origin the client actually called (`localhost` or `127.0.0.1`): its assertion's audience names that one. */
  requestOrigin: string | undefined;
  tenantSegment: string;
  correlationId: string | undefined;
}

/**
 * The emulator's stand-in for Entra ID's token service: instance discovery, OpenID configuration, JWKS, the token
 * endpoint (client secret, certificate assertion, device code, refresh token) and the device code endpoint.
 */
export function createSignInService(options: SignInServiceOptions): SignInService {
  const now = options.now ?? ((): number => Date.now());
  const tenantId = options.tenantId.toLowerCase();
  const user = options.deviceCodeUser ?? defaultUser;
  const pollIntervalSeconds = options.deviceCodePollIntervalSeconds ?? 1;
  const signer: TokenSigner = createTokenSigner();
  const tokens = new AccessTokens(signer, tenantId, options.tokenLifetimeSeconds ?? 3600, now);
  const deviceCodes = new DeviceCodes(options.deviceCodeApprovalDelayMs ?? 1000, now);
  const refreshGrants = new Map<string, RefreshGrant>();
  const clients = new Map<string, RegisteredClient>(
    options.clients.map((client) => [
      client.clientId.toLowerCase(),
      { ...client, certificates: client.certificatePem ? [registerCertificate(client.certificatePem)] : [] },
    ]),
  );

  const knownTenant = (segment: string): boolean => ['common', 'organizations', tenantId].includes(segment.toLowerCase());

  function grantedPermissions(client: RegisteredClient, requested: string[]): { granted: string[]; missing: string[] } {
    const consented = client.roles ?? [];
    if (requested.includes('.default')) return { granted: [...consented], missing: [] };
    const missing = requested.filter((permission) => !consented.some((c) => c.toLowerCase() === permission.toLowerCase()));
    return { granted: requested.filter((permission) => !missing.includes(permission)), missing };
  }

  function authenticateConfidentialClient(client: RegisteredClient, form: URLSearchParams, basicSecret: string | undefined, ctx: RequestContext): EntraErrorCase | undefined {
    const secret = form.get('client_secret') ?? basicSecret;
    const assertion = form.get('client_assertion');
    if (secret) {
      // A revoked client's secrets are gone: Entra then answers exactly as for a wrong secret.
      if (tokens.isRevoked(client.clientId) || client.clientSecret === undefined || secret !== client.clientSecret) return entraErrors.invalidClientSecret(client.clientId);
      return undefined;
    }
    if (assertion) {
      if (form.get('client_assertion_type') !== clientAssertionType) return entraErrors.missingClientCredential();
      return checkClientAssertion({
        assertion,
        clientId: client.clientId,
        certificates: tokens.isRevoked(client.clientId) ? [] : client.certificates,
        audiences: [ctx.authorityHost, ctx.requestOrigin]
          .filter((origin): origin is string => origin !== undefined)
          .flatMap((origin) => [`${origin}/${ctx.tenantSegment}/oauth2/v2.0/token`, `${origin}/${tenantId}/oauth2/v2.0/token`, `${origin}/${tenantId}/v2.0`]),
        nowSeconds: Math.floor(now() / 1000),
      });
    }
    return entraErrors.missingClientCredential();
  }

  function delegatedTokenResponse(client: RegisteredClient, resource: string, permissions: string[], ctx: RequestContext): Reply {
    const issued = tokens.issue({ clientId: client.clientId, resource, kind: 'delegated', permissions, user });
    const refreshToken = `rt.${signer.keyId}.${randomUUID()}`;
    refreshGrants.set(refreshToken, { clientId: client.clientId, resource, permissions });
    const issuedAt = Math.floor(now() / 1000);
    const idToken = signer.sign({
      aud: client.clientId,
      iss: `${ctx.authorityHost}/${tenantId}/v2.0`,
      iat: issuedAt,
      nbf: issuedAt,
      exp: issuedAt + 3600,
      name: user.displayName ?? user.userPrincipalName,
      oid: user.id,
      preferred_username: user.userPrincipalName,
      sub: user.id,
      tid: tenantId,
      ver: '2.0',
    });
    return {
      status: 200,
      body: {
        token_type: 'Bearer',
        scope: [...permissions.map((permission) => `${resource}/${permission}`), 'openid', 'profile', 'offline_access'].join(' '),
        expires_in: issued.expiresInSeconds,
        ext_expires_in: issued.expiresInSeconds,
        access_token: issued.accessToken,
        refresh_token: refreshToken,
        id_token: idToken,
        client_info: Buffer.from(JSON.stringify({ uid: user.id, utid: tenantId })).toString('base64url'),
      },
    };
  }

  function tokenRequest(form: URLSearchParams, basicAuth: { clientId: string; secret: string } | undefined, ctx: RequestContext): Reply {
    if (!knownTenant(ctx.tenantSegment)) return { failure: entraErrors.unknownTenant(ctx.tenantSegment) };
    const grantType = form.get('grant_type');
    if (!grantType) return { failure: entraErrors.missingParameter('grant_type') };
    const clientId = form.get('client_id') ?? basicAuth?.clientId;
    if (!clientId) return { failure: entraErrors.missingParameter('client_id') };
    const client = clients.get(clientId.toLowerCase());
    if (!client) return { failure: entraErrors.unknownApplication(clientId, ctx.tenantSegment) };

    if (grantType === 'client_credentials') {
      const authFailure = authenticateConfidentialClient(client, form, basicAuth?.secret, ctx);
      if (authFailure) return { failure: authFailure };
      const scope = form.get('scope');
      if (!scope) return { failure: entraErrors.missingParameter('scope') };
      const requested = parseRequestedScopes(scope);
      if (requested.unknownResource) return { failure: entraErrors.unknownResource(requested.unknownResource, tenantId) };
      if (requested.permissions.length !== 1 || requested.permissions[0] !== '.default') return { failure: entraErrors.scopeWithoutDefault(scope) };
      const issued = tokens.issue({ clientId: client.clientId, resource: requested.resource, kind: 'app', permissions: client.roles ?? [] });
      return {
        status: 200,
        body: { token_type: 'Bearer', expires_in: issued.expiresInSeconds, ext_expires_in: issued.expiresInSeconds, access_token: issued.accessToken },
      };
    }

    if (deviceCodeGrantTypes.has(grantType)) {
      const deviceCode = form.get('device_code');
      if (!deviceCode) return { failure: entraErrors.missingParameter('device_code') };
      if (tokens.isRevoked(client.clientId)) return { failure: entraErrors.applicationDisabled(client.clientId) };
      const { state, code } = deviceCodes.lookup(deviceCode);
      if (state === 'unknown' || state === 'redeemed' || code?.clientId !== client.clientId) return { failure: entraErrors.invalidGrant('device_code') };
      if (state === 'expired') return { failure: entraErrors.deviceCodeExpired() };
      if (state === 'pending') return { failure: entraErrors.authorizationPending() };
      const requested = parseRequestedScopes(code.scope);
      const { granted, missing } = grantedPermissions(client, requested.permissions);
      if (missing.length > 0) return { failure: entraErrors.consentMissing(client.clientId, missing) };
      deviceCodes.redeem(deviceCode);
      return delegatedTokenResponse(client, requested.resource, granted, ctx);
    }

    if (grantType === 'refresh_token') {
      const refreshToken = form.get('refresh_token');
      if (!refreshToken) return { failure: entraErrors.missingParameter('refresh_token') };
      if (tokens.isRevoked(client.clientId)) return { failure: entraErrors.applicationDisabled(client.clientId) };
      const grant = refreshGrants.get(refreshToken);
      if (!grant || grant.clientId !== client.clientId) return { failure: entraErrors.invalidGrant('refresh_token') };
      refreshGrants.delete(refreshToken);
      return delegatedTokenResponse(client, grant.resource, grant.permissions, ctx);
    }

    return { failure: entraErrors.unsupportedGrantType(grantType) };
  }

  function deviceCodeRequest(form: URLSearchParams, ctx: RequestContext): Reply {
    if (!knownTenant(ctx.tenantSegment)) return { failure: entraErrors.unknownTenant(ctx.tenantSegment) };
    const clientId = form.get('client_id');
    if (!clientId) return { failure: entraErrors.missingParameter('client_id') };
    const client = clients.get(clientId.toLowerCase());
    if (!client) return { failure: entraErrors.unknownApplication(clientId, ctx.tenantSegment) };
    if (tokens.isRevoked(client.clientId)) return { failure: entraErrors.applicationDisabled(client.clientId) };
    const scope = form.get('scope');
    if (!scope) return { failure: entraErrors.missingParameter('scope') };
    const requested = parseRequestedScopes(scope);
    if (requested.unknownResource) return { failure: entraErrors.unknownResource(requested.unknownResource, tenantId) };
    const { deviceCode, userCode } = deviceCodes.issue(client.clientId, scope, deviceCodeLifetimeSeconds);
    const verificationUri = 'https://microsoft.com/devicelogin';
    return {
      status: 200,
      body: {
        user_code: userCode,
        device_code: deviceCode,
        verification_uri: verificationUri,
        expires_in: deviceCodeLifetimeSeconds,
        interval: pollIntervalSeconds,
        message: `To sign in, use a web browser to open the page ${verificationUri} and enter the code ${userCode} to authenticate.`,
      },
    };
  }

  function route(method: string, segments: string[], ctx: RequestContext, body: string, basicAuth: { clientId: string; secret: string } | undefined): Reply | undefined {
    const [tenant, ...rest] = segments;
    const path = rest.join('/');
    if (!tenant) return undefined;
    if (method === 'GET' && path === 'discovery/instance') return { status: 200, body: instanceDiscovery(ctx.authorityHost) };
    if (method === 'GET' && path === 'v2.0/.well-known/openid-configuration') {
      if (!knownTenant(tenant)) return { failure: entraErrors.unknownTenant(tenant), errorName: 'invalid_tenant' };
      return { status: 200, body: openIdConfiguration(ctx.authorityHost, tenant, tenantId) };
    }
    if (method === 'GET' && path === 'discovery/v2.0/keys') return { status: 200, body: signer.jwks() };
    if (method === 'POST' && path === 'oauth2/v2.0/token') return tokenRequest(new URLSearchParams(body), basicAuth, ctx);
    if (method === 'POST' && path === 'oauth2/v2.0/devicecode') return deviceCodeRequest(new URLSearchParams(body), ctx);
    return undefined;
  }

  return {
    handle(req: IncomingMessage, res: ServerResponse, url: URL, body: string, authorityHost: string): boolean {
      const segments = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
      const header = req.headers['client-request-id'];
      const ctx: RequestContext = {
        authorityHost: authorityHost.replace(/\/+$/, ''),
        requestOrigin: req.headers.host ? `${new URL(authorityHost).protocol}//${req.headers.host}` : undefined,
        tenantSegment: segments[0] ?? '',
        correlationId: typeof header === 'string' ? header : undefined,
      };
      const reply = route(req.method ?? 'GET', segments, ctx, body, parseBasicAuth(req.headers.authorization));
      if (!reply) return false;
      const { status, payload } =
        'failure' in reply
          ? {
              status: reply.failure.status,
              payload: { ...entraErrorBody(reply.failure, { nowMs: now(), correlationId: ctx.correlationId, authorityHost: ctx.authorityHost }), ...(reply.errorName ? { error: reply.errorName } : {}) },
            }
          : { status: reply.status, payload: reply.body };
      const text = JSON.stringify(payload);
      res.writeHead(status, {
        'content-type': 'application/json; charset=utf-8',
        'cache-control': 'no-store, no-cache',
        'content-length': Buffer.byteLength(text),
        ...(ctx.correlationId ? { 'client-request-id': ctx.correlationId } : {}),
      });
      res.end(text);
      return true;
    },
    verifyBearer: (authorization) => tokens.verify(authorization),
    revokeClient(clientId) {
      tokens.revoke(clients.get(clientId.toLowerCase())?.clientId ?? clientId);
    },
    expireTokensAfter(seconds) {
      tokens.expireAfter(seconds);
    },
  };
}

function parseBasicAuth(header: string | undefined): { clientId: string; secret: string } | undefined {
  const match = /^Basic\s+(\S+)$/i.exec(header ?? '');
  if (!match) return undefined;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon === -1) return undefined;
  return { clientId: decodeURIComponent(decoded.slice(0, colon)), secret: decodeURIComponent(decoded.slice(colon + 1)) };
}
