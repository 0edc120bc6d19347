import { ROW_OUTCOMES, type RowOutcome } from '../core/domain.js';
import type { OutcomeCounts, RunRecord } from '../store/store-types.js';

export interface RunStatusLine {
  run: RunRecord;
  counts: OutcomeCounts;
}

/**
 * `apbatch status`: one line per run, newest first as given, with a column for each outcome that any listed
 * run has (and `unfinished` when rows are left), aligned for a terminal.
 */
export function formatStatusTable(runs: readonly RunStatusLine[]): string {
  if (runs.length === 0) return 'No runs in the state database.';
  const outcomes = ROW_OUTCOMES.filter((outcome) => runs.some(({ counts }) => counts.byOutcome[outcome] > 0));
  const anyUnfinished = runs.some(({ counts }) => unfinished(counts) > 0);
  const header = ['run', 'status', 'started', 'rows', ...outcomes, ...(anyUnfinished ? ['unfinished'] : [])];
  const lines = runs.map(({ run, counts }) => [
    run.id,
    run.status,
    `${run.createdAt.slice(0, 10)} ${run.createdAt.slice(11, 19)}`,
    String(counts.total),
    ...outcomes.map((outcome: RowOutcome) => String(counts.byOutcome[outcome])),
    ...(anyUnfinished ? [String(unfinished(counts))] : []),
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...lines.map((line) => (line[column] ?? '').length)));
  const numeric = (column: number): boolean => column >= 3;
  const format = (cells: readonly string[]): string =>
    cells
      .map((cell, column) => (numeric(column) ? cell.padStart(widths[column] ?? 0) : cell.padEnd(widths[column] ?? 0)))
      .join('  ')
      .trimEnd();
  return [format(header), ...lines.map(format)].join('\n');
}

function unfinished(counts: OutcomeCounts): number {
  return counts.byPhase.pending + counts.byPhase['in-flight'] + counts.byPhase.waiting;
}
