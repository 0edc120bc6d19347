import { describe, expect, it, onTestFinished } from 'vitest';
import { createGraphClient } from '../../../src/graph/graph-client.js';
import { GraphError, isGraphError } from '../../../src/graph/graph-error.js';
import { RequestLimiter } from '../../../src/graph/request-limiter.js';
import { isTransportError, TransportError } from '../../../src/graph/transport-error.js';
import { FakeClock, FakeGraph, GRAPH, graphError, socketError, staticTokens } from './fake-graph.js';

function setup(options: { maxRetries?: number; timeoutMs?: number; tokens?: string[]; rate?: number } = {}) {
  const graph = new FakeGraph();
  onTestFinished(() => expect(graph.unexpected).toEqual([]));
  const clock = new FakeClock();
  const tokens = staticTokens(...(options.tokens ?? ['token-1']));
  const logs: unknown[] = [];
  const client = createGraphClient({
    graphUrl: GRAPH,
    tokenProvider: tokens,
    fetch: graph.fetch,
    clock,
    random: () => 0.5,
    limiter: new RequestLimiter({ rate: options.rate ?? 1000, concurrency: 4, clock }),
    maxRetries: options.maxRetries ?? 8,
    timeoutMs: options.timeoutMs ?? 30_000,
    logger: { debug: (fields, message) => logs.push({ fields, message }), warn: (fields, message) => logs.push({ fields, message }) },
  });
  return { graph, clock, tokens, client, logs };
}

