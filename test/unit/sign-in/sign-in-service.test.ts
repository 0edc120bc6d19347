import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { generateClientCertificate, type ClientCertificate } from '../../../src/emulator/tls/index.js';
import { makeClientAssertion } from './support/client-assertion-jwt.js';
import { callJson, startSignInServer, type SignInServer } from './support/sign-in-server.js';

const tenantId = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const secretClientId = '11111111-1111-4111-8111-111111111111';
const certClientId = '22222222-2222-4222-8222-222222222222';
const publicClientId = '33333333-3333-4333-8333-333333333333';
const secret = 'emulator-secret-value';
const roles = ['EntitlementManagement.ReadWrite.All', 'User.Read.All'];
const graphDefault = 'https://graph.microsoft.com/.default';

let server: SignInServer;
let certificate: ClientCertificate;
let otherCertificate: ClientCertificate;
let clock = Date.UTC(2026, 10, 28, 12, 0, 0);
const nowSeconds = (): number => Math.floor(clock / 1000);

beforeAll(async () => {
  [certificate, otherCertificate] = await Promise.all([generateClientCertificate('registered'), generateClientCertificate('stranger')]);
  server = await startSignInServer({
    tenantId,
    tokenLifetimeSeconds: 3600,
    deviceCodeApprovalDelayMs: 2000,
    now: () => clock,
    clients: [
      { clientId: secretClientId, clientSecret: secret, roles },
      { clientId: certClientId, certificatePem: certificate.certPem, roles: ['EntitlementManagement.ReadWrite.All'] },
      { clientId: publicClientId, roles: ['EntitlementManagement.ReadWrite.All'] },
    ],
  });
});

afterAll(async () => {
  await server.close();
});

beforeEach(() => {
  clock = Date.UTC(2026, 10, 28, 12, 0, 0);
});

const tokenPath = `/${tenantId}/oauth2/v2.0/token`;
const tokenEndpoint = (): string => `${server.authorityHost}${tokenPath}`;

function secretRequest(overrides: Record<string, string> = {}): Record<string, string> {
  return { grant_type: 'client_credentials', client_id: secretClientId, client_secret: secret, scope: graphDefault, ...overrides };
}

function assertionRequest(assertion: string): Record<string, string> {
  return {
    grant_type: 'client_credentials',
    client_id: certClientId,
    client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
    client_assertion: assertion,
    scope: graphDefault,
  };
}

function expectEntraError(response: { status: number; body: Record<string, unknown> }, status: number, error: string, code: number): void {
  expect(response.status).toBe(status);
  expect(response.body.error).toBe(error);
  expect(response.body.error_codes).toEqual([code]);
  expect(String(response.body.error_description)).toMatch(new RegExp(`^AADSTS${code}: `));
}

