import { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { readFile } from 'node:fs/promises';
import { startEmulator, type RunningEmulator } from '../../../src/emulator/start-emulator.js';
import { EM, manualClock, SAMPLE_DIRECTORY, user } from './helpers.js';

const NO_ROLES_CLIENT = { clientId: '0a0b0c0d-0000-4000-8000-00000000aaaa', clientSecret: 'no-roles-secret', roles: [] };
const READ_ONLY_CLIENT = {
  clientId: '0a0b0c0d-0000-4000-8000-00000000bbbb',
  clientSecret: 'read-only-secret',
  roles: ['EntitlementManagement.Read.All', 'User.Read.All'],
};
const REVOKED_CLIENT = { clientId: '0a0b0c0d-0000-4000-8000-00000000cccc', clientSecret: 'soon-revoked', roles: ['User.Read.All'] };

describe('Graph over HTTPS with the sign-in service', () => {
  let emulator: RunningEmulator;
  let agent: Agent;
  const clock = manualClock();

  beforeAll(async () => {
    emulator = await startEmulator({ directoryPath: SAMPLE_DIRECTORY, clock: clock.now, tokenLifetimeSeconds: 600, extraClients: [NO_ROLES_CLIENT, READ_ONLY_CLIENT, REVOKED_CLIENT] });
    agent = new Agent({ connect: { ca: emulator.caCertPem } });
  });
  afterAll(async () => {
    await agent.close();
    await emulator.close();
  });

  // Node's fetch takes undici's `dispatcher`, which lib.dom's RequestInit does not declare.
  const httpsFetch = (url: string, init: RequestInit = {}) => fetch(url, Object.assign({}, init, { dispatcher: agent }));

  async function tokenFor(client: { clientId: string; clientSecret?: string }): Promise<string> {
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: client.clientId,
      client_secret: client.clientSecret ?? '',
      scope: 'https://graph.microsoft.com/.default',
    });
    const response = await httpsFetch(`${emulator.authorityHost}/${emulator.tenantId}/oauth2/v2.0/token`, { method: 'POST', body: form });
    expect(response.status).toBe(200);
    return ((await response.json()) as { access_token: string }).access_token;
  }

  const graph = async (token: string | null, path: string, init: RequestInit = {}) => {
    const response = await httpsFetch(`${emulator.graphUrl}${path}`, {
      ...init,
      headers: { ...(token === null ? {} : { authorization: `Bearer ${token}` }), 'content-type': 'application/json' },
    });
    return { status: response.status, body: (await response.json()) as { error?: { code: string }; [k: string]: unknown } };
  };

  test('the ready values: https URLs, the CA written to caCertPath, the demo client', async () => {
    expect(emulator.graphUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(emulator.graphHttpUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(emulator.authorityHost).toBe(emulator.graphUrl);
    expect(await readFile(emulator.caCertPath, 'utf8')).toBe(emulator.caCertPem);
    expect(emulator.tenantId).toBe('72f988bf-0000-4000-8000-000000000000');
    expect(emulator.clients[0]).toEqual({ clientId: '0a0b0c0d-0000-4000-8000-00000000d3e0', clientSecret: 'apbatch-demo-secret' });
  });

  test('a client-credentials token reads and writes Graph over verified HTTPS', async () => {
    const token = await tokenFor(emulator.clients[0]!);
    const me = await graph(token, `/v1.0/users/${user(5)}?$select=id`);
    expect([me.status, me.body.id]).toEqual([200, user(5)]);
    const created = await graph(token, `${EM}/assignmentRequests`, {
      method: 'POST',
      body: JSON.stringify({
        requestType: 'adminAdd',
        assignment: { targetId: user(35), accessPackageId: 'b0000000-0000-4000-8000-000000000003', assignmentPolicyId: 'd0000000-0000-4000-8000-000000000004' },
      }),
    });
    expect(created.status).toBe(201);
    expect(emulator.requests().at(-1)?.clientId).toBe('0a0b0c0d-0000-4000-8000-00000000d3e0');
  });

  test('a missing or malformed token is 401 InvalidAuthenticationToken', async () => {
    const missing = await graph(null, `/v1.0/users/${user(5)}`);
    expect([missing.status, missing.body.error?.code]).toEqual([401, 'InvalidAuthenticationToken']);
    const malformed = await graph('not.a.jwt', `/v1.0/users/${user(5)}`);
    expect([malformed.status, malformed.body.error?.code]).toEqual([401, 'InvalidAuthenticationToken']);
  });

  test('an expired token is 401, also when the emulator expires tokens early', async () => {
    const token = await tokenFor(emulator.clients[0]!);
    expect((await graph(token, `/v1.0/users/${user(5)}`)).status).toBe(200);
    emulator.expireTokensAfter(30);
    clock.advance(29_000);
    expect((await graph(token, `/v1.0/users/${user(5)}`)).status).toBe(200);
    clock.advance(2_000);
    const expired = await graph(token, `/v1.0/users/${user(5)}`);
    expect([expired.status, expired.body.error?.code]).toEqual([401, 'InvalidAuthenticationToken']);
  });

  test("a revoked client's tokens are refused at once, although Graph saw them before", async () => {
    const token = await tokenFor(REVOKED_CLIENT);
    expect((await graph(token, `/v1.0/users/${user(5)}`)).status).toBe(200);
    emulator.revokeClient(REVOKED_CLIENT.clientId);
    const revoked = await graph(token, `/v1.0/users/${user(5)}`);
    expect([revoked.status, revoked.body.error?.code]).toEqual([401, 'InvalidAuthenticationToken']);
  });

  test('a token without the needed permission is 403 Authorization_RequestDenied', async () => {
    const none = await tokenFor(NO_ROLES_CLIENT);
    const denied = await graph(none, `${EM}/accessPackages`);
    expect([denied.status, denied.body.error?.code]).toEqual([403, 'Authorization_RequestDenied']);
    const readOnly = await tokenFor(READ_ONLY_CLIENT);
    expect((await graph(readOnly, `${EM}/accessPackages`)).status).toBe(200);
    const write = await graph(readOnly, `${EM}/assignmentRequests`, { method: 'POST', body: '{}' });
    expect([write.status, write.body.error?.code]).toEqual([403, 'Authorization_RequestDenied']);
  });

  test('a stub verifier can stand in for the sign-in service', async () => {
    const stubbed = await startEmulator({
      directoryPath: SAMPLE_DIRECTORY,
      verifyBearer: (authorization) =>
        authorization === 'Bearer test'
          ? { ok: true, clientId: 'stub', kind: 'delegated', userId: user(30), roles: ['EntitlementManagement.ReadWrite.All'], expiresAt: Number.MAX_SAFE_INTEGER }
          : { ok: false, status: 401, code: 'InvalidAuthenticationToken', message: 'no' },
    });
    try {
      const response = await fetch(`${stubbed.graphHttpUrl}${EM}/assignmentRequests`, {
        method: 'POST',
        headers: { authorization: 'Bearer test', 'content-type': 'application/json' },
        body: JSON.stringify({ requestType: 'userAdd', assignment: { accessPackageId: 'b0000000-0000-4000-8000-000000000002' } }),
      });
      expect(response.status).toBe(201);
      expect(stubbed.state.snapshot().requests.map((r) => [r.targetId, r.requestorId])).toEqual([[user(30), user(30)]]);
    } finally {
      await stubbed.close();
    }
  });
});

describe('faults over HTTPS', () => {
  test('a reset after the call closes the TLS connection; the request exists', async () => {
    const emulator = await startEmulator({ directoryPath: SAMPLE_DIRECTORY, auth: false, faults: { onRequests: [{ nth: 1, kind: 'reset-after' }] } });
    const agent = new Agent({ connect: { ca: emulator.caCertPem } });
    try {
      const body = JSON.stringify({
        requestType: 'adminAdd',
        assignment: { targetId: user(36), accessPackageId: 'b0000000-0000-4000-8000-000000000003', assignmentPolicyId: 'd0000000-0000-4000-8000-000000000004' },
      });
      const init: RequestInit = { method: 'POST', body, headers: { 'content-type': 'application/json' } };
      const attempt = fetch(`${emulator.graphUrl}${EM}/assignmentRequests`, Object.assign({}, init, { dispatcher: agent }));
      await expect(attempt).rejects.toThrow();
      expect(emulator.state.snapshot().requests.map((r) => r.targetId)).toEqual([user(36)]);
    } finally {
      await agent.close();
      await emulator.close();
    }
  });
});
