import { openStore } from '../src/store/index.js';
import type { RowInput } from '../src/store/index.js';
import type { EmulatorProcess } from './emulator-process.js';
import { addPairs, type BenchTenant } from './tenant-csv.js';

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/**
 * Builds, through the store API, the state database of an interrupted run of `rows` rows of which all but
 * `pending` are done, the pending ones last and resolvable in `tenant`. Returns the run id.
 */
export function buildInterruptedRun(dbPath: string, emulator: EmulatorProcess, tenant: BenchTenant, rows: number, pending: number, stateArgs: Record<string, unknown>): string {
  const store = openStore(dbPath);
  try {
    const options = {
      ...stateArgs,
      progress: false,
      json: false,
      logLevel: 'info',
      tenant: emulator.tenantId,
      clientId: emulator.clientId,
      deviceCode: false,
      graphUrl: emulator.graphUrl,
      authorityHost: emulator.authorityHost,
      caFile: emulator.caCertPath,
      rate: 50,
      concurrency: 4,
      maxRetries: 8,
      timeout: 30,
      api: 'v1.0',
      invite: false,
      skipExisting: true,
      wait: false,
      waitTimeout: 'PT2H',
      ignoreUnknownColumns: false,
      newRun: false,
    };
    const run = store.createRun({ options, apiVersion: 'v1.0', graphUrl: emulator.graphUrl, tenant: emulator.tenantId });
    const file = 'bench-resume.csv';
    store.addInputs(run.id, [{ file, absolutePath: `/nonexistent/${file}`, sha256: '0'.repeat(64), sizeBytes: rows * 80 }]);
    const width = Math.max(2, String(Math.max(tenant.users, tenant.packages)).length);
    const fresh = addPairs(tenant, pending);
    const rowAt = (seq: number): RowInput => {
      const isPending = seq > rows - pending;
      const pair = isPending ? fresh[seq - (rows - pending) - 1] : undefined;
      const upn = pair ? `user${pad(pair.userIndex + 1, width)}@contoso.com` : `done${seq}@contoso.com`;
      const pkg = pair ? `Package ${pad(pair.packageIndex + 1, width)}` : 'Package done';
      const cells = { action: 'add', user: upn, accessPackage: pkg, policy: 'Direct assignment' };
      return {
        kind: 'valid',
        row: {
          ref: { file, line: seq + 1 },
          key: `${upn}|${pkg}|add`.toLowerCase(),
          action: 'add',
          requestType: 'adminAdd',
          user: { kind: 'upn', upn },
          accessPackage: { kind: 'name', name: pkg },
          policy: { kind: 'name', name: 'Direct assignment' },
          expiration: { type: 'policyDefault' },
          cells,
        },
      };
    };
    const batch = 5000;
    for (let start = 1; start <= rows; start += batch) {
      const inputs: RowInput[] = [];
      for (let seq = start; seq < start + batch && seq <= rows; seq += 1) inputs.push(rowAt(seq));
      store.insertRows(run.id, inputs);
    }
    const ids = store.db
      .prepare<[string, number], { id: number }>('SELECT id FROM rows WHERE run_id = ? AND seq <= ? ORDER BY seq')
      .all(run.id, rows - pending)
      .map((r) => r.id);
    const at = new Date().toISOString();
    for (let start = 0; start < ids.length; start += 20_000) {
      store.transaction(() => {
        for (const id of ids.slice(start, start + 20_000)) {
          store.recordResult(id, { outcome: 'submitted', requestId: `r${id}`, requestState: 'submitted', httpStatus: 201, attempts: 1, submittedAt: at, finishedAt: at });
        }
      });
    }
    store.setRunStatus(run.id, 'interrupted');
    return run.id;
  } finally {
    store.close();
  }
}
