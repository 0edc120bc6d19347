import { afterEach, describe, expect, it } from 'vitest';
import type { FaultKind } from '../../src/emulator/index.js';
import { completenessProblems, createGeneratedRun, scaled, type GeneratedRun } from './support/generated-run.js';

/**
 * Reliability 2: the issue's mix on every Graph call: 10% 429 (Retry-After 1 s, not carried out), 2% 503,
 * 1% resets (half before, half after Graph carried the call out) and 1% answers slower than the client's
 * timeout (`--timeout 2`, answers 3 s late; half before, half after the call is carried out). Every row
 * completes, none twice, and the shares the emulator drew are the ones asked for.
 *
 * No token bucket: every 429 comes from the fault, so its share does not depend on the client's rate.
 * RELIABILITY_FAULT_ROWS (default 500) scales it.
 */
const MIX: Partial<Record<FaultKind, number>> = {
  '429': 0.1,
  '503': 0.02,
  'reset-before': 0.005,
  'reset-after': 0.005,
  slow: 0.005,
  'slow-after': 0.005,
};

/** Within four standard deviations of a binomial draw, plus two calls: generous, yet fails on a wrong mix. */
function nearShare(observed: number, calls: number, probability: number): boolean {
  const spread = 4 * Math.sqrt(calls * probability * (1 - probability)) + 2;
  return Math.abs(observed - calls * probability) <= spread;
}

describe('faults on every kind of call', () => {
  let run: GeneratedRun | undefined;
  afterEach(async () => {
    await run?.close();
  });

  it('completes every row, once, under 10% 429, 2% 503, 1% resets and 1% answers past the timeout', async () => {
    const rows = scaled('RELIABILITY_FAULT_ROWS', 500);
    run = await createGeneratedRun(rows, {
      throttle: null,
      faults: { seed: 5, slowMs: 3000, retryAfterSeconds: 1, probabilities: MIX },
    });
    const result = await run.run(['--rate', '100', '--concurrency', '8', '--timeout', '2']);
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(result.code, result.stderr.slice(0, 500)).toBe(0);
    expect(await completenessProblems(run)).toEqual([]);

    // Faults are drawn per HTTP call; the steps inside a $batch are not calls of their own.
    const graphCalls = run.t.emulator.requests().filter((entry) => /^\/(v1\.0|beta)\//.test(entry.path) && entry.batchSeq === undefined);
    const drawn = (kinds: FaultKind[]) => graphCalls.filter((entry) => kinds.some((kind) => entry.actions.includes(`fault: ${kind}`))).length;
    const shares = {
      '429': drawn(['429']),
      '503': drawn(['503']),
      resets: drawn(['reset-before', 'reset-after']),
      'past the timeout': drawn(['slow', 'slow-after']),
    };
    console.log(
      `faults: ${graphCalls.length} Graph calls; ${Object.entries(shares)
        .map(([name, count]) => `${name} ${count} (${((100 * count) / graphCalls.length).toFixed(1)}%)`)
        .join(', ')}`,
    );
    const asked = { '429': 0.1, '503': 0.02, resets: 0.01, 'past the timeout': 0.01 };
    const off = Object.entries(asked).filter(([name, p]) => !nearShare(shares[name as keyof typeof shares], graphCalls.length, p));
    expect(off, `shares drawn ${JSON.stringify(shares)} of ${graphCalls.length} calls`).toEqual([]);
    // Every 429 the client saw came from the fault, and it saw some of each kind.
    expect(graphCalls.filter((entry) => entry.status === 429).length).toBe(shares['429']);
    expect(Object.values(shares).every((count) => count > 0)).toBe(true);
  });
});
