import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RequestLimiter } from '../../../src/graph/request-limiter.js';

describe('RequestLimiter', () => {
  const start = Date.parse('2026-11-28T10:00:00Z');
  beforeEach(() => {
    vi.useFakeTimers({ now: start });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  /** Schedules `count` jobs that note when they started and finish after `jobMs`. */
  function runJobs(limiter: RequestLimiter, count: number, jobMs = 0, onStart?: (index: number) => void): { started: number[]; done: Promise<unknown> } {
    const started: number[] = [];
    const jobs = Array.from({ length: count }, (_, index) =>
      limiter.schedule(async () => {
        started[index] = Date.now() - start;
        onStart?.(index);
        await new Promise((resolve) => setTimeout(resolve, jobMs));
      }),
    );
    return { started, done: Promise.all(jobs) };
  }

  it('spaces starts by 1/rate', async () => {
    const limiter = new RequestLimiter({ rate: 10, concurrency: 4 });
    const { started, done } = runJobs(limiter, 4);
    await vi.runAllTimersAsync();
    await done;
    expect(started).toEqual([0, 100, 200, 300]);
  });

  it('holds at most `concurrency` jobs in flight', async () => {
    const limiter = new RequestLimiter({ rate: 1000, concurrency: 2 });
    const { started, done } = runJobs(limiter, 4, 500);
    await vi.runAllTimersAsync();
    await done;
    expect(started).toEqual([0, 1, 500, 501]);
  });

  it('pauses every waiting job until the pause ends, then keeps the pace', async () => {
    const limiter = new RequestLimiter({ rate: 10, concurrency: 4 });
    const { started, done } = runJobs(limiter, 4, 0, (index) => {
      if (index === 0) limiter.pauseFor(5_000);
    });
    await vi.runAllTimersAsync();
    await done;
    expect(started[0]).toBe(0);
    expect(started.slice(1)).toEqual([5_000, 5_100, 5_200]);
    expect(limiter.stats).toMatchObject({ pauses: 1, pausedMs: 5_000 });
  });

  it('a shorter pause does not cut a longer one short', async () => {
    const limiter = new RequestLimiter({ rate: 10, concurrency: 4 });
    limiter.pauseFor(3_000);
    limiter.pauseFor(1_000);
    const { started, done } = runJobs(limiter, 1);
    await vi.runAllTimersAsync();
    await done;
    expect(started).toEqual([3_000]);
  });

  it('lowers the live rate on throttling and restores it after quiet periods', async () => {
    const limiter = new RequestLimiter({ rate: 10, concurrency: 4, adaptation: { increaseStep: 5, quietPeriodMs: 10_000 } });
    limiter.reportThrottled();
    expect(limiter.currentRate).toBe(5);
    const slow = runJobs(limiter, 3);
    await vi.runAllTimersAsync();
    await slow.done;
    expect(slow.started).toEqual([0, 200, 400]);
    vi.setSystemTime(start + 20_000);
    limiter.reportSucceeded();
    expect(limiter.currentRate).toBe(10);
    expect(limiter.stats.throttled).toBe(1);
  });

  it('refuses impossible settings', () => {
    expect(() => new RequestLimiter({ rate: -1 })).toThrow('Expected `rate` to be a finite number > 0, got `-1`');
    expect(() => new RequestLimiter({ concurrency: 0 })).toThrow('Expected `concurrency` to be an integer >= 1, got `0`');
  });
});
