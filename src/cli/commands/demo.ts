import type { Command } from 'commander';
import { existsSync, rmSync } from 'node:fs';

import { ExitCode } from '../../core/exit-codes.js';
import { addCommonOptions, commonOptionsSchema } from '../support/common-options.js';
import { connectionOptionsSchema } from '../support/connection-options.js';
import { processingOptionsSchema } from '../support/run-options.js';
import type { SetExitCode } from './index.js';

/** The sample files the demo runs, in this order. */
export const DEMO_FILES = ['samples/migration.csv', 'samples/cleanup.csv', 'samples/mistakes.csv'];
const DEMO_DIRECTORY = 'samples/directory.json';

export function registerDemoCommand(program: Command, setExitCode: SetExitCode): void {
  const command = program
    .command('demo')
    .description('start the emulator in-process, run samples/ against it end to end, print where the report is')
    .option('--samples <dir>', 'folder holding the samples and directory.json', 'samples');
  addCommonOptions(command).action(async (raw: Record<string, unknown>) => {
    setExitCode(await demoCommand(raw));
  });
}

async function demoCommand(raw: Record<string, unknown>): Promise<number> {
  // Loaded on use, so that commands which need none of this start light.
  const [{ startEmulator }, { loadRun }, { executeRun, logFileFor }, { openGraphSession }, { createLogger }, { openState }] = await Promise.all([
    import('../../emulator/start-emulator.js'),
    import('../../run/load-run.js'),
    import('../support/execute-run.js'),
    import('../support/graph-session.js'),
    import('../support/logger.js'),
    import('../support/open-state.js'),
  ]);
  const common = commonOptionsSchema.parse({ ...raw, db: raw['db'] === 'data/apbatch.db' ? 'data/demo.db' : raw['db'] });
  const samples = typeof raw['samples'] === 'string' ? raw['samples'] : 'samples';
  const files = DEMO_FILES.map((file) => file.replace(/^samples\//, `${samples}/`));
  // A demo starts from nothing each time, so it can be run again and again.
  for (const suffix of ['', '-wal', '-shm']) if (existsSync(common.db + suffix)) rmSync(common.db + suffix);

  const emulator = await startEmulator({
    directoryPath: DEMO_DIRECTORY.replace(/^samples\//, `${samples}/`),
    throttle: { rate: 20, burst: 10 },
    faults: { seed: 7, methods: ['POST'], probabilities: { '503-retry-after': 0.05, 'reset-after': 0.05 }, retryAfterSeconds: 1 },
    latency: { minMs: 20, maxMs: 120 },
    deliveryDelayMs: 800,
  });
  const client = emulator.clients[0];
  const out = process.stderr;
  out.write(`Emulator on ${emulator.graphUrl} (throttling at 20 requests/s, 5% 503 and 5% lost answers on POST)\n`);
  out.write(`Running ${files.join(', ')}\n`);
  const connection = connectionOptionsSchema.parse({
    tenant: emulator.tenantId,
    clientId: client?.clientId,
    graphUrl: emulator.graphUrl,
    authorityHost: emulator.authorityHost,
    caFile: emulator.caCertPath,
    rate: 25,
    concurrency: 4,
  });
  const processing = processingOptionsSchema.parse({ wait: true, waitTimeout: 'PT2M' });
  const store = openState(common.db);
  let logger = createLogger({});
  try {
    const session = await openGraphSession(connection, { env: { AZURE_CLIENT_SECRET: client?.clientSecret } });
    try {
      const loaded = await loadRun(store, {
        files,
        now: new Date(),
        ignoreUnknownColumns: false,
        newRun: true,
        storedOptions: { files, demo: true, ...processing, rate: connection.rate, concurrency: connection.concurrency },
        apiVersion: processing.api,
        graphUrl: session.settings.graphBaseUrl,
        tenant: session.settings.tenantId,
        onCreated: (runId) => {
          process.stdout.write(`run ${runId}\n`);
          logger = createLogger({ level: common.logLevel, file: logFileFor(common, runId) });
        },
      });
      const exitCode = await executeRun({
        store,
        runId: loaded.runId,
        session,
        options: { ...processing, ...common, concurrency: connection.concurrency },
        logger,
        pollIntervalMs: 1000,
      });
      const sent = emulator.requests().filter((request) => request.method === 'POST' && request.path.endsWith('/assignmentRequests')).length;
      out.write(`\nThe emulator received ${emulator.requests().length} calls, ${sent} of them assignment requests.\n`);
      out.write(`Log: ${logFileFor(common, loaded.runId)}   State: ${common.db}\n`);
      out.write('mistakes.csv is full of deliberate errors, so some rows end invalid or not-found: that is the demo working.\n');
      // The demo succeeded when the run came to its end; rows that failed on purpose are not a failed demo.
      return exitCode === ExitCode.SomeRowsFailed ? ExitCode.Ok : exitCode;
    } finally {
      await session.close();
    }
  } finally {
    logger.flush();
    store.close();
    await emulator.close();
  }
}

