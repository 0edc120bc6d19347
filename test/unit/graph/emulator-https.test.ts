import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { isAppError } from '../../../src/core/errors.js';
import { ExitCode } from '../../../src/core/exit-codes.js';
import type { RunningEmulator } from '../../../src/emulator/start-emulator.js';
import { createTokenProvider, resolveConnection } from '../../../src/graph/auth/index.js';
import { createGraphClient, type GraphClient } from '../../../src/graph/graph-client.js';
import { RequestLimiter } from '../../../src/graph/request-limiter.js';
import { sendAssignmentRequest } from '../../../src/graph/send-assignment-request.js';
import type { TokenProvider } from '../../../src/graph/token-provider.js';
import { isTransportError } from '../../../src/graph/transport-error.js';
import { packageId, policyId, startTestEmulator, upn, userId } from './emulator-fixture.js';

const addBody = (user: number) => ({
  requestType: 'adminAdd',
  assignment: { targetId: userId(user), assignmentPolicyId: policyId(2), accessPackageId: packageId(2) },
});

describe('the client over HTTPS with the emulator CA and real sign-in', () => {
  let emulator: RunningEmulator;
  let tokens: TokenProvider;
  let client: GraphClient;

  beforeAll(async () => {
    emulator = await startTestEmulator({ auth: true });
  });
  afterAll(async () => {
    await client?.close();
    await emulator.close();
  });
  beforeEach(async () => {
    emulator.reset();
    // reset() keeps the early-expiry fault: give tokens their normal life again.
    emulator.expireTokensAfter(3600);
    const [app] = emulator.clients;
    const settings = resolveConnection(
      { tenant: emulator.tenantId, clientId: app!.clientId, graphUrl: emulator.graphUrl, authorityHost: emulator.authorityHost, caFile: emulator.caCertPath },
      { AZURE_CLIENT_SECRET: app!.clientSecret },
    );
    tokens = await createTokenProvider(settings, { logger: undefined });
    await client?.close();
    client = createGraphClient({ graphUrl: emulator.graphUrl, tokenProvider: tokens, caPath: emulator.caCertPath, limiter: new RequestLimiter({ rate: 50 }) });
  });

  it('verifies the certificate with the given CA and reads Graph', async () => {
    expect(await client.get(`/users/${upn(7)}`, { $select: 'id' })).toMatchObject({ id: userId(7) });
  });

  it('refuses a server it cannot verify, as a request that never left', async () => {
    const untrusting = createGraphClient({ graphUrl: emulator.graphUrl, tokenProvider: tokens, limiter: new RequestLimiter({ rate: 50 }), maxRetries: 0 });
    try {
      await untrusting.get(`/users/${upn(7)}`);
      expect.unreachable('expected a TLS failure');
    } catch (error) {
      expect(isTransportError(error) && [error.failure, error.mayHaveReachedServer]).toEqual(['tls', false]);
    } finally {
      await untrusting.close();
    }
  });

  it('renews the token after Graph answers 401 and carries on', async () => {
    expect(await sendAssignmentRequest(addBody(201), { client })).toMatchObject({ kind: 'submitted' });
    // The token held dies in 3 s although its own expiry says an hour: only Graph's 401 can tell. The renewed
    // token lives 3 s too, ample for one POST even on a loaded machine (1 s was not, once).
    emulator.expireTokensAfter(3);
    await new Promise((resolve) => setTimeout(resolve, 3100));
    expect(await sendAssignmentRequest(addBody(202), { client })).toMatchObject({ kind: 'submitted', attempts: 1 });
    const graphCalls = emulator.requests().filter((entry) => entry.path.startsWith('/v1.0/'));
    expect(graphCalls.map((entry) => entry.status)).toEqual([201, 401, 201]);
  });

  // Last: a revoked client stays revoked for the rest of this emulator's life.
  it('stops with a sign-in error when the credentials are revoked mid-run, sending nothing more', async () => {
    expect(await sendAssignmentRequest(addBody(203), { client })).toMatchObject({ kind: 'submitted' });
    emulator.revokeClient(emulator.clients[0]!.clientId);
    emulator.expireTokensAfter(0);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    let stopped: unknown;
    try {
      await sendAssignmentRequest(addBody(204), { client });
    } catch (error) {
      stopped = error;
    }
    expect(isAppError(stopped) && stopped.exitCode).toBe(ExitCode.SignInFailed);
    expect([...emulator.state.requests.values()].filter((r) => r.targetId === userId(204))).toHaveLength(0);
  });
});
