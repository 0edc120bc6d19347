import { describe, expect, it } from 'vitest';
import { loadRows } from '../../../src/store/load-rows.js';
import type { RowInput } from '../../../src/store/store-types.js';
import { openStore } from '../../../src/store/open-store.js';
import { newRun, useTempDirs, validRow } from './store-fixtures.js';
import { join } from 'node:path';

/**
 * The numbers behind "a million rows load with flat memory and resume sends within seconds". Slow, so only on
 * demand: `APBATCH_BENCH_ROWS=1000000 npx vitest run test/unit/store/load-benchmark.test.ts`.
 */
const rows = Number(process.env.APBATCH_BENCH_ROWS ?? 0);
const tempDir = useTempDirs();

describe.skipIf(rows === 0)('loading and resuming a large run', () => {
  it(`loads ${rows} rows in batches, then finds the last pending ones at once`, { timeout: 1_800_000 }, async () => {
    const path = join(tempDir(), 'bench.db');
    const store = openStore(path);
    const runId = newRun(store);
    function* source(): Generator<RowInput> {
      for (let line = 2; line < rows + 2; line++) yield { kind: 'valid', row: validRow(line) };
    }
    let maxRss = process.memoryUsage().rss;
    const cpu = process.cpuUsage();
    const started = performance.now();
    await loadRows(store, runId, source(), { onBatch: () => void (maxRss = Math.max(maxRss, process.memoryUsage().rss)) });
    const loadSeconds = (performance.now() - started) / 1000;
    const { user, system } = process.cpuUsage(cpu);
    store.db.prepare("UPDATE rows SET phase = 'done', outcome = 'submitted' WHERE run_id = ? AND seq <= ?").run(runId, rows - 1000);
    store.close();

    const resumeStarted = performance.now();
    const reopened = openStore(path);
    const run = reopened.latestUnfinishedRun();
    const inFlight = reopened.inFlightRows(runId);
    const next = reopened.nextPendingRows(runId, 0, 100);
    const resumeMs = performance.now() - resumeStarted;
    const countStarted = performance.now();
    const counts = reopened.countOutcomes(runId);
    const countMs = performance.now() - countStarted;
    reopened.close();

    console.log(
      `${rows} rows: load ${loadSeconds.toFixed(1)} s wall (${Math.round(rows / loadSeconds)} rows/s), ` +
        `${((user + system) / 1e6).toFixed(1)} s CPU, max RSS ${(maxRss / 1e6).toFixed(0)} MB; ` +
        `resume to first pending rows ${resumeMs.toFixed(1)} ms; countOutcomes ${countMs.toFixed(0)} ms`,
    );
    expect(run?.id).toBe(runId);
    expect(inFlight).toEqual([]);
    expect(next[0]?.seq).toBe(rows - 999);
    expect(counts.byPhase).toEqual({ pending: 1000, 'in-flight': 0, waiting: 0, done: rows - 1000 });
    expect(resumeMs).toBeLessThan(5000);
  });
});
