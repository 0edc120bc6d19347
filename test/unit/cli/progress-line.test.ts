import { describe, expect, it } from 'vitest';
import { formatDuration, formatProgressLine } from '../../../src/cli/support/progress-line.js';

describe('formatDuration', () => {
  it.each([
    [0, '0s'],
    [45, '45s'],
    [725, '12m05s'],
    [3720, '1h02m'],
    [-1, '--'],
    [Number.POSITIVE_INFINITY, '--'],
  ])('%s seconds -> %s', (seconds, expected) => {
    expect(formatDuration(seconds)).toBe(expected);
  });
});

describe('formatProgressLine', () => {
  it('shows counts, non-zero outcomes, rate and time left', () => {
    const line = formatProgressLine({
      done: 1234,
      total: 10_000,
      outcomes: { submitted: 1200, skipped: 30, failed: 4, 'gave-up': 0 },
      rowsPerSecond: 5,
    });
    expect(line).toBe('1,234/10,000 rows (12%) | submitted 1,200, skipped 30, failed 4 | 5.0 rows/s | 29m13s left');
  });

  it('says when nothing has finished yet and when Graph throttled us', () => {
    expect(formatProgressLine({ done: 0, total: 3, outcomes: {}, rowsPerSecond: 0, throttledMs: 61_000 })).toBe(
      '0/3 rows (0%) | no outcomes yet | 0.0 rows/s | -- left | throttled 1m01s',
    );
  });
});
