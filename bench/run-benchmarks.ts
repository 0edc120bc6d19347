/**
 * `npm run bench`: measures what the README's Performance section reports. Each benchmark runs the built CLI
 * as a user would, in a child process, and reads its peak RSS and CPU time through bench/rss-preload.mjs.
 * Rows per second are wall-clock, as a user waits for them; rows per CPU-second and the load average are
 * printed beside them because a machine shared with other work stretches the wall clock, not the CPU time.
 *
 * Environment: BENCH_ROWS (default 1000000) sets the size of the generated file.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateBenchCsv } from './generate-csv.js';

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
  rowsPerCpuSecond: number;
  /** One-minute load average when the benchmark started. */
  loadAverage: number;
  exitCode: number | null;
  goal: string;
  met: boolean;
}

async function measureCli(name: string, args: string[], rows: number, goal: (m: Omit<Measurement, 'goal' | 'met'>) => [string, boolean]): Promise<Measurement> {
  const workDir = mkdtempSync(join(tmpdir(), 'apbatch-bench-'));
  const rssFile = join(workDir, 'rss');
  const loadAverage = loadavg()[0] ?? 0;
  const started = process.hrtime.bigint();
  const exitCode = await new Promise<number | null>((resolvePromise, reject) => {
    const child = spawn(process.execPath, [...launcherFlags(), '--import', rssPreload, cliPath, ...args], {
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, APBATCH_BENCH_RSS_FILE: rssFile },
    });
    child.on('error', reject);
    child.on('exit', (code) => resolvePromise(code));
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const usage = JSON.parse(readFileSync(rssFile, 'utf8')) as { maxRssBytes: number; userCpuMicros: number; systemCpuMicros: number };
  rmSync(workDir, { recursive: true, force: true });
  const peakRssMb = usage.maxRssBytes / (1024 * 1024);
  const cpuSeconds = (usage.userCpuMicros + usage.systemCpuMicros) / 1e6;
  const base = { name, rows, seconds, rowsPerSecond: rows / seconds, peakRssMb, cpuSeconds, rowsPerCpuSecond: rows / cpuSeconds, loadAverage, exitCode };
  const [goalText, met] = goal(base);
  return { ...base, goal: goalText, met };
}

function printTable(results: Measurement[]): void {
  const header = ['benchmark', 'rows', 'seconds', 'rows/s', 'peak RSS MB', 'CPU s', 'rows/CPU-s', 'load', 'exit', 'goal', 'met'];
  const lines = results.map((r) => [
    r.name,
    r.rows.toLocaleString('en-US'),
    r.seconds.toFixed(1),
    Math.round(r.rowsPerSecond).toLocaleString('en-US'),
    r.peakRssMb.toFixed(0),
    r.cpuSeconds.toFixed(1),
    Math.round(r.rowsPerCpuSecond).toLocaleString('en-US'),
    r.loadAverage.toFixed(1),
    String(r.exitCode),
    r.goal,
    r.met ? 'yes' : 'NO',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const format = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  console.log(format(header));
  for (const line of lines) console.log(format(line));
}

async function main(): Promise<void> {
  const rows = Number(process.env.BENCH_ROWS ?? 1_000_000);
  const dataDir = mkdtempSync(join(tmpdir(), 'apbatch-bench-data-'));
  try {
    const csv = join(dataDir, 'bench.csv');
    console.log(`generating ${rows.toLocaleString('en-US')} rows in ${csv} ...`);
    await generateBenchCsv(csv, rows);
    const results: Measurement[] = [];
    results.push(
      await measureCli('validate', ['validate', csv, '--json'], rows, (m) => [
        '>= 50,000 rows/s, < 150 MB',
        m.rowsPerSecond >= 50_000 && m.peakRssMb < 150 && m.exitCode === 0,
      ]),
    );
    results.push(
      await measureCli('plan --offline', ['plan', csv, '--offline'], rows, (m) => [
        '< 150 MB',
        m.peakRssMb < 150 && m.exitCode === 0,
      ]),
    );
    printTable(results);
    const report = {
      measuredAt: new Date().toISOString(),
      machine: { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, node: process.version },
      settings: { rows },
      results,
    };
    const out = join(projectRoot, 'bench/results.json');
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
    console.log(`\nwritten: ${out}`);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
