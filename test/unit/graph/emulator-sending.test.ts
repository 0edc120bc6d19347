import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../../src/emulator/start-emulator.js';
import type { GraphClient } from '../../../src/graph/graph-client.js';
import { NameResolver } from '../../../src/graph/name-resolver.js';
import { prepareRow } from '../../../src/graph/prepare-row.js';
import { getRequestStates } from '../../../src/graph/request-states.js';
import { sendAssignmentRequest, type SendAssignmentResult } from '../../../src/graph/send-assignment-request.js';
import { assignmentId, clientFor, packageId, policyId, row, startTestEmulator, upn, userId } from './emulator-fixture.js';

const POST_PATH = '/v1.0/identityGovernance/entitlementManagement/assignmentRequests';

function addBody(user: number, pkg = 2, policy = pkg) {
  return { requestType: 'adminAdd', assignment: { targetId: userId(user), assignmentPolicyId: policyId(policy), accessPackageId: packageId(pkg) } };
}

describe('sending assignment requests to the emulator', () => {
  let emulator: RunningEmulator;
  let client: GraphClient | undefined;

  beforeAll(async () => {
    emulator = await startTestEmulator();
  });
  afterAll(async () => {
    await emulator.close();
  });
  beforeEach(async () => {
    await client?.close();
    client = undefined;
    emulator.setThrottle(null);
    emulator.setFaults({});
    emulator.setLatency(0);
    emulator.reset();
  });

  const posts = () => emulator.requests().filter((entry) => entry.method === 'POST' && entry.path === POST_PATH);
  const requestsFor = (user: number, pkg: number) =>
    [...emulator.state.requests.values()].filter((r) => r.targetId === userId(user) && r.accessPackageId === packageId(pkg));

  it('gets every row submitted through a storm of 429s, pausing every request for the Retry-After', { timeout: 60_000 }, async () => {
    emulator.setThrottle({ rate: 4, burst: 3 });
    client = clientFor(emulator, { rate: 20, concurrency: 4 });
    const users = Array.from({ length: 16 }, (_, i) => 100 + i);
    const results = await Promise.all(users.map((user) => sendAssignmentRequest(addBody(user), { client: client! })));

    expect(results.map((r) => r.kind)).toEqual(users.map(() => 'submitted'));
    expect(client.limiter.stats.throttled).toBeGreaterThan(0);
    expect(client.limiter.currentRate).toBeLessThan(20);
    for (const user of users) expect(requestsFor(user, 2)).toHaveLength(1);
    const log = emulator.requests();
    const throttled = log.filter((entry) => entry.status === 429);
    expect(throttled.length).toBeGreaterThan(0);
    expect(posts()).toHaveLength(16 + throttled.length);
    // The emulator's Retry-After is 1 s here (4 tokens/s). Requests already in flight when a 429 was answered may
    // arrive right after it; after that, nothing may arrive until the pause is over (bounds are generous).
    for (const entry of throttled) {
      const at = Date.parse(entry.time);
      const during = log.filter((other) => Date.parse(other.time) > at + 150 && Date.parse(other.time) < at + 900);
      expect(during.map((other) => `${other.seq} ${other.time}`)).toEqual([]);
    }
  });

  it('sends again after a 503 with Retry-After, waiting as told', async () => {
    emulator.setFaults({ onRequests: [{ nth: 1, method: 'POST', kind: '503-retry-after' }], retryAfterSeconds: 1 });
    client = clientFor(emulator);
    const result = await sendAssignmentRequest(addBody(120), { client });
    expect(result).toMatchObject({ kind: 'submitted', attempts: 2, adopted: false });
    const [first, second] = posts();
    expect(first?.status).toBe(503);
    expect(second?.status).toBe(201);
    expect(Date.parse(second!.time) - Date.parse(first!.time)).toBeGreaterThanOrEqual(950);
    expect(emulator.requests()).toHaveLength(2);
  });

  it('sends again after a 503 without Retry-After, backing off, without looking first', async () => {
    emulator.setFaults({ onRequests: [{ nth: 1, method: 'POST', kind: '503' }] });
    client = clientFor(emulator, { random: () => 0.2 });
    const result = await sendAssignmentRequest(addBody(121), { client });
    expect(result).toMatchObject({ kind: 'submitted', attempts: 2 });
    expect(emulator.requests().map((e) => `${e.method} ${e.status}`)).toEqual(['POST 503', 'POST 201']);
  });

  it('after a reset once the request was carried out, adopts it: nothing is created twice', async () => {
    emulator.setFaults({ onRequests: [{ nth: 1, method: 'POST', kind: 'reset-after' }] });
    client = clientFor(emulator);
    const result = await sendAssignmentRequest(addBody(122), { client });
    const [created] = requestsFor(122, 2);
    expect(result).toMatchObject({ kind: 'submitted', requestId: created?.id, attempts: 1, adopted: true });
    expect(requestsFor(122, 2)).toHaveLength(1);
    expect(posts()).toHaveLength(1);
    expect(emulator.requests().map((e) => e.method)).toEqual(['POST', 'GET']);
  });

  it('after a reset, adopts an add that is waiting for approval (no assignment yet), nothing created twice', async () => {
    emulator.setFaults({ onRequests: [{ nth: 1, method: 'POST', kind: 'reset-after' }] });
    client = clientFor(emulator);
    const approval = {
      requestType: 'adminAdd',
      assignment: { targetId: userId(126), assignmentPolicyId: policyId(101), accessPackageId: packageId(1) },
      answers: [{ '@odata.type': '#microsoft.graph.accessPackageAnswerString', value: 'audit', answeredQuestion: { '@odata.type': '#microsoft.graph.accessPackageTextInputQuestion', id: 'e0000000-0000-4000-8000-000000000001' } }],
    };
    const result = await sendAssignmentRequest(approval, { client });
    const [created] = requestsFor(126, 1);
    expect(result).toMatchObject({ kind: 'submitted', requestId: created?.id, state: 'pendingApproval', adopted: true });
    expect(requestsFor(126, 1)).toHaveLength(1);
    expect(posts()).toHaveLength(1);
  });

  it('after a reset before the request was carried out, looks, finds nothing, and sends once more', async () => {
    emulator.setFaults({ onRequests: [{ nth: 1, method: 'POST', kind: 'reset-before' }] });
    client = clientFor(emulator);
    const result = await sendAssignmentRequest(addBody(123), { client });
    expect(result).toMatchObject({ kind: 'submitted', attempts: 2, adopted: false });
    expect(requestsFor(123, 2)).toHaveLength(1);
    expect(emulator.requests().map((e) => e.method)).toEqual(['POST', 'GET', 'POST']);
  });

  it('after a 504, adopts the request if one was made, never duplicating it', async () => {
    emulator.setFaults({ onRequests: [{ nth: 1, method: 'POST', kind: '504' }] });
    client = clientFor(emulator);
    const result = await sendAssignmentRequest(addBody(124), { client });
    expect(result).toMatchObject({ kind: 'submitted', attempts: 2 });
    expect(requestsFor(124, 2)).toHaveLength(1);
  });

  it('reconciles a response slower than the timeout instead of duplicating it', { timeout: 30_000 }, async () => {
    emulator.setFaults({ onRequests: [{ nth: 1, method: 'POST', kind: 'slow' }], slowMs: 1500 });
    client = clientFor(emulator, { timeoutMs: 400, random: () => 0.5 });
    const result = await sendAssignmentRequest(addBody(125), { client });
    expect(result.kind).toBe('submitted');
    // Let the slow call finish on the emulator's side before counting.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(requestsFor(125, 2)).toHaveLength(1);
  });

  it('adopts a request carried out at once but answered after the timeout', { timeout: 30_000 }, async () => {
    emulator.setFaults({ onRequests: [{ nth: 1, method: 'POST', kind: 'slow-after' }], slowMs: 1500 });
    client = clientFor(emulator, { timeoutMs: 400, random: () => 0.5 });
    const result = await sendAssignmentRequest(addBody(126), { client });
    expect(result).toMatchObject({ kind: 'submitted', adopted: true, attempts: 1 });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(requestsFor(126, 2)).toHaveLength(1);
  });

  it("maps the emulator's duplicate errors to skipped", async () => {
    client = clientFor(emulator);
    const c = client;
    const removal = { requestType: 'adminRemove', assignment: { id: assignmentId(5) } };
    const results: SendAssignmentResult[] = [await sendAssignmentRequest(addBody(1, 1, 1), { client: c })];
    expect(await sendAssignmentRequest(removal, { client: c, accessPackageId: packageId(1) })).toMatchObject({ kind: 'submitted' });
    // Once the removal is delivered (200 ms), removing again finds no active grant.
    await new Promise((resolve) => setTimeout(resolve, 300));
    results.push(await sendAssignmentRequest(removal, { client: c, accessPackageId: packageId(1) }));
    const approval = { requestType: 'adminAdd', assignment: { targetId: userId(130), assignmentPolicyId: policyId(101), accessPackageId: packageId(1) }, answers: [
      { '@odata.type': '#microsoft.graph.accessPackageAnswerString', value: 'audit', answeredQuestion: { '@odata.type': '#microsoft.graph.accessPackageTextInputQuestion', id: 'e0000000-0000-4000-8000-000000000001' } },
    ] };
    results.push(await sendAssignmentRequest(approval, { client: c }));
    results.push(await sendAssignmentRequest(approval, { client: c }));
    expect(results.map((r) => (r.kind === 'skipped' ? `skipped ${r.reason} ${r.httpStatus}` : r.kind))).toEqual([
      'skipped already-assigned 409',
      'skipped not-assigned 404',
      'submitted',
      'skipped open-request 400',
    ]);
  });

  it('at 2,000 requests/s, sends 45 rows started together as $batch calls of 20, 20 and 5, each created once', async () => {
    client = clientFor(emulator, { rate: 2000, concurrency: 4 });
    const c = client;
    const users = Array.from({ length: 45 }, (_, i) => 160 + i);
    const results = await Promise.all(users.map((user) => sendAssignmentRequest(addBody(user, 4), { client: c })));

    expect(results.map((r) => [r.kind, r.attempts, r.kind === 'submitted' && r.adopted])).toEqual(users.map(() => ['submitted', 1, false]));
    const log = emulator.requests();
    const batches = log.filter((entry) => entry.path === '/v1.0/$batch');
    expect(batches.map((entry) => `${entry.method} ${entry.status} ${entry.actions.join(',')}`)).toEqual([
      'POST 200 batch of 20',
      'POST 200 batch of 20',
      'POST 200 batch of 5',
    ]);
    // Every row's POST went inside a $batch, in the order the rows were handed over.
    expect(posts().map((entry) => entry.batchSeq)).toEqual(users.map((_, i) => batches[Math.floor(i / 20)]?.seq));
    expect(posts().map((entry) => entry.status)).toEqual(users.map(() => 201));
    expect(log).toHaveLength(3 + 45);
    for (const [index, user] of users.entries()) {
      const made = requestsFor(user, 4);
      expect(made).toHaveLength(1);
      const result = results[index];
      expect(result?.kind === 'submitted' ? result.requestId : undefined).toBe(made[0]?.id);
    }
    expect(emulator.state.requests.size).toBe(45);
  });

  it('after a reset of a $batch carried out, adopts the requests of its rows: nothing is created twice', async () => {
    emulator.setFaults({ onRequests: [{ nth: 1, method: 'POST', kind: 'reset-after' }] });
    client = clientFor(emulator, { rate: 2000, concurrency: 4, random: () => 0 });
    const c = client;
    const users = Array.from({ length: 45 }, (_, i) => 160 + i);
    const results = await Promise.all(users.map((user) => sendAssignmentRequest(addBody(user, 4), { client: c })));

    const log = emulator.requests();
    const reset = log.filter((entry) => entry.path === '/v1.0/$batch' && entry.actions.includes('fault: reset-after'));
    expect(reset).toHaveLength(1);
    const inResetBatch = new Set(
      posts()
        .filter((entry) => entry.batchSeq === reset[0]?.seq)
        .map((entry) => (entry.body as ReturnType<typeof addBody>).assignment.targetId),
    );
    expect(inResetBatch.size).toBe(20);
    expect(results.map((r) => [r.kind, r.attempts, r.kind === 'submitted' && r.adopted])).toEqual(
      users.map((user) => ['submitted', 1, inResetBatch.has(userId(user))]),
    );
    for (const [index, user] of users.entries()) {
      const made = requestsFor(user, 4);
      expect(made).toHaveLength(1);
      const result = results[index];
      expect(result?.kind === 'submitted' ? result.requestId : undefined).toBe(made[0]?.id);
    }
    // Each row of the reset batch looked once; none sent its POST again.
    expect(posts()).toHaveLength(45);
    expect(log.filter((entry) => entry.method === 'GET')).toHaveLength(20);
    expect(emulator.state.requests.size).toBe(45);
  });

  it('reads the states of submitted requests 20 per $batch', async () => {
    client = clientFor(emulator);
    const c = client;
    const submitted = await Promise.all(Array.from({ length: 25 }, (_, i) => sendAssignmentRequest(addBody(140 + i, 3), { client: c })));
    const ids = submitted.map((r) => (r.kind === 'submitted' ? r.requestId : ''));
    const before = emulator.requests().length;
    const states = await getRequestStates(c, [...ids, assignmentId(99)]);
    const batches = emulator.requests().slice(before).filter((e) => e.batchSeq === undefined);
    expect(batches.map((e) => e.path)).toEqual(['/v1.0/$batch', '/v1.0/$batch']);
    expect(states.get(ids[0]!)).toMatchObject({ kind: 'found' });
    expect([...states.values()].filter((s) => s.kind === 'found')).toHaveLength(25);
    expect(states.get(assignmentId(99))).toEqual({ kind: 'missing', id: assignmentId(99) });
  });

  it('checks a later row for the same user and package against Graph as it is after the earlier one was sent', async () => {
    client = clientFor(emulator);
    const resolver = new NameResolver({ client });
    const plan = { resolver, plan: { api: 'v1.0' as const, invite: false } };
    const target = { user: { kind: 'upn' as const, upn: upn(150) }, accessPackage: { kind: 'name' as const, name: 'Package 2' } };
    const add = row(2, { ...target, policy: { kind: 'name', name: 'Direct assignment' } });
    const remove = row(3, { ...target, action: 'remove' });

    const preparedAdd = await prepareRow(add, plan);
    if (preparedAdd.kind !== 'send') throw new Error(`expected the add to be sent, got ${preparedAdd.kind}`);
    expect(await sendAssignmentRequest(preparedAdd.body, { client })).toMatchObject({ kind: 'submitted' });

    expect(await prepareRow(remove, plan)).toMatchObject({ kind: 'skipped', reason: 'open-request' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const [assignment] = [...emulator.state.assignments.values()].filter((a) => a.targetId === userId(150));
    expect(await prepareRow(remove, plan)).toMatchObject({ kind: 'send', body: { requestType: 'adminRemove', assignment: { id: assignment?.id } } });
  });
});
