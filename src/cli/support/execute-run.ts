import { join } from 'node:path';
import type { Logger } from 'pino';
import { isAppError } from '../../core/errors.js';
import { ExitCode } from '../../core/exit-codes.js';
import { exitCodeForCounts, formatSummaryText, writeReport } from '../../report/index.js';
import { driveRun } from '../../run/drive-run.js';
import type { Store } from '../../store/index.js';
import type { CommonOptions } from './common-options.js';
import type { GraphSession } from './graph-session.js';
import { createProgressDisplay } from './progress-display.js';
import { waitTimeoutMs, type ProcessingOptions } from './run-options.js';

export interface ExecuteRunOptions {
  store: Store;
  runId: string;
  session: GraphSession;
  /** The run's processing and common options, and `--concurrency`. */
  options: ProcessingOptions & CommonOptions & { concurrency: number };
  logger: Logger;
  /** Milliseconds between `--wait` polls. @default 5000 */
  pollIntervalMs?: number;
  /** Where the summary goes. @default process.stderr */
  out?: NodeJS.WriteStream;
}

/** `data/logs/RUN_ID.log` unless `--log-file` says otherwise. */
export function logFileFor(common: CommonOptions, runId: string): string {
  return common.logFile ?? join('data', 'logs', `${runId}.log`);
}

/**
 * Drives a run to its end (or to Ctrl-C, or to a condition that stops it), then writes its report and prints
 * the summary. Shared by `run`, `resume` and `demo`. Returns the exit code of SPEC section 5.
 */
export async function executeRun(execution: ExecuteRunOptions): Promise<number> {
  const { store, runId, logger, options } = execution;
  const common = options;
  const out = execution.out ?? process.stderr;
  const { session } = execution;
  const controller = new AbortController();
  let interrupts = 0;
  const onSigint = () => {
    interrupts += 1;
    if (interrupts === 1) {
      out.write('\nStopping: no new rows; letting the requests in flight finish (Ctrl-C again to stop at once)...\n');
      controller.abort();
      return;
    }
    // Rows still in flight stay so in the database; resume looks for their requests before sending again.
    // The run is marked interrupted (not left `running`) so that status tells the truth.
    store.setRunStatus(runId, 'interrupted', { exitCode: ExitCode.Interrupted });
    store.addEvent(runId, { kind: 'interrupted', detail: { exitCode: ExitCode.Interrupted, atOnce: true } });
    out.write(`\nStopped at once. Resume with: apbatch resume ${runId}\n`);
    process.exit(ExitCode.Interrupted);
  };
  process.on('SIGINT', onSigint);
  const display = createProgressDisplay({ stream: out, enabled: common.progress });
  let stopError: unknown;
  let interrupted = false;
  try {
    const result = await driveRun({
      store,
      runId,
      session: { client: session.client, limiter: session.limiter, resolver: session.createResolver(store.resolutionCache(runId)) },
      plan: { api: options.api, invite: options.invite },
      skipExisting: options.skipExisting,
      wait: options.wait,
      waitTimeoutMs: waitTimeoutMs(options.waitTimeout),
      pollIntervalMs: execution.pollIntervalMs,
      windowSize: Math.max(16, options.concurrency * 4),
      signal: controller.signal,
      logger,
      onProgress: (progress) => display.update({ ...progress.snapshot(), throttledMs: session.limiter.stats.pausedMs }),
    });
    interrupted = result.interrupted;
  } catch (error) {
    stopError = error;
  } finally {
    display.stop();
    process.off('SIGINT', onSigint);
  }

  let exitCode: number;
  let finished: boolean;
  try {
    const counts = store.countOutcomes(runId);
    exitCode = exitCodeForCounts(counts);
    if (interrupted) exitCode = ExitCode.Interrupted;
    else if (stopError !== undefined) exitCode = ExitCode.Resumable;
    finished = exitCode === ExitCode.Ok || exitCode === ExitCode.SomeRowsFailed;
    store.setRunStatus(runId, finished ? 'finished' : 'interrupted', { exitCode });
    if (!finished) store.addEvent(runId, { kind: 'interrupted', detail: { exitCode } });
    logger.info({ exitCode, counts: counts.byOutcome }, finished ? 'run finished' : 'run stopped');

    const report = await writeReport(store, runId, common.reportDir);
    const reportPath = report.files.html ?? report.dir;
    if (common.json) {
      process.stdout.write(`${JSON.stringify({ ...report.summary, report: report.files })}\n`);
    }
    out.write(`\n${formatSummaryText(report.summary, reportPath)}\n`);
  } catch (error) {
    // The database or the report folder failed (a full disk, say): what was committed is safe, and resume
    // carries on from it once the cause is fixed.
    logger.error({ err: error }, 'could not record the end of the run');
    out.write(`\napbatch: could not record the end of the run or write its report: ${error instanceof Error ? error.message : String(error)}\n`);
    stopError ??= error;
    exitCode = ExitCode.Resumable;
    finished = false;
  }
  if (stopError !== undefined) {
    logger.error({ err: stopError }, 'run stopped by an error');
    const message = isAppError(stopError) ? stopError.message : stopError instanceof Error ? stopError.message : String(stopError);
    out.write(`\napbatch: the run stopped: ${message}\n`);
    if (isAppError(stopError) && stopError.hint) out.write(`  ${stopError.hint}\n`);
    if (!isAppError(stopError) && stopError instanceof Error && stopError.stack) logger.error(stopError.stack);
  }
  if (!finished) out.write(`Rows not yet done are kept. Resume with: apbatch resume ${runId}\n`);
  return exitCode;
}
