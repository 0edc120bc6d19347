/**
 * The emulator in its own process for the benchmarks, so it never shares a core's event loop with the CLI
 * it serves. Started with one JSON argument (EmulatorOptions); prints one ready line (the connection), then
 * answers each `stats` line on stdin with one JSON line of what it received. Ends on stdin close or SIGTERM.
 */
import { createInterface } from 'node:readline';
import { startEmulator } from '../src/emulator/index.js';
import type { EmulatorOptions } from '../src/emulator/emulator-options.js';

/** What the emulator received, as the benchmarks read it. */
export interface EmulatorStats {
  /** Every Graph call (sign-in excluded); items of a `$batch` count once each, the `$batch` itself too. */
  graphCalls: number;
  /** Graph calls per status answered (`null` for resets before an answer). */
  byStatus: Record<string, number>;
  assignmentPosts: number;
  firstGraphAtMs: number | null;
  lastGraphAtMs: number | null;
  /** Any call, sign-in included. */
  firstCallAtMs: number | null;
}

const options = JSON.parse(process.argv[2] ?? '{}') as EmulatorOptions;
const emulator = await startEmulator({ port: 0, httpPort: 0, ...options });

function stats(): EmulatorStats {
  const result: EmulatorStats = { graphCalls: 0, byStatus: {}, assignmentPosts: 0, firstGraphAtMs: null, lastGraphAtMs: null, firstCallAtMs: null };
  for (const entry of emulator.requests()) {
    const at = Date.parse(entry.time);
    result.firstCallAtMs ??= at;
    if (!/^\/(v1\.0|beta)\//.test(entry.path)) continue;
    result.graphCalls += 1;
    const status = String(entry.status);
    result.byStatus[status] = (result.byStatus[status] ?? 0) + 1;
    if (entry.method === 'POST' && entry.path.endsWith('/assignmentRequests')) result.assignmentPosts += 1;
    result.firstGraphAtMs ??= at;
    result.lastGraphAtMs = at;
  }
  return result;
}

const client = emulator.clients[0];
process.stdout.write(
  `${JSON.stringify({ graphUrl: emulator.graphUrl, authorityHost: emulator.authorityHost, caCertPath: emulator.caCertPath, tenantId: emulator.tenantId, clientId: client?.clientId, clientSecret: client?.clientSecret })}\n`,
);
const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => {
  if (line.trim() === 'stats') process.stdout.write(`${JSON.stringify(stats())}\n`);
});
const stop = (): void => {
  void emulator.close().then(() => process.exit(0));
};
lines.on('close', stop);
process.on('SIGTERM', stop);
