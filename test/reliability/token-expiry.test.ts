import { afterEach, describe, expect, it } from 'vitest';
import { completenessProblems, createGeneratedRun, scaled, type GeneratedRun } from './support/generated-run.js';

/**
 * Reliability 3: access tokens that live 10 seconds, during a run that lasts minutes at `--rate 20`: every row
 * is submitted (none fails for a dead token) and apbatch kept fetching new tokens.
 * RELIABILITY_TOKEN_SECONDS (default 240: several minutes, and still shorter than the kill/resume test it runs beside) sets
 * how long the run lasts.
 */
describe('tokens expiring every 10 seconds', () => {
  let run: GeneratedRun | undefined;
  afterEach(async () => {
    await run?.close();
  });

  it('loses no row to an expired token', async () => {
    const seconds = scaled('RELIABILITY_TOKEN_SECONDS', 240);
    const rate = 20;
    run = await createGeneratedRun(seconds * rate, { tokenLifetimeSeconds: 10 });
    const started = Date.now();
    const result = await run.run(['--rate', String(rate), '--concurrency', '4'], (seconds * 3 + 120) * 1000);
    const elapsedSeconds = (Date.now() - started) / 1000;
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(result.code, result.stderr.slice(0, 500)).toBe(0);
    expect(await completenessProblems(run)).toEqual([]);
    const tokenRequests = run.t.emulator.requests().filter((entry) => entry.path.endsWith('/oauth2/v2.0/token')).length;
    const unauthorized = run.t.emulator.requests().filter((entry) => entry.status === 401).length;
    console.log(`tokens: run of ${elapsedSeconds.toFixed(0)} s, ${tokenRequests} token requests, ${unauthorized} answers 401`);
    // A token lives 10 s: a run of S seconds needs at least S/10 of them.
    expect(tokenRequests).toBeGreaterThanOrEqual(Math.floor(elapsedSeconds / 10));
  });
});
