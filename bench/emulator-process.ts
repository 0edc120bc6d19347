import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface, type Interface } from 'node:readline';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EmulatorOptions } from '../src/emulator/emulator-options.js';
import type { EmulatorStats } from './emulator-host.js';

const hostPath = join(dirname(fileURLToPath(import.meta.url)), 'emulator-host.js');

/** The emulator running in its own process (bench/emulator-host.ts) and how to reach it. */
export interface EmulatorProcess {
  graphUrl: string;
  authorityHost: string;
  caCertPath: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
  /** `run`/`resume` flags reaching this emulator. */
  connectionArgs: string[];
  stats(): Promise<EmulatorStats>;
  close(): Promise<void>;
}

export async function startEmulatorProcess(options: EmulatorOptions): Promise<EmulatorProcess> {
  const child: ChildProcess = spawn(process.execPath, [...(process.env.BENCH_EMULATOR_CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_EMULATOR_CPU_PROF] : []), hostPath, JSON.stringify(options)], { stdio: ['pipe', 'pipe', 'inherit'] });
  if (child.stdout === null || child.stdin === null) throw new Error('expected piped stdio for the emulator host');
  const lines: Interface = createInterface({ input: child.stdout });
  const waiting: Array<(line: string) => void> = [];
  lines.on('line', (line) => waiting.shift()?.(line));
  const nextLine = () =>
    new Promise<string>((resolve, reject) => {
      waiting.push(resolve);
      child.once('exit', (code) => reject(new Error(`the emulator host exited (${code}) before answering`)));
    });
  const ready = JSON.parse(await nextLine()) as Omit<EmulatorProcess, 'stats' | 'close' | 'connectionArgs'>;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    ...ready,
    connectionArgs: [
      '--tenant', ready.tenantId,
      '--client-id', ready.clientId,
      '--graph-url', ready.graphUrl,
      '--authority-host', ready.authorityHost,
      '--ca-file', ready.caCertPath,
    ],
    stats: async () => {
      const answer = nextLine();
      child.stdin?.write('stats\n');
      return JSON.parse(await answer) as EmulatorStats;
    },
    close: async () => {
      child.stdin?.end();
      await exited;
    },
  };
}
