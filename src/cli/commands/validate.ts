import type { Command } from 'commander';
import { z } from 'zod';
import { ExitCode } from '../../core/exit-codes.js';
import { formatProblem, formatProblemJson, validateFiles } from '../../input/index.js';
import { addCommonOptions, commonOptionsSchema } from '../support/common-options.js';
import { ValidationCounter, type ValidationTally } from '../support/validation-tally.js';
import { writeLine } from '../support/output.js';
import type { SetExitCode } from './index.js';

export const validateOptionsSchema = commonOptionsSchema.extend({
  /** Read files with columns apbatch does not know, ignoring them. @default false */
  ignoreUnknownColumns: z.boolean().default(false),
});

export function registerValidateCommand(program: Command, setExitCode: SetExitCode): void {
  const command = program
    .command('validate')
    .description('check every row of the CSV files offline and list every problem')
    .argument('<files...>', 'CSV files, read in the order given')
    .option('--ignore-unknown-columns', 'ignore columns apbatch does not know instead of refusing the file', false);
  addCommonOptions(command).action(async (files: string[], raw: unknown) => {
    const options = validateOptionsSchema.parse(raw);
    const tally = await validateCommand(files, options);
    setExitCode(exitCodeOfValidation(tally));
  });
}

async function validateCommand(files: string[], options: z.infer<typeof validateOptionsSchema>): Promise<ValidationTally> {
  const counter = new ValidationCounter();
  for await (const event of validateFiles(files, { now: new Date(), ignoreUnknownColumns: options.ignoreUnknownColumns })) {
    counter.count(event);
    const problems =
      event.kind === 'invalid-row' ? event.problems : event.kind === 'duplicate' || event.kind === 'file-problem' ? [event.problem] : [];
    for (const problem of problems) await writeLine(options.json ? formatProblemJson(problem) : formatProblem(problem));
  }
  const tally = counter.tally();
  process.stderr.write(`${formatValidationSummary(tally)}\n`);
  return tally;
}

/** `2` when a file could not be read, `1` when a row is invalid, else `0` (duplicates end `skipped`). */
export function exitCodeOfValidation(tally: ValidationTally): number {
  if (tally.unreadableFiles > 0) return ExitCode.BadInput;
  if (tally.invalid > 0) return ExitCode.SomeRowsFailed;
  return ExitCode.Ok;
}

export function formatValidationSummary(tally: ValidationTally): string {
  const files = `${tally.files} file${tally.files === 1 ? '' : 's'}`;
  const parts = [`${tally.valid} valid`, `${tally.invalid} invalid`, `${tally.duplicates} duplicate${tally.duplicates === 1 ? '' : 's'}`];
  let text = `Checked ${files}, ${tally.rows} row${tally.rows === 1 ? '' : 's'}: ${parts.join(', ')}.`;
  if (tally.unreadableFiles > 0) text += ` ${tally.unreadableFiles} file${tally.unreadableFiles === 1 ? '' : 's'} could not be read completely.`;
  return text;
}
