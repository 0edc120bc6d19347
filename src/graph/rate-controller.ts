/**
 * Adaptive request rate as a pure state machine (AIMD): throttling halves the rate, each quiet period
 * without throttling adds a step back, and the rate never goes above the user's `--rate`.
 */

export interface RateSettings {
  /** The user's `--rate`, requests per second; the rate never exceeds it. */
  maxRate: number;
  /** The rate never drops below this. @default 0.1 */
  minRate?: number;
  /** Factor applied on throttling. @default 0.5 */
  decreaseFactor?: number;
  /** Requests per second added after each quiet period. @default maxRate / 10 */
  increaseStep?: number;
  /** How long without throttling before the rate goes up one step, in ms. @default 2000 */
  quietPeriodMs?: number;
  /**
   * Throttling answers arriving within this many ms of the last decrease count as the same event: several
   * requests in flight are refused together, and that is one signal, not four.
   * @default 1000
   */
  decreaseCooldownMs?: number;
}

export interface RateState {
  /** Current requests per second. */
  rate: number;
  /** When the rate last changed (or the controller started), ms since the epoch. */
  changedAt: number;
  /** When the rate was last lowered, ms since the epoch. */
  lastDecreaseAt: number | undefined;
}

export type RateEvent = { type: 'throttled'; at: number } | { type: 'succeeded'; at: number };

export function initialRateState(settings: RateSettings, now: number): RateState {
  assertPositive('maxRate', settings.maxRate);
  return { rate: settings.maxRate, changedAt: now, lastDecreaseAt: undefined };
}

export function nextRateState(state: RateState, event: RateEvent, settings: RateSettings): RateState {
  const minRate = Math.min(settings.minRate ?? 0.1, settings.maxRate);
  const decreaseFactor = settings.decreaseFactor ?? 0.5;
  const increaseStep = settings.increaseStep ?? settings.maxRate / 10;
  const quietPeriodMs = settings.quietPeriodMs ?? 2_000;
  const cooldownMs = settings.decreaseCooldownMs ?? 1_000;

  if (event.type === 'throttled') {
    if (state.lastDecreaseAt !== undefined && event.at - state.lastDecreaseAt < cooldownMs) return state;
    const rate = Math.max(minRate, round(state.rate * decreaseFactor));
    return { rate, changedAt: event.at, lastDecreaseAt: event.at };
  }
  if (state.rate >= settings.maxRate || event.at - state.changedAt < quietPeriodMs) return state;
  return { rate: Math.min(settings.maxRate, round(state.rate + increaseStep)), changedAt: event.at, lastDecreaseAt: state.lastDecreaseAt };
}

/** Avoids 0.30000000000000004 in reports and tests. */
function round(rate: number): number {
  return Math.round(rate * 1000) / 1000;
}

function assertPositive(name: string, value: number): void {
  if (!Number.isFinite(value) || value <= 0) {
    throw new RangeError(`Expected \`${name}\` to be a finite number > 0, got \`${value}\``);
  }
}
