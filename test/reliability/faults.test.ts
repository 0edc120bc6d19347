import { afterEach, describe, expect, it } from 'vitest';
import { completenessProblems, createGeneratedRun, scaled, type GeneratedRun } from './support/generated-run.js';

/**
 * Reliability 2: 429s, 2% 503, 1% resets (half before, half after Graph carried the call out) and 1% answers
 * slower than the client's timeout (`--timeout 2`, answers 3 s late): every row completes, none twice.
 *
 * The emulator has no 429 fault kind, so 429s come from its token bucket: it allows 40 requests/s while the
 * user tells apbatch 60. The test reports the share of 429s it got rather than pretending to 10%.
 * RELIABILITY_FAULT_ROWS (default 500) scales it.
 */
describe('faults on every kind of call', () => {
  let run: GeneratedRun | undefined;
  afterEach(async () => {
    await run?.close();
  });

  it('completes every row', async () => {
    const rows = scaled('RELIABILITY_FAULT_ROWS', 500);
    run = await createGeneratedRun(rows, {
      throttle: { rate: 40, burst: 10 },
      faults: { seed: 5, slowMs: 3000, probabilities: { '503': 0.02, 'reset-before': 0.005, 'reset-after': 0.005, slow: 0.01 } },
    });
    const result = await run.run(['--rate', '60', '--concurrency', '8', '--timeout', '2']);
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(result.code, result.stderr.slice(0, 500)).toBe(0);
    expect(await completenessProblems(run)).toEqual([]);
    const graphCalls = run.t.emulator.requests().filter((entry) => /^\/(v1\.0|beta)\//.test(entry.path));
    const count = (status: number | null) => graphCalls.filter((entry) => entry.status === status).length;
    const slow = graphCalls.filter((entry) => entry.actions.includes('fault: slow')).length;
    console.log(`faults: ${graphCalls.length} Graph calls, 429 ${count(429)} (${((100 * count(429)) / graphCalls.length).toFixed(1)}%), 503 ${count(503)}, slow ${slow}, resets ${graphCalls.filter((e) => e.actions.some((a) => a.startsWith('fault: reset'))).length}`);
    expect(count(429)).toBeGreaterThan(0);
    expect(count(503)).toBeGreaterThan(0);
    expect(slow).toBeGreaterThan(0);
  });
});
