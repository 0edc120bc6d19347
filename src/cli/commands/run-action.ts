import { loadRun } from '../../run/load-run.js';
import { executeRun, logFileFor } from '../support/execute-run.js';
import { openGraphSession } from '../support/graph-session.js';
import { createLogger } from '../support/logger.js';
import { openState } from '../support/open-state.js';
import { waitTimeoutMs } from '../support/run-options.js';
import { storedRunOptions, type RunCommandOptions } from './run.js';

/** `apbatch run`: sign in, load the files into a new run, drive it to its end, report. */
export async function runCommand(files: string[], options: RunCommandOptions): Promise<number> {
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
      options,
      logger,
    });
  } finally {
    await session.close();
    logger.flush();
    store.close();
  }
}
