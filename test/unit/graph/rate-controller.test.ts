import { describe, expect, it } from 'vitest';
import { initialRateState, nextRateState, type RateSettings } from '../../../src/graph/rate-controller.js';

describe('adaptive rate', () => {
  const settings: RateSettings = { maxRate: 8, minRate: 0.5, increaseStep: 1, quietPeriodMs: 10_000, decreaseCooldownMs: 1_000 };

  it('halves on throttling, once per burst, then climbs back one step per quiet period, never above --rate', () => {
    let state = initialRateState(settings, 0);
    const rates: number[] = [state.rate];
    const step = (type: 'throttled' | 'succeeded', at: number) => {
      state = nextRateState(state, { type, at }, settings);
      rates.push(state.rate);
    };
    step('throttled', 1_000); // 4
    step('throttled', 1_500); // same burst: still 4
    step('throttled', 2_100); // 2
    step('succeeded', 5_000); // too soon: 2
    step('succeeded', 12_100); // 3
    step('succeeded', 15_000); // 3
    step('succeeded', 22_100); // 4
    for (let at = 32_100; at <= 92_100; at += 10_000) step('succeeded', at); // 5, 6, 7, 8, 8, 8, 8
    expect(rates).toEqual([8, 4, 4, 2, 2, 3, 3, 4, 5, 6, 7, 8, 8, 8, 8]);
  });

  it('by default regains a tenth of --rate after each 2 quiet seconds', () => {
    const defaults: RateSettings = { maxRate: 20 };
    let state = nextRateState(initialRateState(defaults, 0), { type: 'throttled', at: 0 }, defaults);
    const rates: number[] = [state.rate];
    for (const at of [1_999, 2_000, 4_000, 5_000, 6_000]) {
      state = nextRateState(state, { type: 'succeeded', at }, defaults);
      rates.push(state.rate);
    }
    expect(rates).toEqual([10, 10, 12, 14, 14, 16]);
  });

  it('does not go below minRate', () => {
    let state = initialRateState(settings, 0);
    for (let at = 0; at < 20_000; at += 2_000) state = nextRateState(state, { type: 'throttled', at }, settings);
    expect(state.rate).toBe(0.5);
  });

  it('refuses a rate that is not positive', () => {
    expect(() => initialRateState({ maxRate: 0 }, 0)).toThrow('Expected `maxRate` to be a finite number > 0, got `0`');
  });
});
