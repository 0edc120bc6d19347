import Bottleneck from 'bottleneck';
import { systemClock, type Clock } from './clock.js';
import { initialRateState, nextRateState, type RateSettings, type RateState } from './rate-controller.js';

/** Options of {@link RequestLimiter}. */
export interface RequestLimiterOptions {
  /** `--rate`: requests per second across every call (GET, POST, `$batch`); also the adaptive rate's ceiling. @default 5 */
  rate?: number;
  /** `--concurrency`: requests in flight at once. @default 4 */
  concurrency?: number;
  /** How the adaptive rate moves; `maxRate` comes from `rate`. */
  adaptation?: Omit<RateSettings, 'maxRate'>;
  /** @default the system clock */
  clock?: Clock;
}

/** Counters for `summary.json` ("throttling seen"). */
export interface LimiterStats {
  throttled: number;
  pauses: number;
  /** Sum of the pauses Graph asked for, in ms (overlapping pauses counted once each). */
  pausedMs: number;
  currentRate: number;
}

/**
 * Holds rate and concurrency for every request to Graph, and pauses all of them when Graph asks for a pause.
 * Each HTTP attempt goes through {@link schedule} once; a retry is scheduled again, so it waits its turn.
 */
export class RequestLimiter {
  private readonly bottleneck: Bottleneck;
  private readonly clock: Clock;
  private readonly settings: RateSettings;
  private rateState: RateState;
  private pauseEndsAt = 0;
  private nextSlot = 0;
  /** True from a pause's start until {@link endPause} opens the limiter again; a longer pause extends it. */
  private paused = false;
  private readonly counters = { throttled: 0, pauses: 0, pausedMs: 0 };

  constructor(options: RequestLimiterOptions = {}) {
    const rate = options.rate ?? 5;
    const concurrency = options.concurrency ?? 4;
    assertPositive('rate', rate);
    if (!Number.isInteger(concurrency) || concurrency < 1) {
      throw new RangeError(`Expected \`concurrency\` to be an integer >= 1, got \`${concurrency}\``);
    }
    this.clock = options.clock ?? systemClock;
    this.settings = { ...options.adaptation, maxRate: rate };
    this.rateState = initialRateState(this.settings, this.clock.now());
    this.bottleneck = new Bottleneck({ maxConcurrent: concurrency, minTime: minTimeFor(rate) });
  }

  /**
   * Runs `job` when rate, concurrency and any pause allow. `requests` is how many requests the job carries
   * (a `$batch` of 20 counts as 20, as Graph counts it): the rate is held in requests, concurrency in calls.
   */
  schedule<T>(job: () => Promise<T>, requests = 1): Promise<T> {
    return this.bottleneck.schedule(async () => {
      await this.takeSlot(requests);
      return job();
    });
  }

  /**
   * Bottleneck commits a job to its start time when it dequeues it, so jobs dequeued just before a pause would
   * all start together when it ends. Each job therefore also takes the next start slot here: after the pause,
   * one per 1/rate (a job of n requests takes n slots). In steady state bottleneck has already spaced single
   * requests and this does not wait.
   */
  private async takeSlot(requests: number): Promise<void> {
    for (;;) {
      const now = this.clock.now();
      const slot = Math.max(now, this.nextSlot, this.pauseEndsAt);
      if (slot <= now) {
        // Not rounded: above 1,000 requests/s a slot is a fraction of a millisecond.
        this.nextSlot = now + (requests * 1000) / this.rateState.rate;
        return;
      }
      await this.clock.sleep(slot - now);
    }
  }

  /** Graph said `Retry-After`: no request starts before `ms` from now. A shorter pause never shortens a longer one. */
  pauseFor(ms: number): void {
    const endsAt = this.clock.now() + Math.max(0, ms);
    this.counters.pauses += 1;
    this.counters.pausedMs += Math.max(0, ms);
    if (endsAt <= this.pauseEndsAt) return;
    this.pauseEndsAt = endsAt;
    if (this.paused) return;
    this.paused = true;
    this.bottleneck.updateSettings({ reservoir: 0 });
    void this.endPause();
  }

  /**
   * Opens the limiter again once the latest pause has ended. Sleeps again while the clock says it has not: Node's
   * timers fire up to a millisecond early by `Date.now()` (a few percent of them), and a pause never ended would
   * hold every queued request, with nothing left to wake the process, which would then exit as if done.
   */
  private async endPause(): Promise<void> {
    for (let now = this.clock.now(); now < this.pauseEndsAt; now = this.clock.now()) {
      await this.clock.sleep(Math.max(1, this.pauseEndsAt - now));
    }
    this.paused = false;
    this.bottleneck.updateSettings({ reservoir: null });
  }

  /** When the current pause ends (ms since the epoch), or 0. */
  get pausedUntil(): number {
    return this.pauseEndsAt;
  }

  /** A `429` (or `503`): lower the rate. */
  reportThrottled(): void {
    this.counters.throttled += 1;
    this.applyRate(nextRateState(this.rateState, { type: 'throttled', at: this.clock.now() }, this.settings));
  }

  /** An answer that was not throttling: after a quiet period the rate goes back up. */
  reportSucceeded(): void {
    this.applyRate(nextRateState(this.rateState, { type: 'succeeded', at: this.clock.now() }, this.settings));
  }

  get currentRate(): number {
    return this.rateState.rate;
  }

  get stats(): LimiterStats {
    return { ...this.counters, currentRate: this.rateState.rate };
  }

  /** Waits for running jobs and refuses new ones. */
  async stop(): Promise<void> {
    await this.bottleneck.stop({ dropWaitingJobs: true });
  }

  private applyRate(next: RateState): void {
    if (next.rate !== this.rateState.rate) this.bottleneck.updateSettings({ minTime: minTimeFor(next.rate) });
    this.rateState = next;
  }
}

function minTimeFor(rate: number): number {
  return Math.ceil(1000 / rate);
}

function assertPositive(name: string, value: number): void {
  if (!Number.isFinite(value) || value <= 0) {
    throw new RangeError(`Expected \`${name}\` to be a finite number > 0, got \`${value}\``);
  }
}
