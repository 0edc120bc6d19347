import { afterEach, describe, expect, it } from 'vitest';
import { onRequestCreated, readRun, waitFor } from '../e2e/support/emulator-harness.js';
import type { SpawnedCli } from '../e2e/support/run-cli.js';
import { completenessProblems, createGeneratedRun, scaled, seededRandom, type GeneratedRun } from './support/generated-run.js';

/**
 * Reliability 1: a 5,000-row run with faults on (2% 429 with Retry-After 1 s, 2% 503, 1% resets before and 1%
 * after Graph carried the call out) is killed with SIGKILL at 20 seeded random moments and resumed each time.
 * At the end every row holds exactly one outcome and no assignment request was created twice.
 *
 * 2% 429, not the 10% of the fault-mix test: apbatch halves its rate at each 429, and 429s that come whatever the
 * rate hold it near 4 calls/s, so at 10% this run takes about 27 minutes instead of 7 for the same kill windows.
 *
 * The moments are seeded random points of the run's progress (how many requests Graph has created), each followed
 * by a seeded random delay of up to half a second, so the kills stay spread over the whole run however fast
 * apbatch gets: a fixed schedule in seconds would let a faster apbatch finish before the 20th kill.
 *
 * RELIABILITY_KILL_ROWS (default 5000) and RELIABILITY_KILLS (default 20) scale it.
 */
describe('SIGKILL at random moments, resumed each time', () => {
  let run: GeneratedRun | undefined;
  afterEach(async () => {
    await run?.close();
  });

  it('ends with one outcome per row and no request created twice', { timeout: 3_600_000 }, async () => {
    const rows = scaled('RELIABILITY_KILL_ROWS', 5000);
    const kills = scaled('RELIABILITY_KILLS', 20);
    run = await createGeneratedRun(rows, {
      throttle: null,
      faults: { seed: 11, retryAfterSeconds: 1, probabilities: { '429': 0.02, '503': 0.02, 'reset-before': 0.01, 'reset-after': 0.01 } },
    });
    const current = run;
    let created = 0;
    onRequestCreated(current.t.emulator, () => {
      created += 1;
    });
    const random = seededRandom(20261128);
    // Between 2% and 95% of the rows created: the last kill still leaves the resumed run work to do.
    const progressMarks = Array.from({ length: kills }, () => Math.floor(rows * (0.02 + 0.93 * random()))).sort((a, b) => a - b);
    const startedAt = Date.now();
    let child: SpawnedCli = current.spawnRun(['--rate', '100', '--concurrency', '8']);
    // The first kill waits for the rows to be loaded: a run killed while loading is, by design, not resumable.
    await waitFor(() => readRun(current.t.dbPath)?.status === 'running', 'the run to start sending', 120_000);
    let killed = 0;
    let finishedEarly = false;
    const killedAt: string[] = [];
    for (const mark of progressMarks) {
      let ended = false;
      void child.exited.then(() => {
        ended = true;
      });
      const delayMs = Math.floor(random() * 500);
      await waitFor(() => ended || created >= mark, `${mark} requests created (the run is stuck at ${created})`, 600_000);
      if (!ended) await new Promise((resolve) => setTimeout(resolve, delayMs));
      if (ended) {
        const result = await child.exited;
        if (result.code === 0) {
          finishedEarly = true;
          break;
        }
        throw new Error(`the CLI exited ${result.code} on its own: ${result.stderr.slice(0, 500)}`);
      }
      child.child.kill('SIGKILL');
      await child.exited;
      killed += 1;
      killedAt.push(`${created}@${((Date.now() - startedAt) / 1000).toFixed(0)}s`);
      child = current.spawnResume();
    }
    const last = await child.exited;
    const graphCalls = current.t.emulator.requests().filter((entry) => /^\/(v1\.0|beta)\//.test(entry.path) && entry.batchSeq === undefined);
    const faulted = (prefix: string) => graphCalls.filter((entry) => entry.actions.some((action) => action.startsWith(`fault: ${prefix}`))).length;
    console.log(
      `kill-resume: ${rows} rows in ${((Date.now() - startedAt) / 1000).toFixed(0)} s, ${killed} kills (requests created@time: ${killedAt.join(' ')}), ` +
        `${graphCalls.length} Graph calls, 429 ${faulted('429')}, 503 ${faulted('503')}, resets ${faulted('reset')}`,
    );
    expect(last.stderr).not.toMatch(/^\s+at /m);
    expect(last.code, last.stderr.slice(0, 500)).toBe(0);
    expect(await completenessProblems(current)).toEqual([]);
    // The kills happened while the run was still going, or the test proves less than it claims.
    expect({ killed, finishedEarly }).toEqual({ killed: kills, finishedEarly: false });
    expect([faulted('429'), faulted('503'), faulted('reset-before'), faulted('reset-after')].every((count) => count > 0)).toBe(true);
  });
});
