import { describe, expect, it } from 'vitest';
import { createGraphStage } from '../../../src/graph/graph-stage.js';
import { FakeGraph, GRAPH, staticTokens } from './fake-graph.js';

describe('createGraphStage', () => {
  it('wires one limiter under the client and the resolver, on the chosen API version', async () => {
    const graph = new FakeGraph();
    graph.on('POST', '/$batch', { status: 200, body: { responses: [{ id: '0', status: 200, body: { id: 'u-1' } }] } });
    const stage = createGraphStage({ tokenProvider: staticTokens('t'), graphUrl: GRAPH, api: 'beta', rate: 7, concurrency: 2, fetch: graph.fetch });
    expect(stage.client.baseUrl).toBe('https://graph.test/beta');
    expect(stage.client.limiter).toBe(stage.limiter);
    expect(stage.limiter.currentRate).toBe(7);
    expect(await stage.createResolver().users.lookup('a@contoso.com')).toEqual({ kind: 'found', id: 'u-1' });
    await stage.close();
  });
});
