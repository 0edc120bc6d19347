export { writeReport, REPORT_FORMATS, REPORT_FILE_NAMES, type ReportFormat, type WrittenReport } from './write-report.js';
export { buildRunSummary, type RunSummary } from './run-summary.js';
export { formatSummaryText } from './format-summary-text.js';
export { formatStatusTable, type RunStatusLine } from './format-status-table.js';
export { exitCodeForCounts } from './run-exit-code.js';
export { RESULTS_COLUMNS, resultsCells, resultsCsvChunks } from './results-csv.js';
export { escapeFormula, quoteCsvCell, csvRecord } from './csv-cell.js';
export type { ReportHtmlOptions } from './report-html.js';
