/**
 * `npm run bench`: measures what the README's Performance section reports. Each benchmark runs the built CLI
 * as a user would, in a child process, and reads its peak RSS and CPU time through bench/rss-preload.mjs.
 * Online benchmarks talk to the emulator in a third process (bench/emulator-host.ts), so the CLI has its core.
 * Rows per second are wall-clock, as a user waits for them; CPU time and the load average are printed beside
 * them because a machine shared with other work stretches the wall clock, not the CPU time.
 *
 * Environment:
 * - BENCH_ONLY: comma-separated subset of validate,plan,e2e,throttle,latency,resume,naive (default: all)
 * - BENCH_ROWS (default 1000000): rows of the offline file (validate, plan --offline)
 * - BENCH_E2E_ROWS (default 100000): rows of the end-to-end run
 * - BENCH_THROTTLE_ROWS (default 3000), BENCH_LATENCY_ROWS (default 1500), BENCH_NAIVE_ROWS (default 300)
 * - BENCH_RESUME_ROWS (default 1000000), BENCH_RESUME_PENDING (default 1000)
 * - BENCH_CPU_PROF: a directory; the CLI then writes a V8 CPU profile there (open it in Chrome DevTools);
 *   BENCH_EMULATOR_CPU_PROF the same for the emulator
 * - BENCH_KEEP=1 keeps the temporary data directory (state databases, logs, reports) and prints where it is
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EmulatorOptions } from '../src/emulator/emulator-options.js';
import { startEmulatorProcess, type EmulatorProcess } from './emulator-process.js';
import { generateBenchCsv } from './generate-csv.js';
import { runNaiveSender } from './naive-sender.js';
import { buildInterruptedRun } from './resume-db.js';
import { tenantFor, writeTenantCsv } from './tenant-csv.js';

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const cliPath = join(projectRoot, 'dist/src/cli/main.js');
const rssPreload = join(projectRoot, 'bench/rss-preload.mjs');

/** The node flags of the CLI's `#!/usr/bin/env -S node ...` line, so the benchmark runs it as the installed bin does. */
function launcherFlags(): string[] {
  const shebang = readFileSync(cliPath, 'utf8').split('\n', 1)[0] ?? '';
  const words = shebang.replace(/^#!\S*env\s+(-S\s+)?/, '').split(/\s+/).filter((word) => word !== '');
  return words[0] === 'node' ? words.slice(1) : [];
}

interface Measurement {
  name: string;
  rows: number;
  seconds: number;
  rowsPerSecond: number;
  peakRssMb: number;
  cpuSeconds: number;
  cpuMsPerRow: number;
  /** One-minute load average when the benchmark started. */
  loadAverage: number;
  exitCode: number | null;
  /** The figure the goal is about, in words (e.g. `rate/20 = 0.97, 429s 0.4%`). */
  figure: string;
  goal: string;
  met: boolean;
  settings: Record<string, unknown>;
  details?: Record<string, unknown>;
}

interface ChildRun {
  exitCode: number | null;
  seconds: number;
  startedAtMs: number;
  peakRssMb: number;
  cpuSeconds: number;
}

async function runMeasured(args: string[], env: Record<string, string> = {}): Promise<ChildRun> {
  const workDir = mkdtempSync(join(tmpdir(), 'apbatch-bench-'));
  const rssFile = join(workDir, 'rss');
  const startedAtMs = Date.now();
  const started = process.hrtime.bigint();
  const exitCode = await new Promise<number | null>((resolvePromise, reject) => {
    const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_CPU_PROF] : [];
    const child = spawn(process.execPath, [...launcherFlags(), ...profile, '--import', rssPreload, cliPath, ...args], {
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, ...env, APBATCH_BENCH_RSS_FILE: rssFile },
    });
    child.on('error', reject);
    child.on('exit', (code) => resolvePromise(code));
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const usage = JSON.parse(readFileSync(rssFile, 'utf8')) as { maxRssBytes: number; userCpuMicros: number; systemCpuMicros: number };
  rmSync(workDir, { recursive: true, force: true });
  return { exitCode, seconds, startedAtMs, peakRssMb: usage.maxRssBytes / (1024 * 1024), cpuSeconds: (usage.userCpuMicros + usage.systemCpuMicros) / 1e6 };
}

function measurement(name: string, rows: number, run: ChildRun, loadAverage: number, rest: Pick<Measurement, 'figure' | 'goal' | 'met' | 'settings' | 'details'>): Measurement {
  return {
    name,
    rows,
    seconds: run.seconds,
    rowsPerSecond: rows / run.seconds,
    peakRssMb: run.peakRssMb,
    cpuSeconds: run.cpuSeconds,
    cpuMsPerRow: (run.cpuSeconds * 1000) / rows,
    loadAverage,
    exitCode: run.exitCode,
    ...rest,
  };
}

function printTable(results: Measurement[]): void {
  const header = ['benchmark', 'rows', 'seconds', 'rows/s', 'peak RSS MB', 'CPU s', 'CPU ms/row', 'load', 'exit', 'figure', 'goal', 'met'];
  const lines = results.map((r) => [
    r.name,
    r.rows.toLocaleString('en-US'),
    r.seconds.toFixed(1),
    Math.round(r.rowsPerSecond).toLocaleString('en-US'),
    r.peakRssMb.toFixed(0),
    r.cpuSeconds.toFixed(1),
    r.cpuMsPerRow.toFixed(3),
    r.loadAverage.toFixed(1),
    String(r.exitCode),
    r.figure,
    r.goal,
    r.met ? 'yes' : 'NO',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const format = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  console.log(format(header));
  for (const line of lines) console.log(format(line));
}

const envNumber = (name: string, fallback: number): number => Number(process.env[name] ?? fallback);

/** A temp dir with the state files of one CLI run against `emulator`, and the flags naming them. */
function runFiles(dataDir: string, name: string): { dir: string; db: string; stateArgs: string[] } {
  const dir = join(dataDir, name);
  mkdirSync(dir, { recursive: true });
  const db = join(dir, 'state.db');
  return { dir, db, stateArgs: ['--db', db, '--report-dir', join(dir, 'reports'), '--log-file', join(dir, 'run.log'), '--no-progress'] };
}

/** Starts an emulator process on a tenant sized for `rows`, runs `work`, always stops it. */
async function withEmulator<T>(rows: number, options: EmulatorOptions, work: (emulator: EmulatorProcess) => Promise<T>): Promise<T> {
  const emulator = await startEmulatorProcess({ generate: tenantFor(rows), deliveryDelayMs: 0, ...options });
  try {
    return await work(emulator);
  } finally {
    await emulator.close();
  }
}

/** `run` of a generated CSV against an emulator with `options`; returns the CLI's measurement and what the emulator saw. */
async function onlineRun(dataDir: string, name: string, rows: number, emulatorOptions: EmulatorOptions, cliFlags: string[]) {
  const tenant = tenantFor(rows);
  const files = runFiles(dataDir, name);
  const csv = join(files.dir, 'input.csv');
  writeTenantCsv(csv, tenant, rows);
  return withEmulator(rows, emulatorOptions, async (emulator) => {
    const loadAverage = loadavg()[0] ?? 0;
    const run = await runMeasured(['run', csv, ...emulator.connectionArgs, ...files.stateArgs, ...cliFlags], { AZURE_CLIENT_SECRET: emulator.clientSecret });
    const stats = await emulator.stats();
    const windowSeconds = stats.firstGraphAtMs !== null && stats.lastGraphAtMs !== null ? (stats.lastGraphAtMs - stats.firstGraphAtMs) / 1000 : run.seconds;
    return { run, stats, loadAverage, windowSeconds, settings: { rows, tenant, emulator: emulatorOptions, cli: cliFlags } };
  });
}

/**
 * Rows per second while rows are being sent, from the run's log: between the 10th and the 90th percentile of its
 * `row settled` lines, so start-up, loading the file and writing the report are left out.
 */
function sendingRate(logFile: string): number {
  const settledAt = readFileSync(logFile, 'utf8')
    .split('\n')
    .filter((line) => line.includes('"msg":"row settled"'))
    .map((line) => (JSON.parse(line) as { time: number }).time);
  const from = settledAt[Math.floor(settledAt.length * 0.1)];
  const to = settledAt[Math.floor(settledAt.length * 0.9)];
  if (from === undefined || to === undefined || to <= from) return Number.NaN;
  return (settledAt.length * 0.8) / ((to - from) / 1000);
}

type Benchmark = (dataDir: string) => Promise<Measurement[]>;

const benchmarks: Record<string, Benchmark> = {
  validate: async (dataDir) => {
    const rows = envNumber('BENCH_ROWS', 1_000_000);
    const csv = join(dataDir, 'bench.csv');
    if (!existsSync(csv)) await generateBenchCsv(csv, rows);
    const loadAverage = loadavg()[0] ?? 0;
    const run = await runMeasured(['validate', csv, '--json']);
    const met = rows / run.seconds >= 50_000 && run.peakRssMb < 150 && run.exitCode === 0;
    return [measurement('validate', rows, run, loadAverage, { figure: `${Math.round(rows / run.seconds)} rows/s`, goal: '>= 50,000 rows/s, < 150 MB', met, settings: { rows } })];
  },
  plan: async (dataDir) => {
    const rows = envNumber('BENCH_ROWS', 1_000_000);
    const csv = join(dataDir, 'bench.csv');
    if (!existsSync(csv)) await generateBenchCsv(csv, rows);
    const loadAverage = loadavg()[0] ?? 0;
    const run = await runMeasured(['plan', csv, '--offline']);
    return [measurement('plan --offline', rows, run, loadAverage, { figure: `${run.peakRssMb.toFixed(0)} MB`, goal: '< 150 MB', met: run.peakRssMb < 150 && run.exitCode === 0, settings: { rows } })];
  },
  e2e: async (dataDir) => {
    const rows = envNumber('BENCH_E2E_ROWS', 100_000);
    const flags = ['--rate', '10000', '--concurrency', '32'];
    const r = await onlineRun(dataDir, 'e2e', rows, { throttle: null, latency: 0 }, flags);
    const rowsPerSecond = rows / r.run.seconds;
    const sending = sendingRate(join(runFiles(dataDir, 'e2e').dir, 'run.log'));
    return [measurement('run (no throttle, no latency)', rows, r.run, r.loadAverage, {
      figure: `${Math.round(rowsPerSecond)} rows/s (sending ${Math.round(sending)} rows/s)`,
      goal: '>= 2,000 rows/s',
      met: rowsPerSecond >= 2000 && r.run.exitCode === 0,
      settings: r.settings,
      details: { emulator: r.stats, sendingRowsPerSecond: sending },
    })];
  },
  throttle: async (dataDir) => {
    const rows = envNumber('BENCH_THROTTLE_ROWS', 3000);
    // What a user told "the limit is 20 requests per second" would type.
    const flags = ['--rate', '20', '--concurrency', '4'];
    const r = await onlineRun(dataDir, 'throttle', rows, { throttle: { rate: 20, burst: 20 }, latency: 0 }, flags);
    const throttled = r.stats.byStatus['429'] ?? 0;
    const utilisation = (r.stats.graphCalls - throttled) / r.windowSeconds / 20;
    const share = throttled / r.stats.graphCalls;
    return [measurement('throttle utilisation (bucket 20/s)', rows, r.run, r.loadAverage, {
      figure: `rate/20 = ${utilisation.toFixed(3)}, 429s ${(share * 100).toFixed(2)}%`,
      goal: '>= 0.95, 429s <= 2%',
      met: utilisation >= 0.95 && share <= 0.02 && r.run.exitCode === 0,
      settings: r.settings,
      details: { emulator: r.stats, windowSeconds: r.windowSeconds, utilisation, share429: share },
    })];
  },
  latency: async (dataDir) => {
    const rows = envNumber('BENCH_LATENCY_ROWS', 1500);
    const flags = ['--rate', '50', '--concurrency', '16'];
    const r = await onlineRun(dataDir, 'latency', rows, { throttle: null, latency: 200 }, flags);
    const achieved = r.stats.graphCalls / r.windowSeconds / 50;
    return [measurement('latency hiding (200 ms)', rows, r.run, r.loadAverage, {
      figure: `rate/50 = ${achieved.toFixed(3)}`,
      goal: '>= 0.9',
      met: achieved >= 0.9 && r.run.exitCode === 0,
      settings: r.settings,
      details: { emulator: r.stats, windowSeconds: r.windowSeconds, achievedRatio: achieved },
    })];
  },
  naive: async (dataDir) => {
    const rows = envNumber('BENCH_NAIVE_ROWS', 300);
    const naive = await withEmulator(rows, { throttle: null, latency: 200, deliveryDelayMs: 0 }, (emulator) => runNaiveSender(emulator, tenantFor(rows), rows));
    const r = await onlineRun(dataDir, 'naive-apbatch', rows, { throttle: null, latency: 200 }, ['--rate', '50', '--concurrency', '16']);
    const naiveRate = naive.sent / naive.seconds;
    const apbatchRate = rows / r.run.seconds;
    const speedUp = apbatchRate / naiveRate;
    return [measurement('side by side: apbatch vs naive loop (200 ms)', rows, r.run, r.loadAverage, {
      figure: `naive ${naiveRate.toFixed(1)} rows/s, apbatch ${apbatchRate.toFixed(1)}: x${speedUp.toFixed(1)}`,
      goal: 'speed-up (reported)',
      met: naive.failed === 0 && r.run.exitCode === 0,
      settings: r.settings,
      details: { naive, apbatchRowsPerSecond: apbatchRate, speedUp },
    })];
  },
  resume: async (dataDir) => {
    const rows = envNumber('BENCH_RESUME_ROWS', 1_000_000);
    const pending = envNumber('BENCH_RESUME_PENDING', 1000);
    const tenant = tenantFor(pending);
    const files = runFiles(dataDir, 'resume');
    return withEmulator(pending, { throttle: null, latency: 0 }, async (emulator) => {
      const built = Date.now();
      buildInterruptedRun(files.db, emulator, tenant, rows, pending, { db: files.db, reportDir: join(files.dir, 'reports'), logFile: join(files.dir, 'run.log') });
      console.log(`  built a ${rows.toLocaleString('en-US')}-row interrupted run in ${((Date.now() - built) / 1000).toFixed(1)} s`);
      const loadAverage = loadavg()[0] ?? 0;
      const run = await runMeasured(['resume', ...files.stateArgs], { AZURE_CLIENT_SECRET: emulator.clientSecret });
      const stats = await emulator.stats();
      const toFirstGraph = stats.firstGraphAtMs === null ? Infinity : (stats.firstGraphAtMs - run.startedAtMs) / 1000;
      const toFirstCall = stats.firstCallAtMs === null ? Infinity : (stats.firstCallAtMs - run.startedAtMs) / 1000;
      return [measurement(`resume (${pending} of ${rows.toLocaleString('en-US')} left)`, pending, run, loadAverage, {
        figure: `first Graph call after ${toFirstGraph.toFixed(2)} s (sign-in ${toFirstCall.toFixed(2)} s)`,
        goal: '<= 5 s',
        met: toFirstGraph <= 5 && run.exitCode === 0,
        settings: { rows, pending, tenant },
        details: { emulator: stats, secondsToFirstGraphCall: toFirstGraph, secondsToFirstCall: toFirstCall },
      })];
    });
  },
};

async function main(): Promise<void> {
  const only = (process.env.BENCH_ONLY ?? Object.keys(benchmarks).join(',')).split(',').map((s) => s.trim()).filter((s) => s !== '');
  const unknown = only.filter((name) => !(name in benchmarks));
  if (unknown.length > 0) throw new Error(`BENCH_ONLY: unknown ${unknown.join(', ')}; expected some of ${Object.keys(benchmarks).join(', ')}`);
  const dataDir = mkdtempSync(join(tmpdir(), 'apbatch-bench-data-'));
  if (process.env.BENCH_KEEP) console.log(`data kept in ${dataDir}`);
  const results: Measurement[] = [];
  try {
    for (const name of only) {
      console.log(`${name} ...`);
      results.push(...(await benchmarks[name]!(dataDir)));
    }
    printTable(results);
    const report = {
      measuredAt: new Date().toISOString(),
      machine: { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, node: process.version, loadAverageAtEnd: loadavg() },
      benchmarks: only,
      results,
    };
    const out = join(projectRoot, 'bench/results.json');
    writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
    console.log(`\nload average now: ${loadavg().map((l) => l.toFixed(2)).join(' ')}\nwritten: ${out}`);
  } finally {
    if (!process.env.BENCH_KEEP) rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