async function caught(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('Graph client', () => {
  it('sends the bearer token and a UUID client-request-id, and parses JSON', async () => {
    const { graph, client } = setup();
    graph.on('GET', '/users/a@contoso.com?$select=id', { status: 200, body: { id: 'u1' } });
    expect(client.baseUrl).toBe('https://graph.test/v1.0');
    expect(await client.get('/users/a@contoso.com', { $select: 'id' })).toEqual({ id: 'u1' });
    const [seen] = graph.seen;
    expect(seen?.headers['authorization']).toBe('Bearer token-1');
    expect(seen?.headers['client-request-id']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('uses a new client-request-id for each attempt', async () => {
    const { graph, client } = setup();
    graph.on('GET', '/me', graphError(503, 'ServiceUnavailable'), { status: 200, body: {} });
    await client.get('/me');
    const ids = graph.seen.map((r) => r.headers['client-request-id']);
    expect(new Set(ids).size).toBe(2);
  });

  it("parses Graph's error envelope into a typed error", async () => {
    const { graph, client } = setup();
    graph.on('POST', '/identityGovernance/entitlementManagement/assignmentRequests', graphError(400, 'InvalidRequest', { details: ['ExistingOpenRequest'], message: 'A request is open' }));
    const error = await caught(client.send({ method: 'POST', path: '/identityGovernance/entitlementManagement/assignmentRequests', body: { a: 1 } }));
    expect(isGraphError(error)).toBe(true);
    const graphErr = error as GraphError;
    expect({ status: graphErr.status, code: graphErr.code, detailCodes: graphErr.detailCodes, requestId: graphErr.requestId, graphMessage: graphErr.graphMessage }).toEqual({
      status: 400, code: 'InvalidRequest', detailCodes: ['ExistingOpenRequest'], requestId: 'req-400-InvalidRequest', graphMessage: 'A request is open',
    });
    expect(graphErr.clientRequestId).toBe(graph.seen[0]?.headers['client-request-id']);
    expect(graphErr.message).toBe('Graph answered 400 InvalidRequest to POST /v1.0/identityGovernance/entitlementManagement/assignmentRequests: A request is open');
  });

  it('renews the token once after a 401 and sends again', async () => {
    const { graph, client, tokens } = setup({ tokens: ['old', 'new'] });
    graph.on('GET', '/me', graphError(401, 'InvalidAuthenticationToken'), { status: 200, body: { id: 'me' } });
    expect(await client.get('/me')).toEqual({ id: 'me' });
    expect(graph.seen.map((r) => r.headers['authorization'])).toEqual(['Bearer old', 'Bearer new']);
    expect(tokens.calls).toEqual([undefined, { forceRefresh: true }]);
  });

  it('gives up after a second 401', async () => {
    const { graph, client } = setup({ tokens: ['old', 'new'] });
    graph.on('GET', '/me', graphError(401, 'InvalidAuthenticationToken'));
    const error = await caught(client.get('/me'));
    expect((error as GraphError).status).toBe(401);
    expect(graph.seen).toHaveLength(2);
  });

  it('waits exactly the Retry-After of a 429, globally, without adding backoff', async () => {
    const { graph, client, clock } = setup();
    graph.on('GET', '/me', graphError(429, 'TooManyRequests', { headers: { 'retry-after': '3' } }), { status: 200, body: { ok: true } });
    expect(await client.get('/me')).toEqual({ ok: true });
    expect(clock.sleeps).toEqual([3000]);
    expect(client.limiter.stats).toMatchObject({ throttled: 1, pauses: 1, pausedMs: 3000 });
  });

  it('backs off with full jitter when a 503 has no Retry-After', async () => {
    const { graph, client, clock } = setup();
    graph.on('GET', '/me', graphError(503, 'ServiceUnavailable'), graphError(503, 'ServiceUnavailable'), { status: 200, body: {} });
    await client.get('/me');
    expect(clock.sleeps).toEqual([250, 500]);
    // A passing fault, not throttling: the rate stays where it was.
    expect(client.limiter.stats).toMatchObject({ throttled: 0, currentRate: 1000 });
  });

  it('lowers the rate for a 429 and for a 503 that asks for a pause', async () => {
    const { graph, client } = setup();
    graph.on('GET', '/me', graphError(503, 'ServiceUnavailable', { headers: { 'retry-after': '1' } }), { status: 200, body: {} });
    await client.get('/me');
    expect(client.limiter.stats).toMatchObject({ throttled: 1, currentRate: 500 });
  });

  it('stops after --max-retries', async () => {
    const { graph, client } = setup({ maxRetries: 2 });
    graph.on('GET', '/me', graphError(504, 'GatewayTimeout'));
    const error = await caught(client.get('/me'));
    expect((error as GraphError).status).toBe(504);
    expect(graph.seen).toHaveLength(3);
  });

  it('does not retry a 4xx', async () => {
    const { graph, client } = setup();
    graph.on('GET', '/users/x', graphError(404, 'Request_ResourceNotFound'));
    await caught(client.get('/users/x'));
    expect(graph.seen).toHaveLength(1);
  });

  it('follows @odata.nextLink', async () => {
    const { graph, client } = setup();
    graph
      .on('GET', '/items?$top=2', { status: 200, body: { value: [1, 2], '@odata.nextLink': `${GRAPH}/v1.0/items?$skiptoken=abc` } })
      .on('GET', '/items?$skiptoken=abc', { status: 200, body: { value: [3] } });
    const items: number[] = [];
    for await (const item of client.paginate<number>('/items', { $top: '2' })) items.push(item);
    expect(items).toEqual([1, 2, 3]);
  });

  it('never sends the token to another host, whatever a nextLink says', async () => {
    const { graph, client } = setup();
    graph.on('GET', '/items', { status: 200, body: { value: [1], '@odata.nextLink': 'https://evil.test/v1.0/items?page=2' } });
    const error = await caught((async () => {
      for await (const _ of client.paginate('/items')) void _;
    })());
    expect((error as GraphError).code).toBe('UnexpectedHost');
    expect(graph.seen).toHaveLength(1);
  });

  it('classifies transport failures by whether the request may have reached Graph', async () => {
    const { graph, client } = setup();
    graph.on('POST', '/a', socketError('ECONNREFUSED')).on('POST', '/b', socketError('ECONNRESET')).on('POST', '/c', socketError('ENOTFOUND'));
    const refused = (await caught(client.send({ method: 'POST', path: '/a', body: {} }))) as TransportError;
    const reset = (await caught(client.send({ method: 'POST', path: '/b', body: {} }))) as TransportError;
    const dns = (await caught(client.send({ method: 'POST', path: '/c', body: {} }))) as TransportError;
    expect([refused, reset, dns].map((e) => [isTransportError(e), e.failure, e.mayHaveReachedServer])).toEqual([
      [true, 'connection-refused', false],
      [true, 'connection-reset', true],
      [true, 'dns', false],
    ]);
  });

  it('times out a request that gets no answer, as one that may have reached Graph', async () => {
    const client = createGraphClient({
      graphUrl: GRAPH,
      tokenProvider: staticTokens('t'),
      timeoutMs: 20,
      limiter: new RequestLimiter({ rate: 1000 }),
      fetch: (_url, init) => new Promise((_resolve, reject) => init.signal.addEventListener('abort', () => reject(init.signal.reason))),
    });
    const error = (await caught(client.send({ method: 'POST', path: '/slow', body: {} }))) as TransportError;
    expect([error.failure, error.mayHaveReachedServer]).toEqual(['timeout', true]);
  });

  it('never logs the token or the Authorization header', async () => {
    const { graph, client, logs } = setup({ tokens: ['secret-token-value'] });
    graph.on('GET', '/me', graphError(503, 'ServiceUnavailable'), { status: 200, body: {} });
    graph.on('POST', '/x', socketError('ECONNRESET'));
    await client.get('/me');
    await caught(client.send({ method: 'POST', path: '/x', body: {} }));
    expect(logs.length).toBeGreaterThan(0);
    const text = JSON.stringify(logs);
    expect(text).not.toContain('secret-token-value');
    expect(text.toLowerCase()).not.toContain('authorization');
  });
});

describe('Graph client: sendGrouped', () => {
  const PATH = '/identityGovernance/entitlementManagement/assignmentRequests';
  const bodies = [1, 2, 3].map((n) => ({ requestType: 'adminAdd', assignment: { targetId: `user-${n}` } }));
  const sendThree = (client: ReturnType<typeof setup>['client']) =>
    bodies.map((body) => client.sendGrouped({ method: 'POST', path: PATH, body }));
  const created = (n: number) => ({ id: `request-${n}`, state: 'submitted' });

  it('sends POSTs handed over together as one $batch, each step as the POST would have gone alone', async () => {
    const { graph, client } = setup();
    graph.on('POST', '/$batch', {
      status: 200,
      body: { responses: [1, 2, 3].map((n) => ({ id: String(n), status: 201, headers: { 'Content-Type': 'application/json' }, body: created(n) })) },
    });
    await Promise.all(sendThree(client));
    expect(graph.calls()).toEqual(['POST /$batch']);
    const [batch] = graph.seen;
    expect(batch?.headers['content-type']).toBe('application/json');
    expect(batch?.body).toEqual({
      requests: bodies.map((body, index) => ({ id: String(index + 1), method: 'POST', url: PATH, headers: { 'content-type': 'application/json' }, body })),
    });
  });

  it("gives each caller its own item's answer: its body, status, request-id, Graph error and Retry-After", async () => {
    const { graph, client, clock } = setup();
    const start = clock.now();
    // Graph may answer the items in any order: they are matched by id.
    graph.on('POST', '/$batch', {
      status: 200,
      headers: { 'request-id': 'batch-request-id' },
      body: {
        responses: [
          { id: '3', status: 429, headers: { 'Retry-After': '2' }, body: { error: { code: 'TooManyRequests', message: 'Slow down' } } },
          { id: '1', status: 201, headers: { 'request-id': 'item-1' }, body: created(1) },
          {
            id: '2',
            status: 400,
            headers: { 'request-id': 'item-2' },
            body: { error: { code: 'InvalidRequest', message: 'A request is open', details: [{ code: 'ExistingOpenRequest', message: 'open' }] } },
          },
        ],
      },
    });
    const [first, second, third] = sendThree(client);
    const answer = await first!;
    expect({ status: answer.status, body: answer.body, requestId: answer.requestId, clientRequestId: answer.clientRequestId }).toEqual({
      status: 201, body: created(1), requestId: 'item-1', clientRequestId: graph.seen[0]?.headers['client-request-id'],
    });
    expect(answer.headers.get('Request-Id')).toBe('item-1');

    const refused = (await caught(second!)) as GraphError;
    expect(isGraphError(refused)).toBe(true);
    expect({ status: refused.status, code: refused.code, detailCodes: refused.detailCodes, requestId: refused.requestId, graphMessage: refused.graphMessage, method: refused.method }).toEqual({
      status: 400, code: 'InvalidRequest', detailCodes: ['ExistingOpenRequest'], requestId: 'item-2', graphMessage: 'A request is open', method: 'POST',
    });
    expect(refused.retryAfterMs).toBeUndefined();

    const throttled = (await caught(third!)) as GraphError;
    expect(isGraphError(throttled)).toBe(true);
    expect({ status: throttled.status, code: throttled.code, retryAfterMs: throttled.retryAfterMs }).toEqual({ status: 429, code: 'TooManyRequests', retryAfterMs: 2000 });
    // Like a lone 429: every request waits for the Retry-After, and the rate is halved.
    expect(client.limiter.pausedUntil).toBe(start + 2000);
    expect(client.limiter.stats).toEqual({ throttled: 1, pauses: 1, pausedMs: 2000, currentRate: 500 });
    expect(graph.seen).toHaveLength(1);
  });

  // Graph's $batch items carry no client-request-id: a failing item's error quotes the one sent with the $batch.
  it("a failing item's error carries the client-request-id of the $batch it went in", async () => {
    const { graph, client } = setup();
    graph.on('POST', '/$batch', {
      status: 200,
      body: { responses: [1, 2, 3].map((n) => ({ id: String(n), status: 400, body: { error: { code: 'InvalidRequest', message: 'no' } } })) },
    });
    const errors = (await Promise.all(sendThree(client).map(caught))) as GraphError[];
    const sent = graph.seen[0]?.headers['client-request-id'];
    expect(errors.map((error) => error.clientRequestId)).toEqual([sent, sent, sent]);
    // Named as a lone POST's error would name it.
    expect(errors[0]?.path).toBe('/v1.0/identityGovernance/entitlementManagement/assignmentRequests');
  });

  it('fails an item Graph did not answer as a 502, and answers the others', async () => {
    const { graph, client } = setup();
    graph.on('POST', '/$batch', {
      status: 200,
      body: { responses: [1, 3].map((n) => ({ id: String(n), status: 201, body: created(n) })) },
    });
    const [first, second, third] = sendThree(client);
    expect((await first!).body).toEqual(created(1));
    const missing = (await caught(second!)) as GraphError;
    expect(isGraphError(missing)).toBe(true);
    expect(missing.status).toBe(502);
    expect((await third!).body).toEqual(created(3));
    expect(client.limiter.stats.throttled).toBe(0);
  });

  it('fails every request with the error of a $batch answered 503, sending nothing again', async () => {
    const { graph, client } = setup();
    graph.on('POST', '/$batch', graphError(503, 'ServiceUnavailable'));
    const errors = await Promise.all(sendThree(client).map(caught));
    expect(errors.map((error) => [isGraphError(error), (error as GraphError).status, (error as GraphError).code])).toEqual([
      [true, 503, 'ServiceUnavailable'],
      [true, 503, 'ServiceUnavailable'],
      [true, 503, 'ServiceUnavailable'],
    ]);
    expect(graph.calls()).toEqual(['POST /$batch']);
  });

  it('fails every request with the TransportError of a $batch that got no answer', async () => {
    const { graph, client } = setup();
    graph.on('POST', '/$batch', socketError('ECONNRESET'));
    const errors = await Promise.all(sendThree(client).map(caught));
    expect(errors.map((error) => [isTransportError(error), (error as TransportError).failure, (error as TransportError).mayHaveReachedServer])).toEqual([
      [true, 'connection-reset', true],
      [true, 'connection-reset', true],
      [true, 'connection-reset', true],
    ]);
    expect(graph.calls()).toEqual(['POST /$batch']);
  });

  it('counts a $batch of 3 as 3 requests: at 1,000/s the next call starts 3 ms later', async () => {
    const { graph, client, clock } = setup();
    graph.on('POST', '/$batch', { status: 200, body: { responses: [1, 2, 3].map((n) => ({ id: String(n), status: 201, body: created(n) })) } });
    graph.on('GET', '/me', { status: 200, body: {} });
    await Promise.all(sendThree(client));
    await client.send({ method: 'GET', path: '/me' });
    expect(clock.sleeps).toEqual([3]);
  });

  it('groups by 2 at 200 requests/s (one more per 100/s): two POSTs in one $batch, the third alone', async () => {
    const { graph, client } = setup({ rate: 200 });
    graph.on('POST', '/$batch', { status: 200, body: { responses: [1, 2].map((n) => ({ id: String(n), status: 201, body: created(n) })) } });
    graph.on('POST', PATH, { status: 201, body: created(3) });
    const answers = await Promise.all(sendThree(client));
    expect(answers.map((answer) => answer.body)).toEqual([created(1), created(2), created(3)]);
    expect(graph.calls()).toEqual(['POST /$batch', `POST ${PATH}`]);
    expect((graph.seen[0]?.body as { requests: unknown[] }).requests).toHaveLength(2);
  });

  it('at 199 requests/s, sends each POST on its own', async () => {
    const { graph, client } = setup({ rate: 199 });
    graph.on('POST', PATH, { status: 201, body: created(1) }, { status: 201, body: created(2) }, { status: 201, body: created(3) });
    const answers = await Promise.all(sendThree(client));
    expect(answers.map((answer) => answer.body)).toEqual([created(1), created(2), created(3)]);
    expect(graph.calls()).toEqual([`POST ${PATH}`, `POST ${PATH}`, `POST ${PATH}`]);
  });

  it('at 5 requests/s, sends each POST on its own', async () => {
    const { graph, client } = setup({ rate: 5 });
    graph.on('POST', PATH, { status: 201, body: created(1) }, { status: 201, body: created(2) }, { status: 201, body: created(3) });
    const answers = await Promise.all(sendThree(client));
    expect(answers.map((answer) => answer.body)).toEqual([created(1), created(2), created(3)]);
    expect(graph.calls()).toEqual([`POST ${PATH}`, `POST ${PATH}`, `POST ${PATH}`]);
    expect(graph.seen.map((seen) => seen.body)).toEqual(bodies);
  });
});
