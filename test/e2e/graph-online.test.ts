import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateClientCertificate } from '../../src/emulator/tls/index.js';
import { assignmentPosts, startTestEmulator, type TestEmulator } from './support/emulator-harness.js';
import { jsonLines, makeTempDir, runCli } from './support/run-cli.js';

/** `plan` online and sign-in failures, through the CLI against the emulator. */
describe('online plan and sign-in', () => {
  let temp: ReturnType<typeof makeTempDir>;
  let test: TestEmulator;

  beforeEach(async () => {
    temp = makeTempDir();
    test = await startTestEmulator(temp.dir);
  });
  afterEach(async () => {
    await test.emulator.close();
    temp.cleanup();
  });

  it('plan resolves names, marks skips and not-found, and sends nothing', async () => {
    const csv = join(temp.dir, 'plan.csv');
    writeFileSync(
      csv,
      [
        'action,user,accessPackage,policy,catalog',
        'add,user16@contoso.com,Sales Tools,Direct assignment,',
        'add,user01@contoso.com,Sales Tools,Direct assignment,',
        'add,nobody@contoso.com,Sales Tools,Direct assignment,',
        'add,user17@contoso.com,Project X,Direct assignment,Finance',
        'add,user17@contoso.com,Project X,Direct assignment,',
        'remove,user03@contoso.com,Sales Tools,,',
        '',
      ].join('\n'),
    );
    const result = await runCli(['plan', csv, ...test.connectionArgs], { env: test.env });
    expect(result.stderr).not.toContain('    at ');
    const lines = jsonLines(result.stdout) as Array<Record<string, unknown>>;
    expect(lines.map((line) => [line['row'], line['outcome']])).toEqual([
      [`${csv}:2`, 'would-send'],
      [`${csv}:3`, 'skipped'],
      [`${csv}:4`, 'not-found'],
      [`${csv}:5`, 'would-send'],
      [`${csv}:6`, 'invalid'],
      [`${csv}:7`, 'would-send'],
    ]);
    expect(lines[0]!['body']).toEqual({
      requestType: 'adminAdd',
      assignment: {
        targetId: 'a0000000-0000-4000-8000-000000000016',
        assignmentPolicyId: 'd0000000-0000-4000-8000-000000000001',
        accessPackageId: 'b0000000-0000-4000-8000-000000000001',
      },
    });
    expect(lines[1]!['reason']).toBe('already-assigned');
    expect((lines[3]!['body'] as { assignment: { accessPackageId: string } }).assignment.accessPackageId).toBe('b0000000-0000-4000-8000-000000000005');
    expect(String(lines[4]!['reason'])).toContain('Project X');
    expect(lines[5]!['body']).toEqual({ requestType: 'adminRemove', assignment: { id: 'f0000000-0000-4000-8000-000000000003' } });
    expect(assignmentPosts(test.emulator)).toHaveLength(0);
    expect(result.code).toBe(0);
  });

  it('a wrong secret stops run before anything is read or sent: exit 3, Entra code, a hint, no run', async () => {
    const result = await runCli(['run', 'samples/migration.csv', ...test.connectionArgs, ...test.stateArgs], {
      env: { AZURE_CLIENT_SECRET: 'not-the-secret' },
    });
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('AADSTS7000215');
    expect(result.stderr).not.toContain('not-the-secret');
    expect(result.stderr).not.toContain('    at ');
    expect(result.stdout).toBe('');
    expect(test.emulator.requests().filter((entry) => entry.path.startsWith('/v1.0'))).toHaveLength(0);
  });

  it('signs in with a certificate and runs', async () => {
    const certificate = await generateClientCertificate('CN=apbatch-e2e');
    const clientId = '0a0b0c0d-0000-4000-8000-0000000ce7e0';
    await test.emulator.close();
    test = await startTestEmulator(temp.dir, {
      extraClients: [{ clientId, certificatePem: certificate.certPem, roles: ['EntitlementManagement.ReadWrite.All', 'User.Read.All'] }],
    });
    const pem = join(temp.dir, 'client.pem');
    writeFileSync(pem, certificate.keyPem + certificate.certPem, { mode: 0o600 });
    const csv = join(temp.dir, 'one.csv');
    writeFileSync(csv, 'action,user,accessPackage,policy\nadd,user18@contoso.com,Marketing Portal,Direct assignment\n');
    const args = test.connectionArgs.map((arg, index, all) => (all[index - 1] === '--client-id' ? clientId : arg));
    const result = await runCli(['run', csv, ...args, ...test.stateArgs, '--certificate', pem], { env: {} });
    expect(result.stderr).toContain('1 submitted');
    expect(result.code).toBe(0);
    expect(assignmentPosts(test.emulator)).toHaveLength(1);
  });
});

