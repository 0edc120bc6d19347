import { describe, expect, it, onTestFinished } from 'vitest';
import { createGraphClient } from '../../../src/graph/graph-client.js';
import { RequestLimiter } from '../../../src/graph/request-limiter.js';
import { sendAssignmentRequest } from '../../../src/graph/send-assignment-request.js';
import { FakeClock, FakeGraph, GRAPH, graphError, socketError, staticTokens, type FakeReply } from './fake-graph.js';

const POST = '/identityGovernance/entitlementManagement/assignmentRequests';
const PACKAGE = 'b0000000-0000-4000-8000-000000000001';
const USER = 'a0000000-0000-4000-8000-000000000021';
const body = {
  requestType: 'adminAdd',
  assignment: { targetId: USER, assignmentPolicyId: 'd0000000-0000-4000-8000-000000000001', accessPackageId: PACKAGE },
};
/** The look-up after an unanswered attempt: requests of the package created since one skew (2 min) before it. */
const LOOKUP = `${POST}?$filter=accessPackage/id eq '${PACKAGE}' and createdDateTime ge 2026-11-28T09:58:00.000Z&$expand=assignment($expand=target)`;
/** The same for an add: narrowed to its target. */
const ADD_LOOKUP = `${POST}?$filter=accessPackage/id eq '${PACKAGE}' and createdDateTime ge 2026-11-28T09:58:00.000Z and target/objectId eq '${USER}'&$expand=assignment($expand=target)`;

function setup(maxRetries = 8) {
  const graph = new FakeGraph();
  onTestFinished(() => expect(graph.unexpected).toEqual([]));
  const clock = new FakeClock();
  const client = createGraphClient({
    graphUrl: GRAPH,
    tokenProvider: staticTokens('t'),
    fetch: graph.fetch,
    clock,
    random: () => 0.5,
    maxRetries,
    limiter: new RequestLimiter({ rate: 1000, clock }),
  });
  return { graph, clock, client };
}

const created = { status: 201, headers: { 'request-id': 'graph-req-1' }, body: { id: 'r-1', state: 'submitted', status: 'Accepted' } };
const ourRequest = { id: 'r-1', requestType: 'adminAdd', state: 'delivering', createdDateTime: '2026-11-28T10:00:00Z', assignment: { id: 'as-1', target: { objectId: USER } } };
const someoneElses = { ...ourRequest, id: 'r-other', assignment: { id: 'as-2', target: { objectId: 'a0000000-0000-4000-8000-000000000099' } } };

