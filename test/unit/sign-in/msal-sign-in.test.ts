import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { SignInError } from '../../../src/core/errors.js';
import { generateClientCertificate, type ClientCertificate } from '../../../src/emulator/tls/index.js';
import { createTokenProvider, EntraSignInError, resolveConnection, verifySignIn, type ConnectionFlags } from '../../../src/graph/auth/index.js';
import { startSignInServer, type SignInServer } from './support/sign-in-server.js';

// msal-node itself (not a mock) against the emulator's sign-in service over verified HTTPS.

const tenantId = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const secretClientId = '11111111-1111-4111-8111-111111111111';
const certClientId = '22222222-2222-4222-8222-222222222222';
const publicClientId = '33333333-3333-4333-8333-333333333333';
const bareClientId = '44444444-4444-4444-8444-444444444444';
const secret = 'emulator-secret-value';
const roles = ['EntitlementManagement.ReadWrite.All', 'User.Read.All'];

let server: SignInServer;
let certificate: ClientCertificate;
let stranger: ClientCertificate;
let dir: string;
let caFile: string;

beforeAll(async () => {
  [certificate, stranger] = await Promise.all([generateClientCertificate('apbatch-app'), generateClientCertificate('someone-else')]);
  server = await startSignInServer({
    tenantId,
    deviceCodeApprovalDelayMs: 300,
    clients: [
      { clientId: secretClientId, clientSecret: secret, roles },
      { clientId: certClientId, certificatePem: certificate.certPem, roles },
      { clientId: publicClientId, roles: ['EntitlementManagement.ReadWrite.All'] },
      { clientId: bareClientId, clientSecret: secret },
    ],
  });
});

afterAll(async () => {
  await server.close();
});

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'apbatch-sign-in-'));
  caFile = join(dir, 'emulator-ca.pem');
  await writeFile(caFile, server.caCertPem);
});

afterEach(async () => {
  vi.useRealTimers();
  await rm(dir, { recursive: true, force: true });
});

function connect(flags: ConnectionFlags, env: Record<string, string> = {}) {
  return resolveConnection({ tenant: tenantId, authorityHost: server.authorityHost, caFile, ...flags }, env);
}

async function signInFailure(promise: Promise<unknown>): Promise<EntraSignInError> {
  const error = await promise.then(
    () => undefined,
    (failure: unknown) => failure,
  );
  expect(error).toBeInstanceOf(SignInError);
  expect(error).toBeInstanceOf(EntraSignInError);
  expect((error as SignInError).exitCode).toBe(3);
  return error as EntraSignInError;
}

