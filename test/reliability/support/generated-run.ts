import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { generateDirectory } from '../../../src/emulator/index.js';
import type { EmulatorOptions } from '../../../src/emulator/emulator-options.js';
import { tenantFor, writeTenantCsv, type BenchTenant } from '../../../bench/tenant-csv.js';
import { creatingPosts, duplicateRequests, startTestEmulator, type TestEmulator } from '../../e2e/support/emulator-harness.js';
import { makeTempDir, runCli, spawnCli, type CliResult, type SpawnedCli } from '../../e2e/support/run-cli.js';
import { readResults, type StatusJson } from '../../e2e/support/run-scenario.js';

/** A row count from the environment (so CI can scale the suite), or the default. */
export function scaled(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name}: expected a positive integer, got ${process.env[name]}`);
  return value;
}

/** One test's world: a temp dir, an in-process emulator on a generated tenant, and `rows` adds that resolve in it. */
export interface GeneratedRun {
  dir: string;
  t: TestEmulator;
  csv: string;
  rows: number;
  tenant: BenchTenant;
  run(flags: string[], timeoutMs?: number): Promise<CliResult>;
  spawnRun(flags: string[], timeoutMs?: number): SpawnedCli;
  spawnResume(timeoutMs?: number): SpawnedCli;
  resume(timeoutMs?: number): Promise<CliResult>;
  status(): Promise<StatusJson>;
  close(): Promise<void>;
}

export async function createGeneratedRun(rows: number, options: EmulatorOptions = {}): Promise<GeneratedRun> {
  const { dir, cleanup } = makeTempDir('apbatch-reliability-');
  const tenant = tenantFor(rows);
  const t = await startTestEmulator(dir, { directory: generateDirectory(tenant), deliveryDelayMs: 0, ...options });
  const csv = join(dir, 'input.csv');
  writeTenantCsv(csv, tenant, rows);
  const runArgs = (flags: string[]) => ['run', csv, ...t.connectionArgs, ...t.stateArgs, ...flags];
  const resumeArgs = ['resume', ...t.stateArgs];
  return {
    dir,
    t,
    csv,
    rows,
    tenant,
    run: (flags, timeoutMs = 600_000) => runCli(runArgs(flags), { env: t.env, timeoutMs }),
    spawnRun: (flags, timeoutMs = 600_000) => spawnCli(runArgs(flags), { env: t.env, timeoutMs }),
    spawnResume: (timeoutMs = 600_000) => spawnCli(resumeArgs, { env: t.env, timeoutMs }),
    resume: (timeoutMs = 600_000) => runCli(resumeArgs, { env: t.env, timeoutMs }),
    status: async () => {
      const result = await runCli(['status', '--json', '--db', t.dbPath]);
      if (result.code !== 0) throw new Error(`status exited ${result.code}: ${result.stderr}`);
      const parsed = JSON.parse(result.stdout) as StatusJson | StatusJson[];
      const newest = Array.isArray(parsed) ? parsed[0] : parsed;
      if (newest === undefined) throw new Error('status listed no run');
      return newest;
    },
    close: async () => {
      await t.emulator.close();
      cleanup();
    },
  };
}

/**
 * "Every row holds exactly one outcome and nothing was created twice", from outside: `status --json`,
 * results.csv (one line per input row, in order), and the requests the emulator holds.
 */
export async function completenessProblems(run: GeneratedRun, expectedOutcome = 'submitted'): Promise<string[]> {
  const problems: string[] = [];
  const status = await run.status();
  if (status.status !== 'finished') problems.push(`status is ${status.status}, expected finished`);
  if (status.rows !== run.rows) problems.push(`status counts ${status.rows} rows, expected ${run.rows}`);
  if (status.outcomes[expectedOutcome] !== run.rows) problems.push(`outcomes ${JSON.stringify(status.outcomes)}, expected all ${run.rows} ${expectedOutcome}`);
  if (status.phases['done'] !== run.rows) problems.push(`phases ${JSON.stringify(status.phases)}, expected all ${run.rows} done`);
  const lines = readResults(join(run.t.reportDir, status.runId, 'results.csv'));
  if (lines.length !== run.rows) problems.push(`results.csv has ${lines.length} lines, expected ${run.rows}`);
  lines.forEach((line, index) => {
    if (line['row'] !== `${run.csv}:${index + 2}`) problems.push(`results.csv line ${index + 1} is ${line['row']}`);
    if (line['outcome'] !== expectedOutcome) problems.push(`results.csv line ${index + 1} has outcome ${line['outcome']}`);
  });
  problems.push(...duplicateRequests(run.t.emulator).map((key) => `request created twice: ${key}`));
  const created = new Map<string, number>();
  for (const post of creatingPosts(run.t.emulator)) {
    const key = JSON.stringify(post.body);
    created.set(key, (created.get(key) ?? 0) + 1);
  }
  for (const [body, count] of created) if (count > 1) problems.push(`${count} POSTs created a request for ${body}`);
  const held = run.t.emulator.state.snapshot().requests.length;
  if (held !== run.rows) problems.push(`the emulator holds ${held} requests, expected ${run.rows}`);
  return problems.slice(0, 20);
}

/** Every file under `dir`, recursively. */
export function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

export { seededRandom } from '../../../src/emulator/directory/seeded-random.js';
