import { Option, type Command } from 'commander';
import { z } from 'zod';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Options every command takes (SPEC section 1, "Common options"). */
export const commonOptionsSchema = z.object({
  /** State database. @default 'data/apbatch.db' */
  db: z.string().min(1).default('data/apbatch.db'),
  /** Where reports go, one folder per run. @default 'data/reports' */
  reportDir: z.string().min(1).default('data/reports'),
  /** @default 'info' */
  logLevel: z.enum(LOG_LEVELS).default('info'),
  /** @default `data/logs/RUN_ID.log` */
  logFile: z.string().min(1).optional(),
  /** `--no-progress` turns the bar and the periodic lines off. @default true */
  progress: z.boolean().default(true),
  /** Machine-readable output on stdout. @default false */
  json: z.boolean().default(false),
});
export type CommonOptions = z.infer<typeof commonOptionsSchema>;

export function addCommonOptions(command: Command): Command {
  return command
    .option('--db <path>', 'state database', 'data/apbatch.db')
    .option('--report-dir <dir>', 'where reports are written', 'data/reports')
    .addOption(new Option('--log-level <level>', 'log level').choices(LOG_LEVELS).default('info'))
    .option('--log-file <path>', 'log file (default data/logs/RUN_ID.log)')
    .option('--no-progress', 'no progress bar or progress lines')
    .option('--json', 'machine-readable output on stdout', false);
}