describe('msal-node against the emulator', () => {
  it('gets an app token with a client secret, and the emulator accepts it', async () => {
    const provider = await createTokenProvider(connect({ clientId: secretClientId }, { AZURE_CLIENT_SECRET: secret }));
    expect(provider.kind).toBe('app');
    const token = await provider.getToken();
    expect(server.service.verifyBearer(`Bearer ${token}`)).toMatchObject({ ok: true, clientId: secretClientId, kind: 'app', roles });
    await verifySignIn(provider, { requiredPermissions: ['EntitlementManagement.ReadWrite.All'] });
    // msal was told the emulator is a known authority, so it never asked login.microsoftonline.com for instance discovery.
    expect(server.paths).toContain(`GET /${tenantId}/v2.0/.well-known/openid-configuration`);
    expect(server.paths).toContain(`POST /${tenantId}/oauth2/v2.0/token`);
  });

  it('gets an app token with a certificate (PEM with key and certificate), and the emulator accepts it', async () => {
    const pemPath = join(dir, 'app.pem');
    await writeFile(pemPath, `${certificate.keyPem}${certificate.certPem}`, { mode: 0o600 });
    const provider = await createTokenProvider(connect({ clientId: certClientId, certificate: pemPath }));
    const token = await provider.getToken();
    expect(server.service.verifyBearer(`Bearer ${token}`)).toMatchObject({ ok: true, clientId: certClientId, kind: 'app', roles });
  });

  it('gets a fresh token on forceRefresh', async () => {
    const provider = await createTokenProvider(connect({ clientId: secretClientId }, { AZURE_CLIENT_SECRET: secret }));
    const first = await provider.getToken();
    expect(await provider.getToken()).toBe(first);
    const second = await provider.getToken({ forceRefresh: true });
    expect(second).not.toBe(first);
    expect(server.service.verifyBearer(`Bearer ${second}`)).toMatchObject({ ok: true });
  });

  it('signs in with a device code: the prompt goes to the callback, the token is delegated, renewal needs no new prompt', async () => {
    const prompts: string[] = [];
    const provider = await createTokenProvider(connect({ clientId: publicClientId, deviceCode: true }), { deviceCodePrompt: (message) => prompts.push(message) });
    expect(provider.kind).toBe('delegated');
    expect(prompts).toHaveLength(1);
    expect(prompts[0]).toMatch(/^To sign in, use a web browser to open the page https:\/\/microsoft\.com\/devicelogin and enter the code [A-Z0-9]{9} to authenticate\.$/);
    const token = await provider.getToken();
    expect(server.service.verifyBearer(`Bearer ${token}`)).toMatchObject({ ok: true, clientId: publicClientId, kind: 'delegated', userId: '6e7b768e-07e2-4810-8459-485f84f8f204', roles: ['EntitlementManagement.ReadWrite.All'] });
    const renewed = await provider.getToken({ forceRefresh: true });
    expect(renewed).not.toBe(token);
    expect(server.service.verifyBearer(`Bearer ${renewed}`)).toMatchObject({ ok: true, kind: 'delegated' });
    expect(prompts).toHaveLength(1);
    await verifySignIn(provider, { requiredPermissions: ['EntitlementManagement.ReadWrite.All'] });
  });

  it('renews 5-second tokens across a 12-second span, every token handed out still valid at the emulator', async () => {
    const fast = await startSignInServer({ tenantId, tokenLifetimeSeconds: 5, clients: [{ clientId: secretClientId, clientSecret: secret, roles }] });
    try {
      await writeFile(caFile, fast.caCertPem);
      // Only Date is faked: msal, the provider and the emulator share this clock, while sockets and timers run for real.
      vi.useFakeTimers({ toFake: ['Date'] });
      const start = Date.UTC(2026, 10, 28, 12, 0, 0);
      vi.setSystemTime(start);
      const provider = await createTokenProvider(resolveConnection({ tenant: tenantId, clientId: secretClientId, authorityHost: fast.authorityHost, caFile }, { AZURE_CLIENT_SECRET: secret }));
      const tokens = new Set<string>();
      for (let elapsed = 0; elapsed <= 12_000; elapsed += 500) {
        vi.setSystemTime(start + elapsed);
        const token = await provider.getToken();
        tokens.add(token);
        expect(fast.service.verifyBearer(`Bearer ${token}`), `token at +${elapsed} ms`).toMatchObject({ ok: true });
      }
      const tokenRequests = fast.paths.filter((path) => path === `POST /${tenantId}/oauth2/v2.0/token`);
      // Renewed a second before each expiry: at 0, 4, 8 and 12 s.
      expect(tokenRequests).toHaveLength(4);
      expect(tokens.size).toBe(4);
    } finally {
      await fast.close();
    }
  });
});

