import type { Command } from 'commander';
import { UsageError } from '../../core/errors.js';
import { ExitCode } from '../../core/exit-codes.js';
import type { RunRecord, Store } from '../../store/index.js';
import { commonOptionsSchema } from '../support/common-options.js';
import { executeRun, logFileFor } from '../support/execute-run.js';
import { openGraphSession } from '../support/graph-session.js';
import { createLogger } from '../support/logger.js';
import { openState } from '../support/open-state.js';
import { mergeStoredOptions } from '../support/stored-options.js';
import { resumeOptionsSchema } from './resume.js';

/** The newest unfinished run, passing over runs that died while loading unless there is nothing else. */
function newestResumable(store: Store): RunRecord | undefined {
  const unfinished = store.listRuns().filter((run) => run.status !== 'finished');
  return unfinished.find((run) => run.status !== 'loading') ?? unfinished[0];
}

/** `apbatch resume`: carry a stored run on from where it stood. */
export async function resumeCommand(requestedRunId: string | undefined, command: Command): Promise<number> {
  const given = commonOptionsSchema.parse(command.opts());
  const store = openState(given.db);
  try {
    const run = requestedRunId ? store.getRun(requestedRunId) : newestResumable(store);
    if (!run) {
      throw new UsageError(
        requestedRunId ? `no run ${requestedRunId} in ${given.db}` : `no unfinished run in ${given.db}: nothing to resume`,
        { hint: 'apbatch status lists the runs it holds.' },
      );
    }
    if (run.status === 'loading') {
      // Its rows are incomplete: resuming would give the rows never read no outcome at all.
      const files = store.inputs(run.id).map((input) => input.file);
      throw new UsageError(`run ${run.id} stopped while its rows were being read; it sent nothing and cannot be resumed.`, {
        hint: `Run the file${files.length === 1 ? '' : 's'} again: apbatch run ${files.join(' ')}`,
      });
    }
    if (run.status === 'finished') {
      process.stderr.write(`Run ${run.id} is already finished. Its report: apbatch report ${run.id}\n`);
      return run.exitCode ?? ExitCode.Ok;
    }
    // The run's own options, except where this command line says otherwise.
    const options = resumeOptionsSchema.parse(mergeStoredOptions(run.options, command));
    const session = await openGraphSession(options, { api: options.api, invite: options.invite });
    const logger = createLogger({ level: options.logLevel, file: logFileFor(options, run.id) });
    try {
      process.stdout.write(options.json ? `${JSON.stringify({ runId: run.id, resumed: true })}\n` : `run ${run.id} (resumed)\n`);
      store.addEvent(run.id, { kind: 'resumed' });
      logger.info({ runId: run.id }, 'run resumed');
      return await executeRun({
        store,
        runId: run.id,
        session,
        options,
        logger,
      });
    } finally {
      await session.close();
      logger.flush();
    }
  } finally {
    store.close();
  }
}
