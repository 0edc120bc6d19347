import { describe, expect, it } from 'vitest';
import { backoffDelay } from '../../../src/graph/backoff.js';

describe('backoffDelay', () => {
  it('doubles the ceiling each attempt and draws below it (full jitter)', () => {
    const half = () => 0.5;
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((attempt) => backoffDelay(attempt, half))).toEqual([250, 500, 1000, 2000, 4000, 8000, 16000, 16000]);
  });

  it('never exceeds the cap, and can be zero', () => {
    const almostOne = () => 0.999999;
    expect(backoffDelay(20, almostOne, { capMs: 10_000 })).toBe(9999);
    expect(backoffDelay(3, () => 0)).toBe(0);
    expect(backoffDelay(2, () => 0.25, { baseMs: 100, capMs: 1000 })).toBe(50);
  });

  it('refuses an attempt below 1', () => {
    expect(() => backoffDelay(0, Math.random)).toThrow('Expected `attempt` to be an integer >= 1, got `0`');
  });
});
