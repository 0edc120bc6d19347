import { ROW_OUTCOMES, type RowOutcome } from '../core/domain.js';
import type { OutcomeCounts } from '../store/index.js';

/** How many recent outcomes the rate is averaged over. */
const RATE_WINDOW_MS = 30_000;

/**
 * Where a run stands for the progress display: outcome counts (seeded from the store, so a resumed run starts
 * where it stood) and the recent rate of rows settled.
 */
export class RunProgress {
  readonly total: number;
  private readonly outcomes: Record<RowOutcome, number>;
  private done: number;
  /** When each recent row settled; those before `oldest` have left the window. */
  private recent: number[] = [];
  private oldest = 0;

  constructor(counts: OutcomeCounts, private readonly now: () => number) {
    this.total = counts.total;
    this.outcomes = { ...counts.byOutcome };
    this.done = counts.byPhase.done + counts.byPhase.waiting;
  }

  /** A row got its first outcome. */
  settled(outcome: RowOutcome): void {
    this.outcomes[outcome] += 1;
    this.done += 1;
    this.recent.push(this.now());
  }

  /** A waiting row reached its final state: it moves from `submitted` to that outcome. */
  waited(outcome: RowOutcome): void {
    this.outcomes.submitted -= 1;
    this.outcomes[outcome] += 1;
  }

  snapshot(): { done: number; total: number; outcomes: Record<string, number>; rowsPerSecond: number } {
    const at = this.now();
    // An index, not shift(): at thousands of rows a second the window holds tens of thousands of times.
    while (this.oldest < this.recent.length && at - (this.recent[this.oldest] as number) > RATE_WINDOW_MS) this.oldest += 1;
    if (this.oldest > 1024 && this.oldest * 2 > this.recent.length) {
      this.recent = this.recent.slice(this.oldest);
      this.oldest = 0;
    }
    const inWindow = this.recent.length - this.oldest;
    const span = inWindow > 1 ? (at - (this.recent[this.oldest] as number)) / 1000 : 0;
    const outcomes: Record<string, number> = {};
    for (const outcome of ROW_OUTCOMES) if (this.outcomes[outcome] > 0) outcomes[outcome] = this.outcomes[outcome];
    return { done: this.done, total: this.total, outcomes, rowsPerSecond: span > 0 ? inWindow / span : 0 };
  }
}
