import { describe, expect, it, onTestFinished } from 'vitest';
import { createGraphClient } from '../../../src/graph/graph-client.js';
import { GraphError, isGraphError } from '../../../src/graph/graph-error.js';
import { RequestLimiter } from '../../../src/graph/request-limiter.js';
import { isTransportError, TransportError } from '../../../src/graph/transport-error.js';
import { FakeClock, FakeGraph, GRAPH, graphError, socketError, staticTokens } from './fake-graph.js';

function setup(options: { maxRetries?: number; timeoutMs?: number; tokens?: string[] } = {}) {
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
    limiter: new RequestLimiter({ rate: 1000, concurrency: 4, clock }),
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
