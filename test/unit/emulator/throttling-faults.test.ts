import { afterEach, describe, expect, test } from 'vitest';
import type { EmulatorOptions } from '../../../src/emulator/emulator-options.js';
import type { RunningEmulator } from '../../../src/emulator/start-emulator.js';
import type { LoggedRequest } from '../../../src/emulator/http/request-log.js';
import { addBody, call, EM, errorOf, manualClock, startSampleEmulator, user, type Entity, REQUESTS } from './helpers.js';


let emulator: RunningEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

async function start(options: EmulatorOptions = {}) {
  const clock = manualClock();
  const slept: number[] = [];
  emulator = await startSampleEmulator({
    clock: clock.now,
    sleep: async (ms) => {
      slept.push(ms);
    },
    ...options,
  });
  return { e: emulator, clock, slept };
}

const getUser = (e: RunningEmulator) => call(e, 'GET', `/v1.0/users/${user(1)}`);

describe('throttling', () => {
  test('a token bucket per client answers 429 TooManyRequests with Retry-After in seconds, and refills', async () => {
    const { e, clock } = await start({ throttle: { rate: 2, burst: 3 } });
    const statuses = [];
    for (let i = 0; i < 4; i += 1) statuses.push((await getUser(e)).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const throttled = await getUser(e);
    expect(throttled.headers.get('retry-after')).toBe('1');
    expect(errorOf(throttled).code).toBe('TooManyRequests');
    expect(throttled.headers.get('request-id')).not.toBeNull();
    clock.advance(499);
    expect((await getUser(e)).status).toBe(429);
    clock.advance(1);
    expect((await getUser(e)).status).toBe(200);
    const log = e.requests();
    expect(log.at(-2)?.actions).toEqual(['throttled: retry after 1s']);
  });

  test('a slow rate gives a longer Retry-After', async () => {
    const { e } = await start({ throttle: { rate: 0.25, burst: 1 } });
    expect((await getUser(e)).status).toBe(200);
    expect((await getUser(e)).headers.get('retry-after')).toBe('4');
  });

  test('throttling can be switched on and off while running', async () => {
    const { e } = await start();
    e.setThrottle({ rate: 1, burst: 1 });
    expect([(await getUser(e)).status, (await getUser(e)).status]).toEqual([200, 429]);
    await call(e, 'POST', '/_emulator/throttle', 'null');
    expect((await getUser(e)).status).toBe(200);
  });
});

describe('$batch', () => {
  test('more than 20 steps is 400 BadRequest', async () => {
    const { e } = await start();
    const requests = Array.from({ length: 21 }, (_, i) => ({ id: String(i), method: 'GET', url: `/users/${user(1)}` }));
    const answer = await call(e, 'POST', '/v1.0/$batch', { requests });
    expect([answer.status, errorOf(answer).code, errorOf(answer).message]).toEqual([
      400,
      'BadRequest',
      'Number of batch request steps exceeds the maximum of 20.',
    ]);
  });

  test('every step is answered, and throttled, on its own', async () => {
    const { e } = await start({ throttle: { rate: 1, burst: 3 } });
    const requests = [
      { id: 'a', method: 'GET', url: `/users/${user(1)}?$select=id` },
      { id: 'b', method: 'GET', url: '/users/nobody@contoso.com' },
      { id: 'c', method: 'POST', url: '/identityGovernance/entitlementManagement/assignmentRequests', body: addBody(user(20)), headers: { 'Content-Type': 'application/json' } },
      { id: 'd', method: 'GET', url: `/users/${user(2)}` },
    ];
    const answer = await call(e, 'POST', '/v1.0/$batch', { requests });
    expect(answer.status).toBe(200);
    const responses = answer.body.responses as { id: string; status: number; headers: Record<string, string>; body: Entity }[];
    expect(responses.map((r) => [r.id, r.status])).toEqual([
      ['a', 200],
      ['b', 404],
      ['c', 201],
      ['d', 429],
    ]);
    expect(responses[0]!.body.id).toBe(user(1));
    expect((responses[1]!.body.error as Entity).code).toBe('Request_ResourceNotFound');
    expect(responses[3]!.headers['Retry-After']).toBe('1');
    const log = e.requests();
    expect(log.map((entry) => [entry.method, entry.status, entry.batchSeq ?? null])).toEqual([
      ['POST', 200, null],
      ['GET', 200, 1],
      ['GET', 404, 1],
      ['POST', 201, 1],
      ['GET', 429, 1],
    ]);
    expect((e.state.snapshot().requests).map((r) => r.targetId)).toEqual([user(20)]);
  });
});

describe('faults', () => {
  test('503 without and with Retry-After, and 504, on the Nth request', async () => {
    const { e } = await start({
      faults: {
        retryAfterSeconds: 7,
        onRequests: [
          { nth: 2, kind: '503' },
          { nth: 3, kind: '503-retry-after' },
          { nth: 4, kind: '504' },
        ],
      },
    });
    const answers = [];
    for (let i = 0; i < 5; i += 1) answers.push(await getUser(e));
    expect(answers.map((a) => a.status)).toEqual([200, 503, 503, 504, 200]);
    expect(answers[1]!.headers.get('retry-after')).toBeNull();
    expect(answers[2]!.headers.get('retry-after')).toBe('7');
    expect(errorOf(answers[1]!).code).toBe('ServiceUnavailable');
    expect(errorOf(answers[3]!).code).toBe('GatewayTimeout');
  });

  test('a reset before the call: the client sees a reset and nothing was created', async () => {
    const { e } = await start({ faults: { onRequests: [{ nth: 1, kind: 'reset-before', method: 'POST' }] } });
    await expect(call(e, 'POST', REQUESTS, addBody(user(20)))).rejects.toThrow();
    expect(e.state.snapshot().requests).toEqual([]);
    expect(e.requests()[0]).toMatchObject({ method: 'POST', status: null, actions: ['fault: reset-before'] });
  });

  test('a reset after the call: the client sees a reset but the request exists', async () => {
    const { e } = await start({ faults: { onRequests: [{ nth: 1, kind: 'reset-after', method: 'POST' }] } });
    await expect(call(e, 'POST', REQUESTS, addBody(user(20)))).rejects.toThrow();
    const created = e.state.snapshot().requests;
    expect(created.map((r) => [r.requestType, r.targetId])).toEqual([['adminAdd', user(20)]]);
    const entry = e.requests()[0]!;
    expect(entry.status).toBe(201);
    expect(entry.actions).toEqual(['fault: reset-after', `created request ${created[0]!.id} (adminAdd, submitted)`]);
    const lookup = await call(e, 'GET', `${REQUESTS}?$filter=accessPackage/id eq '${created[0]!.accessPackageId}' and assignment/target/objectId eq '${user(20)}'`);
    expect((lookup.body.value as Entity[]).map((r) => r.id)).toEqual([created[0]!.id]);
    const retry = await call(e, 'POST', REQUESTS, addBody(user(20)));
    expect(errorOf(retry).details[0]?.code).toBe('ExistingOpenRequest');
  });

  test('slow responses and latency wait through the injected sleep', async () => {
    const { e, slept } = await start({ latency: 15, faults: { slowMs: 2500, onRequests: [{ nth: 2, kind: 'slow' }] } });
    await getUser(e);
    await getUser(e);
    expect(slept).toEqual([15, 2500, 15]);
    e.setLatency({ minMs: 10, maxMs: 20 });
    for (let i = 0; i < 5; i += 1) await getUser(e);
    expect(slept.slice(3).every((ms) => ms >= 10 && ms <= 20)).toBe(true);
  });

  test('a slow answer after the call: the request exists before the answer leaves', async () => {
    const { e, slept } = await start({ faults: { slowMs: 2500, onRequests: [{ nth: 1, kind: 'slow-after', method: 'POST' }] } });
    const answer = await call(e, 'POST', REQUESTS, addBody(user(21)));
    expect(answer.status).toBe(201);
    expect(slept).toEqual([2500]);
    expect(e.requests()[0]!.actions).toEqual(['fault: slow-after', `created request ${e.state.snapshot().requests[0]!.id} (adminAdd, submitted)`]);
  });

  test('probabilistic faults are the same for the same seed', async () => {
    const run = async (seed: number) => {
      const { e } = await start({ faults: { seed, probabilities: { '503': 0.3, '504': 0.2 } } });
      const statuses = [];
      for (let i = 0; i < 20; i += 1) statuses.push((await getUser(e)).status);
      await e.close();
      emulator = undefined;
      return statuses;
    };
    const first = await run(5);
    expect(await run(5)).toEqual(first);
    expect(first).toContain(200);
    expect(first).toContain(503);
    expect(first).toContain(504);
  });

  test('probabilistic faults can be limited to some methods', async () => {
    const { e } = await start({ faults: { probabilities: { '503': 1 }, methods: ['POST'] } });
    expect((await getUser(e)).status).toBe(200);
    expect((await call(e, 'POST', REQUESTS, addBody(user(20)))).status).toBe(503);
  });
});

describe('request log and reset', () => {
  test('the log lists every call in order with body, status and action; reset restores the directory', async () => {
    const { e } = await start({ deliveryDelayMs: 0 });
    await call(e, 'GET', `${EM}/accessPackages?$filter=displayName eq 'Sales Tools'`);
    const created = await call(e, 'POST', REQUESTS, addBody(user(20)));
    await call(e, 'POST', REQUESTS, addBody(user(1)));
    const log = (await call(e, 'GET', '/_emulator/requests')).body.value as LoggedRequest[];
    expect(log.map((entry) => [entry.seq, entry.method, entry.path, entry.status])).toEqual([
      [1, 'GET', `${EM}/accessPackages`, 200],
      [2, 'POST', REQUESTS, 201],
      [3, 'POST', REQUESTS, 409],
    ]);
    expect(log[0]!.query).toBe("?$filter=displayName%20eq%20%27Sales%20Tools%27");
    expect(log[1]!.body).toEqual(addBody(user(20)));
    expect(log[1]!.actions).toEqual([`created request ${created.body.id as string} (adminAdd, submitted)`]);
    const state = (await call(e, 'GET', '/_emulator/state')).body;
    expect((state.requests as Entity[]).map((r) => [r.id, r.state])).toEqual([[created.body.id, 'delivered']]);
    expect((state.assignments as Entity[]).length).toBe(19);

    expect((await call(e, 'POST', '/_emulator/reset')).status).toBe(200);
    expect(e.requests()).toEqual([]);
    const after = (await call(e, 'GET', '/_emulator/state')).body;
    expect([(after.requests as Entity[]).length, (after.assignments as Entity[]).length]).toEqual([0, 18]);
    const again = await call(e, 'POST', REQUESTS, addBody(user(20)));
    expect(again.body.id).toBe(created.body.id);
  });
});

describe('control endpoints', () => {
  test('faults, latency and throttling can be set over HTTP while running', async () => {
    const { e, slept } = await start();
    expect((await call(e, 'POST', '/_emulator/faults', { onRequests: [{ nth: 1, kind: '504' }] })).status).toBe(200);
    expect((await getUser(e)).status).toBe(504);
    expect((await call(e, 'POST', '/_emulator/latency', { ms: 40 })).status).toBe(200);
    expect((await getUser(e)).status).toBe(200);
    expect(slept).toEqual([40]);
    expect((await call(e, 'POST', '/_emulator/throttle', { rate: 1, burst: 1 })).status).toBe(200);
    expect([(await getUser(e)).status, (await getUser(e)).status]).toEqual([200, 429]);
    const unknown = await call(e, 'POST', '/_emulator/nothing');
    expect(unknown.status).toBe(404);
    const notPending = await call(e, 'POST', '/_emulator/assignment-requests/f0000000-0000-4000-8000-000000000001/approve');
    expect([notPending.status, (notPending.body.error as Entity).code]).toEqual([404, 'NotPendingApproval']);
  });
});
