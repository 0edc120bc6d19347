import { readFileSync } from 'node:fs';
import { Agent, fetch } from 'undici';
import { generateDirectory } from '../src/emulator/index.js';
import type { EmulatorProcess } from './emulator-process.js';
import { addPairs, type BenchTenant } from './tenant-csv.js';

/**
 * The loop the documented PowerShell samples amount to: one token, then one POST after another, each waiting
 * for its answer, no limiter, no retry, no checkpoint. It is given the ids up front (no lookups), which only
 * flatters it. Returns the rows it sent and the seconds it took.
 */
export async function runNaiveSender(emulator: EmulatorProcess, tenant: BenchTenant, rows: number): Promise<{ sent: number; failed: number; seconds: number }> {
  const directory = generateDirectory(tenant);
  const dispatcher = new Agent({ connect: { ca: readFileSync(emulator.caCertPath, 'utf8') } });
  const started = process.hrtime.bigint();
  const tokenResponse = await fetch(`${emulator.authorityHost}/${emulator.tenantId}/oauth2/v2.0/token`, {
    method: 'POST',
    dispatcher,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: emulator.clientId,
      client_secret: emulator.clientSecret,
      scope: 'https://graph.microsoft.com/.default',
    }).toString(),
  });
  const token = ((await tokenResponse.json()) as { access_token?: string }).access_token;
  if (token === undefined) throw new Error(`expected an access token from the emulator, got HTTP ${tokenResponse.status}`);
  let sent = 0;
  let failed = 0;
  for (const { userIndex, packageIndex } of addPairs(tenant, rows)) {
    const user = directory.users[userIndex];
    const pkg = directory.accessPackages[packageIndex];
    const policy = directory.assignmentPolicies.find((p) => p.accessPackageId === pkg?.id && p.displayName === 'Direct assignment');
    if (user === undefined || pkg === undefined || policy === undefined) throw new Error('expected the generated tenant to hold every pair');
    const response = await fetch(`${emulator.graphUrl}/v1.0/identityGovernance/entitlementManagement/assignmentRequests`, {
      method: 'POST',
      dispatcher,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ requestType: 'adminAdd', assignment: { targetId: user.id, assignmentPolicyId: policy.id, accessPackageId: pkg.id } }),
    });
    await response.arrayBuffer();
    if (response.status === 201) sent += 1;
    else failed += 1;
  }
  await dispatcher.close();
  return { sent, failed, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}
