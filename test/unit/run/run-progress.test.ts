import { describe, expect, it } from 'vitest';
import { RunProgress } from '../../../src/run/run-progress.js';
import { emptyCounts } from '../../../src/store/rows-repository.js';

describe('RunProgress', () => {
  it('starts from the counts in the store and adds each outcome', () => {
    const counts = emptyCounts();
    counts.total = 10;
    counts.byOutcome.submitted = 3;
    counts.byOutcome.invalid = 1;
    counts.byPhase.done = 4;
    const progress = new RunProgress(counts, () => 0);
    progress.settled('submitted');
    progress.settled('failed');
    expect(progress.snapshot()).toEqual({ done: 6, total: 10, outcomes: { submitted: 4, failed: 1, invalid: 1 }, rowsPerSecond: 0 });
    progress.waited('delivered');
    expect(progress.snapshot().outcomes).toEqual({ submitted: 3, delivered: 1, failed: 1, invalid: 1 });
  });

  it('gives the rate of the rows settled in the last 30 seconds, however many there were', () => {
    let now = 0;
    const progress = new RunProgress(emptyCounts(), () => now);
    // 60 s at 100 rows a second: 6,000 rows, of which the window keeps those settled in the last 30 s.
    for (let row = 0; row < 6_000; row += 1) {
      now = row * 10;
      progress.settled('submitted');
      if (row % 1_000 === 999) progress.snapshot();
    }
    now = 60_000;
    // Settled at 30,000 ms to 59,990 ms: 3,000 rows over 30 s.
    expect(progress.snapshot().rowsPerSecond).toBe(100);
    now = 200_000;
    expect(progress.snapshot().rowsPerSecond).toBe(0);
  });
});
