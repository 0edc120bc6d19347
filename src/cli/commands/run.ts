import type { Command } from 'commander';
import { z } from 'zod';
import { addCommonOptions, commonOptionsSchema } from '../support/common-options.js';
import { addConnectionOptions, connectionOptionsSchema } from '../support/connection-options.js';
import { addProcessingOptions, processingOptionsSchema } from '../support/run-options.js';
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
    const options = runOptionsSchema.parse(raw);
    // Loaded on use: sign-in, Graph and SQLite are heavy, and validate/plan/status do not need them.
    const { runCommand } = await import('./run-action.js');
    setExitCode(await runCommand(files, options));
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

