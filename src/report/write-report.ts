import { join } from 'node:path';
import type { Store } from '../store/open-store.js';
import { ensurePrivateDir } from '../store/private-file.js';
import { writePrivateFile } from './private-write.js';
import { reportHtmlChunks, type ReportHtmlOptions } from './report-html.js';
import { resultsCsvChunks } from './results-csv.js';
import { buildRunSummary, type RunSummary } from './run-summary.js';

export const REPORT_FORMATS = ['csv', 'json', 'html'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export const REPORT_FILE_NAMES: Record<ReportFormat, string> = {
  csv: 'results.csv',
  json: 'summary.json',
  html: 'report.html',
};

export interface WrittenReport {
  /** `dir/RUN_ID`, mode 0700. */
  dir: string;
  /** The files written, mode 0600, by format. */
  files: Partial<Record<ReportFormat, string>>;
  summary: RunSummary;
}

/**
 * Writes the report of a run from the store alone (no Graph) into `dir/RUN_ID/`: results.csv, summary.json and
 * report.html, or the formats asked for. Rows are streamed, so memory stays flat whatever the run's size.
 */
export async function writeReport(
  store: Store,
  runId: string,
  dir: string,
  formats: readonly ReportFormat[] = REPORT_FORMATS,
  options: ReportHtmlOptions = {},
): Promise<WrittenReport> {
  const summary = buildRunSummary(store, runId);
  const runDir = join(dir, runId);
  ensurePrivateDir(runDir);
  const files: WrittenReport['files'] = {};
  for (const format of REPORT_FORMATS.filter((f) => formats.includes(f))) {
    const path = join(runDir, REPORT_FILE_NAMES[format]);
    if (format === 'csv') await writePrivateFile(path, resultsCsvChunks(store.resultLines(runId)));
    if (format === 'json') await writePrivateFile(path, [`${JSON.stringify(summary, null, 2)}\n`]);
    if (format === 'html') await writePrivateFile(path, reportHtmlChunks(store, summary, options));
    files[format] = path;
  }
  return { dir: runDir, files, summary };
}