describe('tokens during a run', () => {
  let temp: ReturnType<typeof makeTempDir>;
  let test: TestEmulator | undefined;

  beforeEach(() => {
    temp = makeTempDir();
  });
  afterEach(async () => {
    await test?.emulator.close();
    temp.cleanup();
  });

  function usersCsv(count: number): string {
    const csv = join(temp.dir, 'adds.csv');
    const rows = Array.from({ length: count }, (_, i) => `add,user${String(16 + i).padStart(2, '0')}@contoso.com,Marketing Portal,Direct assignment`);
    writeFileSync(csv, ['action,user,accessPackage,policy', ...rows, ''].join('\n'));
    return csv;
  }

  it('5-second tokens across a run of many token lifetimes: no row fails for them', async () => {
    test = await startTestEmulator(temp.dir, { tokenLifetimeSeconds: 5 });
    const csv = usersCsv(24);
    // 24 rows at 2 per second span about 12 s, so at least two tokens expire during the run.
    const result = await runCli(['run', csv, ...test.connectionArgs, ...test.stateArgs, '--rate', '2', '--concurrency', '1'], { env: test.env });
    expect(result.stderr).toContain('24 submitted');
    expect(result.code).toBe(0);
    const tokenCalls = test.emulator.requests().filter((entry) => entry.path.endsWith('/oauth2/v2.0/token'));
    expect(tokenCalls.length).toBeGreaterThanOrEqual(3);
    expect(test.emulator.requests().filter((entry) => entry.status === 401)).toEqual([]);
  });

  it('credentials revoked mid-run: a clear error, exit 4, and the rows not yet sent stay resumable', async () => {
    test = await startTestEmulator(temp.dir, { tokenLifetimeSeconds: 3600 });
    const emulator = test.emulator;
    const clientId = emulator.clients[0]!.clientId;
    let posts = 0;
    const original = emulator.state.addRequest.bind(emulator.state);
    emulator.state.addRequest = (request) => {
      original(request);
      posts += 1;
      if (posts === 3) {
        emulator.revokeClient(clientId);
      }
    };
    const csv = usersCsv(10);
    const result = await runCli(['run', csv, ...test.connectionArgs, ...test.stateArgs, '--rate', '20', '--concurrency', '1'], { env: test.env });
    expect(result.code).toBe(4);
    expect(result.stderr).toContain('the run stopped');
    expect(result.stderr).toMatch(/Resume with: apbatch resume \d{8}-\d{6}-[0-9a-f]{4}/);
    expect(result.stderr).not.toContain('    at ');
    const status = await runCli(['status', '--json', '--db', test.dbPath]);
    const [run] = JSON.parse(status.stdout) as Array<{ status: string; outcomes: Record<string, number>; phases: Record<string, number> }>;
    expect(run!.status).toBe('interrupted');
    expect(run!.outcomes['submitted']).toBe(3);
    expect((run!.phases['pending'] ?? 0) + (run!.phases['in-flight'] ?? 0)).toBe(7);
  });
});
