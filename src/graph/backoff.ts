/** Options of {@link backoffDelay}. */
export interface BackoffOptions {
  /** Delay ceiling of the first retry, in ms. @default 500 */
  baseMs?: number;
  /** No delay is ever longer than this, in ms. @default 32000 */
  capMs?: number;
}

/**
 * The wait before retry number `attempt` (1 for the first retry): exponential with full jitter, that is a
 * uniform draw in `[0, min(cap, base * 2^(attempt-1)))`. `random` returns a number in `[0, 1)`.
 */
export function backoffDelay(attempt: number, random: () => number, options: BackoffOptions = {}): number {
  const baseMs = options.baseMs ?? 500;
  const capMs = options.capMs ?? 32_000;
  if (!Number.isInteger(attempt) || attempt < 1) {
    throw new RangeError(`Expected \`attempt\` to be an integer >= 1, got \`${attempt}\``);
  }
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.min(attempt - 1, 30));
  return Math.floor(random() * ceiling);
}
