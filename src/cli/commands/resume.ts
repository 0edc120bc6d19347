import type { Command } from 'commander';
import { addCommonOptions, commonOptionsSchema } from '../support/common-options.js';
import { addConnectionOptions, connectionOptionsSchema } from '../support/connection-options.js';
import { addProcessingOptions, processingOptionsSchema } from '../support/run-options.js';
import type { SetExitCode } from './index.js';

export const resumeOptionsSchema = commonOptionsSchema.merge(connectionOptionsSchema).merge(processingOptionsSchema);

export function registerResumeCommand(program: Command, setExitCode: SetExitCode): void {
  const command = program
    .command('resume')
    .description('continue the newest unfinished run (or RUN_ID) from the state database alone, without the CSV')
    .argument('[runId]', 'the run to continue (default: the newest unfinished one)');
  addConnectionOptions(addProcessingOptions(addCommonOptions(command))).action(async (runId: string | undefined, _raw: unknown, self: Command) => {
    // Loaded on use: sign-in, Graph and SQLite are heavy, and validate/plan/status do not need them.
    const { resumeCommand } = await import('./resume-action.js');
    setExitCode(await resumeCommand(runId, self));
  });
}