describe('sendAssignmentRequest', () => {
  it('returns the created request', async () => {
    const { graph, client } = setup();
    graph.on('POST', POST, created);
    expect(await sendAssignmentRequest(body, { client })).toEqual({
      kind: 'submitted', requestId: 'r-1', state: 'submitted', httpStatus: 201, graphRequestId: 'graph-req-1', attempts: 1, adopted: false,
    });
  });

  it('sends again blindly after 429 and 503, honouring Retry-After', async () => {
    const { graph, client, clock } = setup();
    graph.on('POST', POST, graphError(429, 'TooManyRequests', { headers: { 'retry-after': '4' } }), graphError(503, 'ServiceUnavailable'), created);
    const result = await sendAssignmentRequest(body, { client });
    expect(result).toMatchObject({ kind: 'submitted', attempts: 3, adopted: false });
    expect(graph.calls()).toEqual([`POST ${POST}`, `POST ${POST}`, `POST ${POST}`]);
    expect(clock.sleeps.filter((ms) => ms > 1)).toEqual([4000, 500]);
  });

  it.each([
    [graphError(409, 'InvalidRequestExistingGrant'), 'already-assigned', 409],
    [graphError(404, 'InvalidRequestNoActiveGrant'), 'not-assigned', 404],
    [graphError(400, 'InvalidRequest', { details: ['ExistingOpenRequest'] }), 'open-request', 400],
  ])("maps Graph's duplicate error to skipped", async (reply, reason, status) => {
    const { graph, client } = setup();
    graph.on('POST', POST, reply);
    expect(await sendAssignmentRequest(body, { client })).toMatchObject({ kind: 'skipped', reason, httpStatus: status, attempts: 1 });
  });

  it('fails on any other refusal without retrying', async () => {
    const { graph, client } = setup();
    graph.on('POST', POST, graphError(400, 'InvalidRequest', { message: 'bad policy' }));
    expect(await sendAssignmentRequest(body, { client })).toEqual({
      kind: 'failed', httpStatus: 400, errorCode: 'InvalidRequest', errorMessage: 'bad policy', graphRequestId: 'req-400-InvalidRequest', attempts: 1,
    });
  });

  it('after a reset connection adopts the request the attempt created, sending nothing twice', async () => {
    const { graph, client } = setup();
    graph.on('POST', POST, socketError('ECONNRESET')).on('GET', ADD_LOOKUP, { status: 200, body: { value: [someoneElses, ourRequest] } });
    expect(await sendAssignmentRequest(body, { client })).toMatchObject({ kind: 'submitted', requestId: 'r-1', state: 'delivering', attempts: 1, adopted: true });
    expect(graph.calls()).toEqual([`POST ${POST}`, `GET ${ADD_LOOKUP}`]);
  });

  it('after a 504 looks first, and sends again only when nothing was created', async () => {
    const { graph, client, clock } = setup();
    graph.on('POST', POST, graphError(504, 'GatewayTimeout'), created).on('GET', ADD_LOOKUP, { status: 200, body: { value: [someoneElses] } });
    expect(await sendAssignmentRequest(body, { client })).toMatchObject({ kind: 'submitted', requestId: 'r-1', attempts: 2, adopted: false });
    expect(graph.calls()).toEqual([`POST ${POST}`, `GET ${ADD_LOOKUP}`, `POST ${POST}`]);
    // 1 ms waits are the limiter pacing 1000 requests/s on a clock that only sleeps move.
    expect(clock.sleeps.filter((ms) => ms > 1)).toEqual([250]);
  });

  it('does not look before resending when the connection was refused (the request never left)', async () => {
    const { graph, client } = setup();
    graph.on('POST', POST, socketError('ECONNREFUSED'), created);
    expect(await sendAssignmentRequest(body, { client })).toMatchObject({ kind: 'submitted', attempts: 2 });
    expect(graph.calls()).toEqual([`POST ${POST}`, `POST ${POST}`]);
  });

  it('adopts its own request when a resend after a timeout meets "open request"', async () => {
    const { graph, client } = setup();
    graph
      .on('POST', POST, socketError('UND_ERR_SOCKET'), graphError(400, 'InvalidRequest', { details: ['ExistingOpenRequest'] }))
      .on('GET', ADD_LOOKUP, { status: 200, body: { value: [] } }, { status: 200, body: { value: [ourRequest] } });
    expect(await sendAssignmentRequest(body, { client })).toMatchObject({ kind: 'submitted', requestId: 'r-1', attempts: 2, adopted: true });
  });

  it('gives up after --max-retries, having looked before each resend', async () => {
    const { graph, client } = setup(2);
    graph.on('POST', POST, graphError(500, 'InternalServerError', { message: 'boom' })).on('GET', ADD_LOOKUP, { status: 200, body: { value: [] } });
    expect(await sendAssignmentRequest(body, { client })).toEqual({
      kind: 'gave-up', httpStatus: 500, errorCode: 'InternalServerError', errorMessage: 'boom', graphRequestId: 'req-500-InternalServerError', attempts: 3,
    });
    expect(graph.calls()).toEqual([`POST ${POST}`, `GET ${ADD_LOOKUP}`, `POST ${POST}`, `GET ${ADD_LOOKUP}`, `POST ${POST}`, `GET ${ADD_LOOKUP}`]);
  });

  it('gives up rather than resend when it cannot look', async () => {
    const { graph, client } = setup(1);
    graph.on('POST', POST, graphError(502, 'BadGateway')).on('GET', ADD_LOOKUP, graphError(403, 'Authorization_RequestDenied'));
    expect(await sendAssignmentRequest(body, { client })).toMatchObject({ kind: 'gave-up', httpStatus: 403, attempts: 1 });
    expect(graph.calls().filter((c) => c.startsWith('POST'))).toHaveLength(1);
  });

  it('finds a removal by its assignment id', async () => {
    const { graph, client } = setup();
    const removal = { requestType: 'adminRemove', assignment: { id: 'f0000000-0000-4000-8000-000000000001' } };
    const theirs = { id: 'r-9', requestType: 'adminRemove', state: 'delivered', createdDateTime: '2026-11-28T10:00:01Z', assignment: { id: 'f0000000-0000-4000-8000-000000000001' } };
    graph.on('POST', POST, socketError('ECONNRESET')).on('GET', LOOKUP, { status: 200, body: { value: [ourRequest, theirs] } });
    expect(await sendAssignmentRequest(removal, { client, accessPackageId: PACKAGE })).toMatchObject({ kind: 'submitted', requestId: 'r-9', adopted: true });
  });

  it('lets the orchestrator record each attempt before it leaves', async () => {
    const { graph, client } = setup();
    graph.on('POST', POST, graphError(429, 'TooManyRequests'), created);
    const attempts: number[] = [];
    await sendAssignmentRequest(body, { client, beforeAttempt: (n) => void attempts.push(n) });
    expect(attempts).toEqual([1, 2]);
  });

  it('records an attempt only once the limiter lets it leave, not while it waits out a pause', async () => {
    const { graph, client, clock } = setup();
    graph.on('POST', POST, created);
    const start = clock.now();
    client.limiter.pauseFor(4000);
    const recordedAt: number[] = [];
    await sendAssignmentRequest(body, { client, beforeAttempt: () => void recordedAt.push(clock.now() - start) });
    expect(recordedAt).toEqual([4000]);
  });

  it('sends nothing when recording the attempt fails, and throws what it threw', async () => {
    const { graph, client } = setup();
    await expect(
      sendAssignmentRequest(body, {
        client,
        beforeAttempt: () => {
          throw new Error('SQLITE_FULL: database or disk is full');
        },
      }),
    ).rejects.toThrow('SQLITE_FULL: database or disk is full');
    expect(graph.seen).toEqual([]);
  });

  it.each([
    ['an unreadable', { status: 201, raw: '<html>proxy</html>' }],
    ['an empty', { status: 201, raw: '' }],
  ] as Array<[string, FakeReply]>)('never sends again a request Graph accepted with %s answer', async (_what, reply) => {
    const { graph, client } = setup();
    graph.on('POST', POST, reply).on('GET', ADD_LOOKUP, { status: 200, body: { value: [ourRequest] } });
    expect(await sendAssignmentRequest(body, { client })).toMatchObject({ kind: 'submitted', requestId: 'r-1', adopted: true, attempts: 1 });
  });

  it("reads the package's requests when Graph cannot filter them on the target", async () => {
    const { graph, client } = setup();
    graph
      .on('POST', POST, socketError('ECONNRESET'))
      .on('GET', ADD_LOOKUP, graphError(400, 'BadRequest', { message: 'Invalid filter clause' }))
      .on('GET', LOOKUP, { status: 200, body: { value: [someoneElses, ourRequest] } });
    expect(await sendAssignmentRequest(body, { client })).toMatchObject({ kind: 'submitted', requestId: 'r-1', adopted: true });
    expect(graph.calls()).toEqual([`POST ${POST}`, `GET ${ADD_LOOKUP}`, `GET ${LOOKUP}`]);
  });

  it('counts a request without a spelled-out target as ours only when Graph filtered on the target', async () => {
    const { graph, client } = setup();
    const pending = { id: 'r-7', requestType: 'adminAdd', state: 'pendingApproval', createdDateTime: '2026-11-28T10:00:00Z', assignment: null };
    graph.on('POST', POST, socketError('ECONNRESET')).on('GET', ADD_LOOKUP, { status: 200, body: { value: [pending] } });
    expect(await sendAssignmentRequest(body, { client })).toMatchObject({ kind: 'submitted', requestId: 'r-7', state: 'pendingApproval', adopted: true });
  });
});
