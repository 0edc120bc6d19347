import { Option, type Command } from 'commander';
import { z } from 'zod';
import { UsageError } from '../../core/errors.js';
import { isoDurationToMs } from '../../run/iso-duration.js';

/** How a run processes its rows; kept with the run so `resume` carries on the same way. */
export const processingOptionsSchema = z.object({
  /** @default 'v1.0' */
  api: z.enum(['v1.0', 'beta']).default('v1.0'),
  /** Users not in the directory are invited by email. @default false */
  invite: z.boolean().default(false),
  /** The pre-check of SPEC section 4. @default true */
  skipExisting: z.boolean().default(true),
  /** Poll submitted requests until each reaches a final state. @default false */
  wait: z.boolean().default(false),
  /** ISO 8601 duration a request may take to reach a final state. @default 'PT2H' */
  waitTimeout: z.string().default('PT2H'),
});
export type ProcessingOptions = z.infer<typeof processingOptionsSchema>;

export function addProcessingOptions(command: Command): Command {
  return command
    .addOption(new Option('--api <version>', 'Graph API version').choices(['v1.0', 'beta']).default('v1.0'))
    .option('--invite', 'invite users not in the directory by email', false)
    .option('--no-skip-existing', 'send even when the user already has the assignment or an open request')
    .option('--wait', 'poll submitted requests until each reaches a final state', false)
    .option('--wait-timeout <duration>', 'ISO 8601 duration a request may take with --wait', 'PT2H');
}

/** `--wait-timeout` in milliseconds, or a usage error saying what was expected. */
export function waitTimeoutMs(text: string): number {
  const ms = isoDurationToMs(text);
  if (ms === undefined || ms <= 0) {
    throw new UsageError(`--wait-timeout: expected an ISO 8601 duration such as PT2H or PT30M, got \`${text}\``);
  }
  return ms;
}
