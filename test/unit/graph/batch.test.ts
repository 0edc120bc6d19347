import { describe, expect, it, onTestFinished } from 'vitest';
import { batchGet } from '../../../src/graph/batch.js';
import { createGraphClient } from '../../../src/graph/graph-client.js';
import { RequestLimiter } from '../../../src/graph/request-limiter.js';
import { CachedLookups, createMemoryResolutionCache } from '../../../src/graph/resolution-cache.js';
import { UserLookups } from '../../../src/graph/user-lookup.js';
import { FakeClock, FakeGraph, GRAPH, staticTokens, type SeenRequest } from './fake-graph.js';

type Step = { id: string; method: string; url: string };

function setup(answer: (step: Step, call: number) => { status: number; body?: unknown; headers?: Record<string, string> }, maxRetries = 8) {
  const graph = new FakeGraph();
  onTestFinished(() => expect(graph.unexpected).toEqual([]));
  const clock = new FakeClock();
  let call = 0;
  graph.on('POST', '/$batch', (request: SeenRequest) => {
    call += 1;
    const steps = (request.body as { requests: Step[] }).requests;
    return { status: 200, body: { responses: steps.map((step) => ({ id: step.id, ...answer(step, call) })) } };
  });
  const client = createGraphClient({ graphUrl: GRAPH, tokenProvider: staticTokens('t'), fetch: graph.fetch, clock, random: () => 0.5, maxRetries, limiter: new RequestLimiter({ rate: 1000, clock }) });
  return { graph, clock, client };
}

describe('batchGet', () => {
  it('sends 20 steps per $batch call and answers every id', async () => {
    const { graph, client } = setup((step) => ({ status: 200, body: { url: step.url } }));
    const gets = Array.from({ length: 45 }, (_, i) => ({ id: `g${i}`, path: `/users/u${i}`, query: { $select: 'id' } }));
    const results = await batchGet(client, gets);
    expect(graph.seen.map((r) => (r.body as { requests: unknown[] }).requests.length)).toEqual([20, 20, 5]);
    expect(results.size).toBe(45);
    expect(results.get('g44')).toEqual({ id: 'g44', status: 200, body: { url: '/users/u44?$select=id' }, headers: {} });
  });

  it('sends again only the steps Graph throttled, after their Retry-After', async () => {
    const { graph, client, clock } = setup((step, call) =>
      call === 1 && step.id === 'b' ? { status: 429, headers: { 'Retry-After': '2' }, body: { error: { code: 'TooManyRequests' } } } : { status: 200, body: { ok: step.id } },
    );
    const results = await batchGet(client, [{ id: 'a', path: '/a' }, { id: 'b', path: '/b' }]);
    expect(graph.seen.map((r) => (r.body as { requests: Step[] }).requests.map((s) => s.id))).toEqual([['a', 'b'], ['b']]);
    expect(results.get('b')).toMatchObject({ status: 200, body: { ok: 'b' } });
    expect(clock.sleeps.filter((ms) => ms > 1)).toEqual([2000]);
  });

  it('stops retrying a step after --max-retries and returns its last answer', async () => {
    const { graph, client } = setup(() => ({ status: 503, body: { error: { code: 'ServiceUnavailable' } } }), 2);
    const results = await batchGet(client, [{ id: 'a', path: '/a' }]);
    expect(graph.seen).toHaveLength(3);
    expect(results.get('a')?.status).toBe(503);
  });
});

describe('user look-ups', () => {
  it('asks once for a name that several rows look up at the same time', async () => {
    const { graph, client } = setup((step) => ({ status: 200, body: { id: `id-of-${step.url.split('?')[0]}` } }));
    const users = new UserLookups(client, new CachedLookups(createMemoryResolutionCache()));
    const answers = await Promise.all([users.lookup('A@contoso.com'), users.lookup('a@contoso.com'), users.prefetch(['a@contoso.com', 'b@contoso.com'])]);
    expect(answers.slice(0, 2)).toEqual([{ kind: 'found', id: 'id-of-/users/a%40contoso.com' }, { kind: 'found', id: 'id-of-/users/a%40contoso.com' }]);
    expect(graph.seen.map((r) => (r.body as { requests: Step[] }).requests.map((s) => s.url.split('?')[0]))).toEqual([['/users/a%40contoso.com'], ['/users/b%40contoso.com']]);
  });
});
