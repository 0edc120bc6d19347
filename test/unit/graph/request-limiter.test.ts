import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RequestLimiter } from '../../../src/graph/request-limiter.js';
import { FakeClock } from './fake-graph.js';

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

describe('RequestLimiter: jobs carrying several requests', () => {
  /**
   * Schedules one job per entry of `sizes` (how many requests it carries) and gives when each started on a fake
   * clock that starts at 0 and moves only when the limiter sleeps, so starts are exact whatever real time does.
   */
  async function startsOf(rate: number, sizes: number[]): Promise<{ started: number[]; sleeps: number[] }> {
    const clock = new FakeClock(0);
    const limiter = new RequestLimiter({ rate, concurrency: 4, clock });
    const started: number[] = [];
    await Promise.all(
      sizes.map((requests, index) =>
        limiter.schedule(async () => {
          started[index] = clock.now();
        }, requests),
      ),
    );
    return { started, sleeps: clock.sleeps };
  }

  it('a job of 20 requests at 1,000/s holds the next start back 20 ms', async () => {
    const { started, sleeps } = await startsOf(1000, [20, 1, 1]);
    expect(started).toEqual([0, 20, 21]);
    expect(sleeps).toEqual([20, 1]);
  });

  it('a job of one request is the default', async () => {
    const { started } = await startsOf(10, [1, 1]);
    expect(started).toEqual([0, 100]);
  });

  it('spaces single requests by a fraction of a millisecond above 1,000/s, not rounded up to 1 ms', async () => {
    const { started } = await startsOf(3000, [1, 1, 1, 1]);
    expect(started).toHaveLength(4);
    [0, 1 / 3, 2 / 3, 1].forEach((expected, index) => expect(started[index]).toBeCloseTo(expected, 9));
  });

  it('a job of 4 requests at 3,000/s reserves 4/3 ms', async () => {
    const { started } = await startsOf(3000, [4, 1]);
    expect(started[0]).toBe(0);
    expect(started[1]).toBeCloseTo(4 / 3, 9);
  });

  it('a pause whose timer fires early by the clock still ends: it sleeps again for the rest', async () => {
    // Node's timers fire up to 1 ms early by Date.now() (a few percent of them); this clock's always do, when they can.
    let time = 0;
    const sleeps: number[] = [];
    const early = {
      now: () => time,
      sleep: async (ms: number) => {
        sleeps.push(ms);
        time += Math.max(1, ms - 1);
      },
    };
    const limiter = new RequestLimiter({ rate: 1000, concurrency: 4, clock: early });
    limiter.pauseFor(5_000);
    const started = await Promise.race([
      limiter.schedule(async () => time),
      new Promise<string>((resolve) => setTimeout(resolve, 5_000, 'never started')),
    ]);
    expect(started).toBe(5_000);
    expect(sleeps.slice(0, 2)).toEqual([5_000, 1]);
  });
});
