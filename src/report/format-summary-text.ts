import { ROW_OUTCOMES } from '../core/domain.js';
import { formatDuration } from './format-duration.js';
import type { RunSummary } from './run-summary.js';

const count = (n: number): string => n.toLocaleString('en-US');

/** The few lines a person reads when a run ends: counts per outcome, time, rate, throttling, where the report is. */
export function formatSummaryText(summary: RunSummary, reportPath?: string): string {
  const outcomes = ROW_OUTCOMES.filter((outcome) => summary.outcomes[outcome] > 0).map((outcome) => {
    if (outcome !== 'skipped') return `${count(summary.outcomes[outcome])} ${outcome}`;
    const reasons = Object.entries(summary.skipped)
      .filter(([, n]) => n > 0)
      .map(([reason, n]) => `${count(n)} ${reason}`);
    return `${count(summary.outcomes.skipped)} skipped${reasons.length > 0 ? ` (${reasons.join(', ')})` : ''}`;
  });
  if (summary.unfinished > 0) outcomes.push(`${count(summary.unfinished)} not finished`);
  if (summary.waiting > 0) outcomes.push(`${count(summary.waiting)} of the submitted still waiting for a final state`);
  const lines = [
    `Run ${summary.runId} ${summary.status} in ${formatDuration(summary.durationSeconds)} (${summary.rowsPerSecond} rows/s)`,
    `  ${count(summary.rows)} rows: ${outcomes.join(', ') || 'none'}`,
  ];
  if (summary.requestsSent > 0) lines.push(`  ${count(summary.requestsSent)} requests sent, ${count(summary.retries)} of them retries`);
  if (summary.throttling.responses > 0) {
    lines.push(`  Throttled ${count(summary.throttling.responses)} times, paused ${formatDuration(summary.throttling.pauseSeconds)} in all`);
  }
  if (reportPath) lines.push(`  Report: ${reportPath}`);
  return lines.join('\n');
}
