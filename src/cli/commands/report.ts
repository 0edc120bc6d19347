import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { z } from 'zod';
import { UsageError } from '../../core/errors.js';
import { formatSummaryText, REPORT_FORMATS, writeReport, type ReportFormat } from '../../report/index.js';
import { addCommonOptions, commonOptionsSchema } from '../support/common-options.js';
import type { SetExitCode } from './index.js';

export const reportOptionsSchema = commonOptionsSchema.extend({
  /** @default 'csv,json,html' */
  format: z.string().default(REPORT_FORMATS.join(',')),
});

/** `csv,html` -> the formats, or a usage error naming the one not known. */
export function parseFormats(text: string): ReportFormat[] {
  const formats = text.split(',').map((part) => part.trim().toLowerCase()).filter((part) => part !== '');
  const unknown = formats.filter((format) => !(REPORT_FORMATS as readonly string[]).includes(format));
  if (unknown.length > 0 || formats.length === 0) {
    throw new UsageError(`--format: expected a list of ${REPORT_FORMATS.join(', ')}, got \`${text}\``);
  }
  return [...new Set(formats)] as ReportFormat[];
}

export function registerReportCommand(program: Command, _setExitCode: SetExitCode): void {
  const command = program
    .command('report')
    .description('write the report of a run again, from the state database')
    .argument('<runId>', 'the run')
    .option('--format <list>', 'any of csv,json,html', REPORT_FORMATS.join(','));
  addCommonOptions(command).action(async (runId: string, raw: unknown) => {
    const options = reportOptionsSchema.parse(raw);
    const formats = parseFormats(options.format);
    if (!existsSync(options.db)) throw new UsageError(`no state database at ${options.db}`);
    const { openStore } = await import('../../store/index.js');
    const store = openStore(options.db, { readonly: true });
    try {
      if (!store.getRun(runId)) throw new UsageError(`no run ${runId} in ${options.db}`, { hint: 'apbatch status lists the runs it holds.' });
      const report = await writeReport(store, runId, options.reportDir, formats);
      if (options.json) process.stdout.write(`${JSON.stringify({ runId, files: report.files })}\n`);
      else {
        process.stdout.write(`${formatSummaryText(report.summary, report.dir)}\n`);
        for (const file of Object.values(report.files)) process.stdout.write(`  ${file}\n`);
      }
    } finally {
      store.close();
    }
  });
}
