import { describe, expect, it } from 'vitest';
import { openStore } from '../../../src/store/open-store.js';
import { manualClock, newRun, useStore } from './store-fixtures.js';

const openTestStore = useStore();

describe('resolution cache', () => {
  it('keeps values per run and kind, overwrites, and survives reopening', () => {
    const store = openTestStore();
    const runId = newRun(store);
    const otherRun = newRun(store, '20261128-100001-bbbb');
    const cache = store.resolutionCache(runId);

    expect(cache.get('user', 'ada@contoso.com')).toBeUndefined();
    cache.set('user', 'ada@contoso.com', '{"id":"u-1"}');
    cache.set('package', 'ada@contoso.com', '{"id":"p-1"}');
    cache.set('user', 'ada@contoso.com', '{"id":"u-2"}');
    expect(cache.get('user', 'ada@contoso.com')).toBe('{"id":"u-2"}');
    expect(cache.get('package', 'ada@contoso.com')).toBe('{"id":"p-1"}');
    expect(store.resolutionCache(otherRun).get('user', 'ada@contoso.com')).toBeUndefined();

    store.close();
    const reopened = openStore(store.path);
    expect(reopened.resolutionCache(runId).get('user', 'ada@contoso.com')).toBe('{"id":"u-2"}');
    reopened.close();
  });
});

describe('run events', () => {
  it('lists a run’s events oldest first, filtered by kind', () => {
    const clock = manualClock('2026-11-28T10:00:00.000Z');
    const store = openTestStore({ clock: clock.now });
    const runId = newRun(store);
    store.addEvent(runId, { kind: 'throttled', detail: { status: 429, pauseMs: 2000 } });
    clock.advance(500);
    store.addEvent(runId, { kind: 'rate-changed', detail: { rate: 2.5 } });
    store.addEvent(runId, { kind: 'interrupted', at: '2026-11-28T09:59:00.000Z' });

    expect(store.events(runId)).toEqual([
      { at: '2026-11-28T09:59:00.000Z', kind: 'interrupted', detail: {} },
      { at: '2026-11-28T10:00:00.000Z', kind: 'throttled', detail: { status: 429, pauseMs: 2000 } },
      { at: '2026-11-28T10:00:00.500Z', kind: 'rate-changed', detail: { rate: 2.5 } },
    ]);
    expect(store.events(runId, 'throttled')).toHaveLength(1);
    expect(store.events('other')).toEqual([]);
  });
});
