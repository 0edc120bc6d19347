/**
 * `npm run bench:emulator`: how many simple Graph calls per second the emulator answers on loopback, with
 * throttling and latency off, so that it is never the bottleneck of another benchmark (issue 3: >= 5,000/s).
 * The emulator runs in its own process. With `wrk` on the PATH (Debian package wrk) it drives the load, since a
 * load generator in C costs the shared cores little; otherwise this process does, with undici, and the figure
 * then includes the client's own cost on the same machine.
 *
 * Environment: BENCH_EMULATOR_CALLS (default 20000), BENCH_EMULATOR_CONNECTIONS (default 32).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { Agent, fetch, request } from 'undici';
import { startEmulatorProcess } from './emulator-process.js';

const calls = Number(process.env.BENCH_EMULATOR_CALLS ?? 20_000);
const connections = Number(process.env.BENCH_EMULATOR_CONNECTIONS ?? 32);

const emulator = await startEmulatorProcess({ generate: { users: 1000, packages: 5, seed: 1 } });
try {
  const agent = new Agent({ connections, pipelining: 1, connect: { ca: readFileSync(emulator.caCertPath, 'utf8') } });
  const tokenResponse = await fetch(`${emulator.authorityHost}/${emulator.tenantId}/oauth2/v2.0/token`, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: emulator.clientId,
      client_secret: emulator.clientSecret,
      scope: 'https://graph.microsoft.com/.default',
    }),
    dispatcher: agent,
  });
  const { access_token: token } = (await tokenResponse.json()) as { access_token: string };
  const headers = { authorization: `Bearer ${token}` };
  const url = `${emulator.graphUrl}/v1.0/identityGovernance/entitlementManagement/catalogs?$top=1`;

  const measured = wrkAvailable() ? measureWithWrk(url, token) : await measureWithUndici(url, headers, agent);
  const { seconds, failed, driver } = measured;
  const perSecond = measured.calls / seconds;
  console.log(
    JSON.stringify({
      benchmark: 'emulator throughput (HTTPS, bearer token checked, throttling and latency off)',
      driver,
      calls: measured.calls,
      connections,
      failed,
      seconds: Number(seconds.toFixed(2)),
      callsPerSecond: Math.round(perSecond),
      goal: '>= 5,000 calls/s',
      met: perSecond >= 5000 && failed === 0,
      machine: { cpu: cpus()[0]?.model, cores: cpus().length, node: process.version, loadAverage: loadavg()[0] },
    }),
  );
  await agent.close();
} finally {
  await emulator.close();
}

function wrkAvailable(): boolean {
  try {
    execFileSync('wrk', ['--version'], { stdio: 'ignore' });
    return true;
  } catch (error) {
    // wrk --version exits 1 after printing its version; only a missing binary throws ENOENT.
    return (error as NodeJS.ErrnoException).code !== 'ENOENT';
  }
}

function measureWithWrk(url: string, token: string): { calls: number; seconds: number; failed: number; driver: string } {
  const seconds = Math.max(4, Math.round(calls / 2500));
  const out = execFileSync('wrk', ['-t1', `-c${connections}`, `-d${seconds}s`, '-H', `Authorization: Bearer ${token}`, url]).toString();
  const done = Number(/(\d+) requests in/.exec(out)?.[1] ?? 0);
  const failed = Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0);
  const elapsed = Number(/requests in ([\d.]+)s/.exec(out)?.[1] ?? seconds);
  return { calls: done, seconds: elapsed, failed, driver: 'wrk' };
}

async function measureWithUndici(url: string, headers: Record<string, string>, agent: Agent): Promise<{ calls: number; seconds: number; failed: number; driver: string }> {
  // Warm up the connections and the JIT, then measure.
  await Promise.all(Array.from({ length: connections }, () => fetch(url, { headers, dispatcher: agent }).then((r) => r.arrayBuffer())));
  let next = 0;
  let failed = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (next < calls) {
        next += 1;
        // undici's request, not fetch: the client's own cost should not hide the server's.
        const response = await request(url, { headers, dispatcher: agent });
        await response.body.dump();
        if (response.statusCode !== 200) failed += 1;
      }
    }),
  );
  return { calls, seconds: Number(process.hrtime.bigint() - started) / 1e9, failed, driver: 'undici (same machine)' };
}
