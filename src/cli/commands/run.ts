import type { Command } from 'commander';
import { z } from 'zod';
import { loadRun } from '../../run/load-run.js';
import { addCommonOptions, commonOptionsSchema } from '../support/common-options.js';
import { addConnectionOptions, connectionOptionsSchema } from '../support/connection-options.js';
import { executeRun, logFileFor } from '../support/execute-run.js';
import { openGraphSession } from '../support/graph-session.js';
import { createLogger } from '../support/logger.js';
import { openState } from '../support/open-state.js';
import { addProcessingOptions, processingOptionsSchema, waitTimeoutMs } from '../support/run-options.js';
import type { SetExitCode } from './index.js';

export const runOptionsSchema = commonOptionsSchema.merge(connectionOptionsSchema).merge(processingOptionsSchema).extend({
  /** @default false */
  ignoreUnknownColumns: z.boolean().default(false),
  /** Load files already run before as a new run instead of pointing to `resume`. @default false */
  newRun: z.boolean().default(false),
});
export type RunCommandOptions = z.infer<typeof runOptionsSchema>;

export function registerRunCommand(program: Command, setExitCode: SetExitCode): void {
  const command = program
    .command('run')
    .description('the main job: create a run, process every row, write the report (prints the run id first)')
    .argument('<files...>', 'CSV files, read in the order given')
    .option('--ignore-unknown-columns', 'ignore columns apbatch does not know', false)
    .option('--new-run', 'run files that an earlier run already holds, as a new run', false);
  addConnectionOptions(addProcessingOptions(addCommonOptions(command))).action(async (files: string[], raw: unknown) => {
    setExitCode(await runCommand(files, runOptionsSchema.parse(raw)));
  });
}

/** What a run keeps of its command line, so that `resume` carries on the same way. Never a secret. */
export function storedRunOptions(files: readonly string[], options: RunCommandOptions, connection: unknown): Record<string, unknown> {
  return {
    files,
    api: options.api,
    invite: options.invite,
    skipExisting: options.skipExisting,
    wait: options.wait,
    waitTimeout: options.waitTimeout,
    rate: options.rate,
    concurrency: options.concurrency,
    maxRetries: options.maxRetries,
    timeout: options.timeout,
    ignoreUnknownColumns: options.ignoreUnknownColumns,
    connection,
  };
}

async function runCommand(files: string[], options: RunCommandOptions): Promise<number> {
  waitTimeoutMs(options.waitTimeout);
  // Sign in before reading anything: a wrong secret ends here with exit code 3 and no run created.
  const store = openState(options.db);
  let logger = createLogger({});
  const session = await openGraphSession(options, { api: options.api, invite: options.invite });
  try {
    const loaded = await loadRun(store, {
      files,
      now: new Date(),
      ignoreUnknownColumns: options.ignoreUnknownColumns,
      newRun: options.newRun,
      storedOptions: storedRunOptions(files, options, session.settings.toJSON()),
      apiVersion: options.api,
      graphUrl: session.settings.graphBaseUrl,
      tenant: session.settings.tenantId,
      onCreated: (runId) => {
        process.stdout.write(options.json ? `${JSON.stringify({ runId })}\n` : `run ${runId}\n`);
        logger = createLogger({ level: options.logLevel, file: logFileFor(options, runId) });
        logger.info({ runId, files, options: { ...options } }, 'run created');
      },
    });
    for (const notice of loaded.notices) process.stderr.write(`note: ${notice}\n`);
    return await executeRun({
      store,
      runId: loaded.runId,
      session,
      resolver: session.createResolver(store.resolutionCache(loaded.runId)),
      processing: options,
      common: options,
      concurrency: options.concurrency,
      logger,
    });
  } finally {
    await session.close();
    logger.flush();
    store.close();
  }
}