describe('discovery documents', () => {
  it('answers instance discovery with the emulator as its own cloud', async () => {
    const host = new URL(server.authorityHost).host;
    const response = await callJson(server, 'GET', `/common/discovery/instance?api-version=1.1&authorization_endpoint=${encodeURIComponent(`${server.authorityHost}/${tenantId}/oauth2/v2.0/authorize`)}`);
    expect(response).toEqual({
      status: 200,
      body: {
        tenant_discovery_endpoint: `${server.authorityHost}/common/v2.0/.well-known/openid-configuration`,
        'api-version': '1.1',
        metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
      },
    });
  });

  it('serves the OpenID configuration with every endpoint on the emulator', async () => {
    const response = await callJson(server, 'GET', `/${tenantId}/v2.0/.well-known/openid-configuration`);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      issuer: `${server.authorityHost}/${tenantId}/v2.0`,
      token_endpoint: tokenEndpoint(),
      authorization_endpoint: `${server.authorityHost}/${tenantId}/oauth2/v2.0/authorize`,
      device_authorization_endpoint: `${server.authorityHost}/${tenantId}/oauth2/v2.0/devicecode`,
      jwks_uri: `${server.authorityHost}/${tenantId}/discovery/v2.0/keys`,
    });
    const keys = await callJson(server, 'GET', `/${tenantId}/discovery/v2.0/keys`);
    expect(keys.body.keys).toEqual([expect.objectContaining({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig' })]);
  });

  it('answers an unknown tenant with AADSTS90002', async () => {
    const response = await callJson(server, 'GET', '/00000000-0000-4000-8000-000000000000/v2.0/.well-known/openid-configuration');
    expectEntraError(response, 400, 'invalid_tenant', 90002);
  });

  it('leaves paths that are not sign-in paths to the caller', async () => {
    const response = await callJson(server, 'GET', '/v1.0/users');
    expect(response.status).toBe(404);
  });
});

describe('client credentials with a secret', () => {
  it('issues a Graph token that verifyBearer accepts with the app roles and the exact expiry', async () => {
    const response = await callJson(server, 'POST', tokenPath, secretRequest());
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ token_type: 'Bearer', expires_in: 3600, ext_expires_in: 3600 });
    const token = String(response.body.access_token);
    const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;
    expect(claims).toMatchObject({ aud: 'https://graph.microsoft.com', tid: tenantId, appid: secretClientId, roles, idtyp: 'app', iat: nowSeconds(), exp: nowSeconds() + 3600 });
    expect(server.service.verifyBearer(`Bearer ${token}`)).toEqual({ ok: true, clientId: secretClientId, kind: 'app', roles, expiresAt: clock + 3600_000 });
  });

  it('accepts the secret in a Basic authorization header too', async () => {
    const basic = Buffer.from(`${secretClientId}:${secret}`).toString('base64');
    const response = await callJson(server, 'POST', tokenPath, { grant_type: 'client_credentials', scope: graphDefault }, { authorization: `Basic ${basic}` });
    expect(response.status).toBe(200);
  });

  it('refuses a wrong secret with 401 invalid_client AADSTS7000215 and Entra error body', async () => {
    const response = await callJson(server, 'POST', tokenPath, secretRequest({ client_secret: 'wrong' }), { 'client-request-id': 'corr-123' });
    expectEntraError(response, 401, 'invalid_client', 7000215);
    expect(response.body).toMatchObject({ correlation_id: 'corr-123', timestamp: '2026-11-28 12:00:00Z', error_uri: `${server.authorityHost}/error?code=7000215` });
    expect(response.body.trace_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(String(response.body.error_description)).toContain(`for a secret added to app '${secretClientId}'`);
    expect(String(response.body.error_description)).toContain('Correlation ID: corr-123');
  });

  it('refuses an unknown application with 400 AADSTS700016 and an unknown tenant with 400 AADSTS90002', async () => {
    expectEntraError(await callJson(server, 'POST', tokenPath, secretRequest({ client_id: '44444444-4444-4444-8444-444444444444' })), 400, 'unauthorized_client', 700016);
    expectEntraError(await callJson(server, 'POST', '/contoso.example/oauth2/v2.0/token', secretRequest()), 400, 'invalid_request', 90002);
  });

  it('refuses a request with no credential, a scope without /.default, another resource, and an unknown grant', async () => {
    const { client_secret: _omitted, ...withoutSecret } = secretRequest();
    expectEntraError(await callJson(server, 'POST', tokenPath, withoutSecret), 401, 'invalid_client', 7000218);
    expectEntraError(await callJson(server, 'POST', tokenPath, secretRequest({ scope: 'https://graph.microsoft.com/User.Read.All' })), 400, 'invalid_scope', 1002012);
    expectEntraError(await callJson(server, 'POST', tokenPath, secretRequest({ scope: 'https://vault.azure.net/.default' })), 400, 'invalid_resource', 500011);
    expectEntraError(await callJson(server, 'POST', tokenPath, secretRequest({ grant_type: 'password' })), 400, 'unsupported_grant_type', 70003);
  });

  it('uses the audience of the national cloud the client asked for', async () => {
    const response = await callJson(server, 'POST', tokenPath, secretRequest({ scope: 'https://graph.microsoft.us/.default' }));
    const claims = JSON.parse(Buffer.from(String(response.body.access_token).split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;
    expect(claims.aud).toBe('https://graph.microsoft.us');
  });
});

describe('client credentials with a certificate assertion', () => {
  const assertion = (overrides: Partial<Parameters<typeof makeClientAssertion>[0]> = {}): string =>
    makeClientAssertion({ certPem: certificate.certPem, keyPem: certificate.keyPem, clientId: certClientId, audience: tokenEndpoint(), nowSeconds: nowSeconds(), ...overrides });

  it('accepts PS256 with x5t#S256 and RS256 with x5t, as msal-node signs them', async () => {
    for (const algorithm of ['PS256', 'RS256'] as const) {
      const response = await callJson(server, 'POST', tokenPath, assertionRequest(assertion({ algorithm })));
      expect(response.status).toBe(200);
      expect(server.service.verifyBearer(`Bearer ${String(response.body.access_token)}`)).toMatchObject({ ok: true, clientId: certClientId, kind: 'app', roles: ['EntitlementManagement.ReadWrite.All'] });
    }
  });

  it('accepts the audience of the host name the client called, localhost as well as 127.0.0.1', async () => {
    const port = new URL(server.authorityHost).port;
    const viaLocalhost = assertion({ audience: `https://localhost:${port}${tokenPath}` });
    expect((await callJson(server, 'POST', tokenPath, assertionRequest(viaLocalhost), { host: `localhost:${port}` })).status).toBe(200);
    expectEntraError(await callJson(server, 'POST', tokenPath, assertionRequest(viaLocalhost)), 400, 'invalid_request', 50027);
  });

  it('refuses a signature by another key under the registered thumbprint with AADSTS700027', async () => {
    const forged = assertion({ keyPem: otherCertificate.keyPem, headerCertPem: certificate.certPem });
    expectEntraError(await callJson(server, 'POST', tokenPath, assertionRequest(forged)), 401, 'invalid_client', 700027);
  });

  it('refuses a certificate that is not registered with AADSTS700027 naming its thumbprint', async () => {
    const response = await callJson(server, 'POST', tokenPath, assertionRequest(assertion({ certPem: otherCertificate.certPem, keyPem: otherCertificate.keyPem })));
    expectEntraError(response, 401, 'invalid_client', 700027);
    expect(String(response.body.error_description)).toContain(otherCertificate.thumbprintSha256Hex.toUpperCase());
  });

  it('refuses a wrong audience, an expired assertion, another issuer and a malformed one', async () => {
    expectEntraError(await callJson(server, 'POST', tokenPath, assertionRequest(assertion({ audience: 'https://login.microsoftonline.com/x/oauth2/v2.0/token' }))), 400, 'invalid_request', 50027);
    expectEntraError(await callJson(server, 'POST', tokenPath, assertionRequest(assertion({ nowSeconds: nowSeconds() - 3600 }))), 401, 'invalid_client', 700024);
    expectEntraError(await callJson(server, 'POST', tokenPath, assertionRequest(assertion({ claims: { iss: secretClientId, sub: secretClientId } }))), 401, 'invalid_client', 700021);
    expectEntraError(await callJson(server, 'POST', tokenPath, assertionRequest('not-a-jwt')), 400, 'invalid_request', 50027);
  });
});

describe('device code flow', () => {
  it('answers authorization_pending until the delay has passed, then issues a delegated token once', async () => {
    const start = await callJson(server, 'POST', `/${tenantId}/oauth2/v2.0/devicecode`, {
      client_id: publicClientId,
      scope: 'https://graph.microsoft.com/EntitlementManagement.ReadWrite.All openid profile offline_access',
    });
    expect(start.status).toBe(200);
    expect(start.body).toMatchObject({ verification_uri: 'https://microsoft.com/devicelogin', expires_in: 900, interval: 1 });
    expect(String(start.body.message)).toContain(String(start.body.user_code));
    const poll = { grant_type: 'urn:ietf:params:oauth:grant-type:device_code', client_id: publicClientId, device_code: String(start.body.device_code) };

    clock += 1999;
    expectEntraError(await callJson(server, 'POST', tokenPath, poll), 400, 'authorization_pending', 70016);
    clock += 1;
    const approved = await callJson(server, 'POST', tokenPath, poll);
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ token_type: 'Bearer', expires_in: 3600, scope: 'https://graph.microsoft.com/EntitlementManagement.ReadWrite.All openid profile offline_access' });
    expect(approved.body.id_token).toEqual(expect.any(String));
    expect(JSON.parse(Buffer.from(String(approved.body.client_info), 'base64url').toString('utf8'))).toEqual({ uid: '6e7b768e-07e2-4810-8459-485f84f8f204', utid: tenantId });
    expect(server.service.verifyBearer(`Bearer ${String(approved.body.access_token)}`)).toEqual({
      ok: true,
      clientId: publicClientId,
      kind: 'delegated',
      userId: '6e7b768e-07e2-4810-8459-485f84f8f204',
      roles: ['EntitlementManagement.ReadWrite.All'],
      expiresAt: clock + 3600_000,
    });
    expectEntraError(await callJson(server, 'POST', tokenPath, poll), 400, 'invalid_grant', 70000);

    const refreshed = await callJson(server, 'POST', tokenPath, { grant_type: 'refresh_token', client_id: publicClientId, refresh_token: String(approved.body.refresh_token) });
    expect(refreshed.status).toBe(200);
    expect(server.service.verifyBearer(`Bearer ${String(refreshed.body.access_token)}`)).toMatchObject({ ok: true, kind: 'delegated' });
  });

  it('expires an unused device code after 15 minutes and refuses scopes never consented', async () => {
    const start = await callJson(server, 'POST', `/${tenantId}/oauth2/v2.0/devicecode`, { client_id: publicClientId, scope: 'User.ReadWrite.All' });
    const poll = { grant_type: 'urn:ietf:params:oauth:grant-type:device_code', client_id: publicClientId, device_code: String(start.body.device_code) };
    clock += 2000;
    expectEntraError(await callJson(server, 'POST', tokenPath, poll), 400, 'invalid_grant', 65001);
    const again = await callJson(server, 'POST', `/${tenantId}/oauth2/v2.0/devicecode`, { client_id: publicClientId, scope: 'EntitlementManagement.ReadWrite.All' });
    clock += 900_000;
    expectEntraError(
      await callJson(server, 'POST', tokenPath, { ...poll, device_code: String(again.body.device_code) }),
      400,
      'expired_token',
      70020,
    );
  });

  it('refuses a device code request from an unknown application', async () => {
    expectEntraError(await callJson(server, 'POST', `/${tenantId}/oauth2/v2.0/devicecode`, { client_id: '55555555-5555-4555-8555-555555555555', scope: 'User.Read' }), 400, 'unauthorized_client', 700016);
  });
});

describe('verifyBearer', () => {
  it("answers a missing, malformed or foreign token with Graph's 401 InvalidAuthenticationToken", async () => {
    expect(server.service.verifyBearer(undefined)).toEqual({ ok: false, status: 401, code: 'InvalidAuthenticationToken', message: 'Access token is empty.' });
    expect(server.service.verifyBearer('Bearer not.a.jwt')).toMatchObject({ ok: false, status: 401, code: 'InvalidAuthenticationToken' });
    const other = await startSignInServer({ tenantId, clients: [{ clientId: secretClientId, clientSecret: secret }], now: () => clock });
    try {
      const foreign = await callJson(other, 'POST', tokenPath, secretRequest());
      expect(server.service.verifyBearer(`Bearer ${String(foreign.body.access_token)}`)).toMatchObject({ ok: false, message: 'Access token validation failure. Invalid signature.' });
    } finally {
      await other.close();
    }
  });

  it('rejects a token once it has expired on the injected clock', async () => {
    const token = String((await callJson(server, 'POST', tokenPath, secretRequest())).body.access_token);
    clock += 3599_999;
    expect(server.service.verifyBearer(`Bearer ${token}`)).toMatchObject({ ok: true });
    clock += 1;
    expect(server.service.verifyBearer(`Bearer ${token}`)).toEqual({ ok: false, status: 401, code: 'InvalidAuthenticationToken', message: 'Lifetime validation failed, the token is expired.' });
  });
});

describe('faults', () => {
  it('expireTokensAfter shortens existing and new tokens', async () => {
    const local = await startSignInServer({ tenantId, clients: [{ clientId: secretClientId, clientSecret: secret }], now: () => clock });
    try {
      const before = String((await callJson(local, 'POST', tokenPath, secretRequest())).body.access_token);
      clock += 10_000;
      local.service.expireTokensAfter(5);
      expect(local.service.verifyBearer(`Bearer ${before}`)).toMatchObject({ ok: true, expiresAt: clock + 5000 });
      const after = await callJson(local, 'POST', tokenPath, secretRequest());
      expect(after.body.expires_in).toBe(5);
      clock += 5000;
      expect(local.service.verifyBearer(`Bearer ${before}`)).toMatchObject({ ok: false, message: 'Lifetime validation failed, the token is expired.' });
      expect(local.service.verifyBearer(`Bearer ${String(after.body.access_token)}`)).toMatchObject({ ok: false });
      const fresh = await callJson(local, 'POST', tokenPath, secretRequest());
      expect(local.service.verifyBearer(`Bearer ${String(fresh.body.access_token)}`)).toMatchObject({ ok: true, expiresAt: clock + 5000 });
    } finally {
      await local.close();
    }
  });

  it('revokeClient rejects existing tokens and refuses new ones with invalid_client', async () => {
    const local = await startSignInServer({ tenantId, clients: [{ clientId: secretClientId, clientSecret: secret }, { clientId: certClientId, certificatePem: certificate.certPem }], now: () => clock });
    try {
      const token = String((await callJson(local, 'POST', tokenPath, secretRequest())).body.access_token);
      local.service.revokeClient(secretClientId);
      local.service.revokeClient(certClientId);
      expect(local.service.verifyBearer(`Bearer ${token}`)).toMatchObject({ ok: false, status: 401, code: 'InvalidAuthenticationToken' });
      expectEntraError(await callJson(local, 'POST', tokenPath, secretRequest()), 401, 'invalid_client', 7000215);
      const assertion = makeClientAssertion({ certPem: certificate.certPem, keyPem: certificate.keyPem, clientId: certClientId, audience: `${local.authorityHost}${tokenPath}`, nowSeconds: nowSeconds() });
      expectEntraError(await callJson(local, 'POST', tokenPath, assertionRequest(assertion)), 401, 'invalid_client', 700027);
    } finally {
      await local.close();
    }
  });
});
