import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { generateClientCertificate } from '../../src/emulator/tls/index.js';
import { runCli } from '../e2e/support/run-cli.js';
import { createGeneratedRun, filesUnder, type GeneratedRun } from './support/generated-run.js';

/**
 * Reliability 5: after runs (with faults, so errors and retries get logged), a report and a status, no byte of
 * the log, the state database (with its -wal) or the reports holds the client secret, the private key's base64
 * body, or a JWT (`eyJ`, the base64 of `{"`).
 */
const ROWS = 60;
const FAULTS = { seed: 3, probabilities: { '503': 0.1, 'reset-after': 0.05 } };

/** Everything apbatch wrote: the state database, its companions, the reports and the log (not the input or the key). */
function written(run: GeneratedRun): string[] {
  const dirs = [run.t.reportDir];
  const files = [run.t.dbPath, `${run.t.dbPath}-wal`, `${run.t.dbPath}-shm`, run.t.logFile];
  return [...dirs.flatMap((dir) => filesUnder(dir)), ...files.filter((file) => existsSync(file))];
}

function holding(run: GeneratedRun, needle: string): string[] {
  const bytes = Buffer.from(needle);
  return written(run).filter((file) => readFileSync(file).includes(bytes));
}

describe('no secret, key or token in what apbatch writes', () => {
  let run: GeneratedRun | undefined;
  afterEach(async () => {
    await run?.close();
  });

  it('with a client secret', async () => {
    run = await createGeneratedRun(ROWS, { faults: FAULTS });
    const result = await run.run(['--rate', '50', '--concurrency', '4', '--log-level', 'trace']);
    expect(result.code, result.stderr.slice(0, 500)).toBe(0);
    const status = await run.status();
    await runCli(['report', status.runId, '--db', run.t.dbPath, '--report-dir', run.t.reportDir]);
    expect(written(run).length).toBeGreaterThanOrEqual(4);
    // The scan can find things: the client id (not a secret) is in the database and the log.
    const clientId = run.t.connectionArgs[run.t.connectionArgs.indexOf('--client-id') + 1] ?? '';
    expect(holding(run, clientId)).toEqual(expect.arrayContaining([run.t.dbPath, run.t.logFile]));
    expect(holding(run, run.t.secret)).toEqual([]);
    expect(holding(run, 'eyJ')).toEqual([]);
    expect(`${result.stdout}${result.stderr}`).not.toContain(run.t.secret);
  });

  it('with a certificate', async () => {
    const certificate = await generateClientCertificate('CN=apbatch-reliability');
    const clientId = '0a0b0c0d-0000-4000-8000-0000000ce7e1';
    run = await createGeneratedRun(ROWS, {
      faults: FAULTS,
      extraClients: [{ clientId, certificatePem: certificate.certPem, roles: ['EntitlementManagement.ReadWrite.All', 'User.Read.All'] }],
    });
    const pem = join(run.dir, 'client.pem');
    writeFileSync(pem, certificate.keyPem + certificate.certPem, { mode: 0o600 });
    const args = run.t.connectionArgs.map((arg, index, all) => (all[index - 1] === '--client-id' ? clientId : arg));
    const result = await runCli(['run', run.csv, ...args, ...run.t.stateArgs, '--certificate', pem, '--rate', '50', '--log-level', 'trace'], { env: {} });
    expect(result.code, result.stderr.slice(0, 500)).toBe(0);
    const keyBody = certificate.keyPem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');
    expect(keyBody.length).toBeGreaterThan(100);
    // Whole body, and any 40-character slice of it, so a key split over lines is caught too.
    const slices = [keyBody, ...Array.from({ length: Math.floor(keyBody.length / 40) }, (_, i) => keyBody.slice(i * 40, i * 40 + 40))];
    for (const slice of slices) expect(holding(run, slice), slice).toEqual([]);
    expect(holding(run, 'PRIVATE KEY')).toEqual([]);
    expect(holding(run, 'eyJ')).toEqual([]);
  });
});