describe('sign-in failures stop the program before anything is sent', () => {
  it('a wrong secret is AADSTS7000215, exit code 3, with a hint in plain words', async () => {
    const error = await signInFailure(createTokenProvider(connect({ clientId: secretClientId }, { AZURE_CLIENT_SECRET: 'not-the-secret' })));
    expect(error.entraErrorCode).toBe('AADSTS7000215');
    expect(error.message).toBe(
      `Sign-in failed: AADSTS7000215 invalid_client: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${secretClientId}'.`,
    );
    expect(error.hint).toBe('The client secret is wrong or expired: create a new one in the app registration (Certificates & secrets) and set AZURE_CLIENT_SECRET to its Value, not its Secret ID.');
    expect(JSON.stringify(error)).not.toContain('not-the-secret');
  });

  it('an unknown tenant is AADSTS90002', async () => {
    const settings = resolveConnection({ tenant: '00000000-0000-4000-8000-000000000000', clientId: secretClientId, authorityHost: server.authorityHost, caFile }, { AZURE_CLIENT_SECRET: secret });
    const error = await signInFailure(createTokenProvider(settings));
    expect(error.entraErrorCode).toBe('AADSTS90002');
    expect(error.hint).toContain("Tenant '00000000-0000-4000-8000-000000000000' does not exist");
  });

  it('an unknown application is AADSTS700016', async () => {
    const error = await signInFailure(createTokenProvider(connect({ clientId: '99999999-9999-4999-8999-999999999999' }, { AZURE_CLIENT_SECRET: secret })));
    expect(error.entraErrorCode).toBe('AADSTS700016');
    expect(error.hint).toContain('check --client-id');
  });

  it('a certificate not registered on the app is AADSTS700027', async () => {
    const pemPath = join(dir, 'wrong.pem');
    await writeFile(pemPath, `${stranger.certPem}${stranger.keyPem}`, { mode: 0o600 });
    const error = await signInFailure(createTokenProvider(connect({ clientId: certClientId, certificate: pemPath })));
    expect(error.entraErrorCode).toBe('AADSTS700027');
    expect(error.hint).toContain('upload its public certificate');
  });

  it('an unreachable sign-in host says so', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as { port: number }).port;
    await new Promise((resolve) => closed.close(resolve));
    const settings = resolveConnection({ tenant: tenantId, clientId: secretClientId, authorityHost: `https://127.0.0.1:${port}`, caFile }, { AZURE_CLIENT_SECRET: secret });
    const error = await signInFailure(createTokenProvider(settings));
    expect(error.message).toBe(`Sign-in failed: cannot reach https://127.0.0.1:${port} (ECONNREFUSED)`);
    expect(error.entraErrorCode).toBeUndefined();
  });

  it('a sign-in host whose CA is not trusted is refused, and the hint names --ca-file', async () => {
    const settings = resolveConnection({ tenant: tenantId, clientId: secretClientId, authorityHost: server.authorityHost }, { AZURE_CLIENT_SECRET: secret });
    const error = await signInFailure(createTokenProvider(settings));
    expect(error.message).toBe(`Sign-in failed: the certificate of ${server.authorityHost} is not trusted (UNABLE_TO_VERIFY_LEAF_SIGNATURE)`);
    expect(error.hint).toContain('--ca-file');
  });

  it('a token without the needed permission stops the run with a hint', async () => {
    const provider = await createTokenProvider(connect({ clientId: bareClientId }, { AZURE_CLIENT_SECRET: secret }));
    const error = await verifySignIn(provider, { requiredPermissions: ['EntitlementManagement.ReadWrite.All'] }).then(
      () => undefined,
      (failure: unknown) => failure as SignInError,
    );
    expect(error).toBeInstanceOf(SignInError);
    expect(error?.message).toBe('Signed in, but the token lacks the application permission EntitlementManagement.ReadWrite.All (it has: none)');
  });

  it('a revoked client fails on renewal with a SignInError', async () => {
    const local = await startSignInServer({ tenantId, clients: [{ clientId: secretClientId, clientSecret: secret, roles }] });
    try {
      await writeFile(caFile, local.caCertPem);
      const provider = await createTokenProvider(resolveConnection({ tenant: tenantId, clientId: secretClientId, authorityHost: local.authorityHost, caFile }, { AZURE_CLIENT_SECRET: secret }));
      local.service.revokeClient(secretClientId);
      const error = await signInFailure(provider.getToken({ forceRefresh: true }));
      expect(error.entraErrorCode).toBe('AADSTS7000215');
    } finally {
      await local.close();
    }
  });
});

describe('APBATCH_ACCESS_TOKEN', () => {
  it('is used as is, with one warning, and a forced refresh is a SignInError', async () => {
    const warnings: string[] = [];
    const claims = Buffer.from(JSON.stringify({ exp: Math.floor(Date.now() / 1000) + 3600 })).toString('base64url');
    const token = `eyJhbGciOiJub25lIn0.${claims}.sig`;
    const provider = await createTokenProvider(resolveConnection({}, { APBATCH_ACCESS_TOKEN: token }), { logger: { warn: (message) => warnings.push(message) } });
    expect(provider.kind).toBe('static');
    expect(await provider.getToken()).toBe(token);
    expect(await provider.getToken()).toBe(token);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^Using APBATCH_ACCESS_TOKEN as is: it cannot be renewed/);
    await expect(provider.getToken({ forceRefresh: true })).rejects.toBeInstanceOf(SignInError);
  });

  it('refuses a token that has already expired', async () => {
    const claims = Buffer.from(JSON.stringify({ exp: 1_000_000 })).toString('base64url');
    await expect(createTokenProvider(resolveConnection({}, { APBATCH_ACCESS_TOKEN: `x.${claims}.y` }))).rejects.toMatchObject({ exitCode: 3, message: 'APBATCH_ACCESS_TOKEN expired at 1970-01-12T13:46:40.000Z' });
  });
});
