#!/usr/bin/env -S node --max-semi-space-size=8
// The young generation is capped at 8 MB a semi-space: apbatch streams, keeps little alive, and otherwise V8
// grows it to 48 MB under the allocation rate of a million-row file, which is most of the peak memory. Measured:
// 4 MB costs a fast run 8% more time in the garbage collector, 16 MB puts `plan` over its 150 MB (158 MB); 8 MB
// keeps `validate` at 131 MB and `plan` at 139 MB.
import { Command, CommanderError } from 'commander';
import { isAppError } from '../core/errors.js';
import { ExitCode } from '../core/exit-codes.js';
import { registerCommands } from './commands/index.js';
import { exitLoudlyIfStalled } from './support/stall-guard.js';

/** The one place that ends the process: every failure funnels through here. */
async function main(argv: string[]): Promise<number> {
  const program = new Command('apbatch')
    .description('Bulk Microsoft Entra access package assignment requests from CSV files')
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) });
  let exitCode: number = ExitCode.Ok;
  registerCommands(program, (code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync(argv);
    return exitCode;
  } catch (error) {
    return reportFailure(error);
  }
}

function reportFailure(error: unknown): number {
  if (error instanceof CommanderError) {
    // commander has already printed its message; help and version are not failures.
    return error.exitCode === 0 ? ExitCode.Ok : ExitCode.BadInput;
  }
  if (isAppError(error)) {
    process.stderr.write(`apbatch: ${error.message}\n`);
    if (error.hint) process.stderr.write(`  ${error.hint}\n`);
    return error.exitCode;
  }
  process.stderr.write('apbatch: internal error (this is a bug, please report it with the log file):\n');
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  return ExitCode.SomeRowsFailed;
}

// A reader that stops early (`apbatch plan ... | head`) is not a failure: stop quietly.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(ExitCode.Ok);
  throw error;
});

const command = main(process.argv);
exitLoudlyIfStalled(command);
command.then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.exitCode = reportFailure(error);
  },
);
