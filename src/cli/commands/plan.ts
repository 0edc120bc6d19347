import { Option, type Command } from 'commander';
import { z } from 'zod';
import { formatProblem, validateFiles, type ValidationEvent } from '../../input/index.js';
import type { PlanInput } from '../../graph/plan-rows-online.js';
import { planLineOffline, type PlanLine, type PlanOptions } from '../../plan/index.js';
import { addCommonOptions, commonOptionsSchema } from '../support/common-options.js';
import { addConnectionOptions, connectionOptionsSchema } from '../support/connection-options.js';
import { writeLine } from '../support/output.js';
import { settledPlanLine } from '../support/plan-events.js';
import { ValidationCounter } from '../support/validation-tally.js';
import { exitCodeOfValidation } from './validate.js';
import type { SetExitCode } from './index.js';

export const planOptionsSchema = commonOptionsSchema.merge(connectionOptionsSchema).extend({
  /** Plan from the file alone: rows naming users or packages by name print `needs-lookup`. @default false */
  offline: z.boolean().default(false),
  /** @default 'v1.0' */
  api: z.enum(['v1.0', 'beta']).default('v1.0'),
  /** A user not in the directory is invited by email (`assignment.target.email`). @default false */
  invite: z.boolean().default(false),
  /** @default false */
  ignoreUnknownColumns: z.boolean().default(false),
  /** The skip-existing pre-check of SPEC section 4. @default true */
  skipExisting: z.boolean().default(true),
});
export type PlanCommandOptions = z.infer<typeof planOptionsSchema>;

export function registerPlanCommand(program: Command, setExitCode: SetExitCode): void {
  const command = program
    .command('plan')
    .description('print, as JSON Lines, the request each row would send (online: names resolved, skips marked)')
    .argument('<files...>', 'CSV files, read in the order given')
    .option('--offline', 'do not call Graph; rows that name users or packages by name print needs-lookup', false)
    .addOption(new Option('--api <version>', 'Graph API version').choices(['v1.0', 'beta']).default('v1.0'))
    .option('--invite', 'invite users not in the directory by email', false)
    .option('--ignore-unknown-columns', 'ignore columns apbatch does not know', false)
    .option('--no-skip-existing', 'do not check for existing assignments and open requests');
  addConnectionOptions(addCommonOptions(command)).action(async (files: string[], raw: unknown) => {
    const options = planOptionsSchema.parse(raw);
    setExitCode(await planCommand(files, options));
  });
}

async function planCommand(files: string[], options: PlanCommandOptions): Promise<number> {
  const plan: PlanOptions = { api: options.api, invite: options.invite };
  const counter = new ValidationCounter();
  const events = validateFiles(files, { now: new Date(), ignoreUnknownColumns: options.ignoreUnknownColumns });
  if (options.offline) {
    await planOffline(events, counter, plan);
  } else {
    const validation = reportFileProblems(events, counter);
    // Loaded only when needed: msal, undici and the Graph client add some 60 MB of RSS that validate and
    // plan --offline must not carry (SPEC: peak RSS under 150 MB).
    const { openGraphSession } = await import('../support/graph-session.js');
    const { planInputsOnline } = await import('../../graph/plan-rows-online.js');
    const session = await openGraphSession(options, { api: options.api, invite: options.invite });
    try {
      const resolver = session.createResolver();
      for await (const line of planInputsOnline(validation, { resolver, plan, skipExisting: options.skipExisting })) {
        await writeLine(JSON.stringify(line));
      }
    } finally {
      await session.close();
    }
  }
  return exitCodeOfValidation(counter.tally());
}

/** Lines written to stdout at once: one write per line cost a tenth of plan --offline's time. */
const LINES_PER_WRITE = 256;

/** The offline plan, one loop over the events (no generator between): it is the hot path of a million rows. */
async function planOffline(events: AsyncIterable<ValidationEvent>, counter: ValidationCounter, plan: PlanOptions): Promise<void> {
  let lines: string[] = [];
  const flush = async (): Promise<void> => {
    if (lines.length === 0) return;
    const text = lines.join('\n');
    lines = [];
    await writeLine(text);
  };
  for await (const event of events) {
    counter.count(event);
    if (event.kind === 'file-done') continue;
    if (event.kind === 'file-problem') {
      // The rows before it go out first, so that a terminal shows the problem where it happened.
      await flush();
      process.stderr.write(`apbatch: ${formatProblem(event.problem)}\n`);
      continue;
    }
    lines.push(JSON.stringify(offlineLine(event, plan)));
    if (lines.length >= LINES_PER_WRITE) await flush();
  }
  await flush();
}

type RowEvent = Extract<ValidationEvent, { kind: 'row' | 'invalid-row' | 'duplicate' }>;

/** File problems go to stderr as they come; rows go on to be planned, rows settled offline as their line. */
async function* reportFileProblems(events: AsyncIterable<ValidationEvent>, counter: ValidationCounter): AsyncIterable<PlanInput> {
  for await (const event of events) {
    counter.count(event);
    if (event.kind === 'file-problem') process.stderr.write(`apbatch: ${formatProblem(event.problem)}\n`);
    else if (event.kind === 'row') yield event;
    else if (event.kind !== 'file-done') yield { kind: 'settled', line: settledPlanLine(event) };
  }
}

function offlineLine(event: RowEvent, plan: PlanOptions): PlanLine {
  return event.kind === 'row' ? planLineOffline(event.row, plan) : settledPlanLine(event);
}

