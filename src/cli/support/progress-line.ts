/** What the progress display shows at one moment of a run. */
export interface ProgressSnapshot {
  /** Rows that have an outcome. */
  done: number;
  total: number;
  /** Outcome -> rows so far; only non-zero outcomes are shown. */
  outcomes: Readonly<Record<string, number>>;
  /** Rows finished per second, recent average. */
  rowsPerSecond: number;
  /** Milliseconds Graph asked us to pause so far, if any. */
  throttledMs?: number;
}

const number = new Intl.NumberFormat('en-US');

/** `12m05s`, `1h02m`, `45s`. */
export function formatDuration(totalSeconds: number): string {
  if (!Number.isFinite(totalSeconds) || totalSeconds < 0) return '--';
  const seconds = Math.round(totalSeconds);
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const rest = seconds % 60;
  if (hours > 0) return `${hours}h${String(minutes).padStart(2, '0')}m`;
  if (minutes > 0) return `${minutes}m${String(rest).padStart(2, '0')}s`;
  return `${rest}s`;
}

/** One line a person can read at a glance: counts, outcomes, rate and time left. */
export function formatProgressLine(snapshot: ProgressSnapshot): string {
  const percent = snapshot.total === 0 ? 100 : Math.floor((snapshot.done / snapshot.total) * 100);
  const outcomes = Object.entries(snapshot.outcomes)
    .filter(([, count]) => count > 0)
    .map(([outcome, count]) => `${outcome} ${number.format(count)}`)
    .join(', ');
  const left = snapshot.total - snapshot.done;
  const eta = snapshot.rowsPerSecond > 0 ? formatDuration(left / snapshot.rowsPerSecond) : '--';
  const parts = [
    `${number.format(snapshot.done)}/${number.format(snapshot.total)} rows (${percent}%)`,
    outcomes || 'no outcomes yet',
    `${snapshot.rowsPerSecond.toFixed(1)} rows/s`,
    `${eta} left`,
  ];
  if (snapshot.throttledMs) parts.push(`throttled ${formatDuration(snapshot.throttledMs / 1000)}`);
  return parts.join(' | ');
}
