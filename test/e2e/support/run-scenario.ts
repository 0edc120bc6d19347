import { parse } from 'csv-parse/sync';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EmulatorOptions } from '../../../src/emulator/emulator-options.js';
import { creatingPosts, duplicateRequests, startTestEmulator, type TestEmulator } from './emulator-harness.js';
import { makeTempDir, runCli, spawnCli, type CliResult, type SpawnedCli } from './run-cli.js';
import { writeCsv, type SampleRow } from './sample-rows.js';

/** One test's world: a temp dir, an emulator on the sample tenant, and a CSV of `rows` in the dir. */
export interface RunScenario {
  dir: string;
  t: TestEmulator;
  csv: string;
  rows: SampleRow[];
  /** Flags `run` gets besides the file: the connection, the state files, a fast rate. */
  runArgs(...extra: string[]): string[];
  /** `resume [RUN_ID]` with the state files only: resume needs the database, not the CSV or the connection flags. */
  resumeArgs(runId?: string, ...extra: string[]): string[];
  run(...extra: string[]): Promise<CliResult>;
  spawnRun(...extra: string[]): SpawnedCli;
  resume(runId?: string, ...extra: string[]): Promise<CliResult>;
  spawnResume(runId?: string, ...extra: string[]): SpawnedCli;
  status(runId?: string): Promise<StatusJson | StatusJson[]>;
  results(runId: string): ResultLine[];
  close(): Promise<void>;
}

export interface StatusJson {
  runId: string;
  status: string;
  exitCode: number | null;
  rows: number;
  outcomes: Record<string, number>;
  skipped: Record<string, number>;
  phases: Record<string, number>;
}

export type ResultLine = Record<string, string>;

export async function createScenario(rows: SampleRow[], emulatorOptions: EmulatorOptions = {}): Promise<RunScenario> {
  const { dir, cleanup } = makeTempDir();
  const t = await startTestEmulator(dir, emulatorOptions);
  const csv = join(dir, 'input.csv');
  writeCsv(csv, rows);
  const runArgs = (...extra: string[]) => ['run', csv, ...t.connectionArgs, ...t.stateArgs, '--rate', '100', '--concurrency', '4', ...extra];
  const resumeArgs = (runId?: string, ...extra: string[]) => ['resume', ...(runId === undefined ? [] : [runId]), ...t.stateArgs, ...extra];
  return {
    dir,
    t,
    csv,
    rows,
    runArgs,
    resumeArgs,
    run: (...extra) => runCli(runArgs(...extra), { env: t.env }),
    spawnRun: (...extra) => spawnCli(runArgs(...extra), { env: t.env }),
    resume: (runId, ...extra) => runCli(resumeArgs(runId, ...extra), { env: t.env }),
    spawnResume: (runId, ...extra) => spawnCli(resumeArgs(runId, ...extra), { env: t.env }),
    status: async (runId) => {
      const result = await runCli(['status', ...(runId === undefined ? [] : [runId]), '--json', '--db', t.dbPath]);
      if (result.code !== 0) throw new Error(`status exited ${result.code}: ${result.stderr}`);
      return JSON.parse(result.stdout) as StatusJson | StatusJson[];
    },
    results: (runId) => readResults(join(t.reportDir, runId, 'results.csv')),
    close: async () => {
      await t.emulator.close();
      cleanup();
    },
  };
}

export function readResults(path: string): ResultLine[] {
  return parse(readFileSync(path), { bom: true, columns: true, skip_empty_lines: true }) as ResultLine[];
}

/** The run id `run` printed first (`run ID`, or `{"runId":...}` with --json). */
export function runIdOf(stdout: string): string | undefined {
  const first = stdout.split('\n')[0] ?? '';
  if (first.startsWith('{')) return (JSON.parse(first) as { runId?: string }).runId;
  return /^run (\S+)/.exec(first)?.[1];
}

/**
 * What "every row holds exactly one outcome and nothing was created twice" means, checked from outside:
 * `status --json`, results.csv (one line per input row, in input order), and the emulator's requests.
 */
export async function completenessProblems(scenario: RunScenario, runId: string): Promise<string[]> {
  const problems: string[] = [];
  const status = (await scenario.status(runId)) as StatusJson;
  const n = scenario.rows.length;
  if (status.status !== 'finished') problems.push(`status is ${status.status}, expected finished`);
  if (status.rows !== n) problems.push(`status counts ${status.rows} rows, expected ${n}`);
  const settled = Object.values(status.outcomes).reduce((sum, count) => sum + count, 0);
  if (settled !== n) problems.push(`status outcomes add up to ${settled}, expected ${n}`);
  if (status.phases['done'] !== n) problems.push(`phases ${JSON.stringify(status.phases)}, expected all ${n} done`);
  const lines = scenario.results(runId);
  if (lines.length !== n) problems.push(`results.csv has ${lines.length} lines, expected ${n}`);
  lines.forEach((line, index) => {
    const expected = `${scenario.csv}:${index + 2}`;
    if (line['row'] !== expected) problems.push(`results.csv line ${index + 1} is ${line['row']}, expected ${expected}`);
    if (!line['outcome']) problems.push(`results.csv line ${index + 1} has no outcome`);
  });
  problems.push(...duplicateRequests(scenario.t.emulator).map((key) => `request created twice: ${key}`));
  const created = new Map<string, number>();
  for (const post of creatingPosts(scenario.t.emulator)) {
    const key = JSON.stringify(post.body);
    created.set(key, (created.get(key) ?? 0) + 1);
  }
  for (const [body, count] of created) if (count > 1) problems.push(`${count} POSTs created a request for ${body}`);
  return problems;
}
