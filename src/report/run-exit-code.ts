import { ROW_OUTCOMES, SUCCESSFUL_OUTCOMES } from '../core/domain.js';
import { ExitCode } from '../core/exit-codes.js';
import type { OutcomeCounts } from '../store/store-types.js';

/**
 * SPEC section 5 from the counts alone: rows without a final outcome make the run resumable (4); otherwise
 * 1 when any row ended other than `submitted`, `delivered` or `skipped`, else 0. (130 is the CLI's to set.)
 */
export function exitCodeForCounts(counts: OutcomeCounts): ExitCode {
  if (counts.byPhase.pending + counts.byPhase['in-flight'] + counts.byPhase.waiting > 0) return ExitCode.Resumable;
  const failed = ROW_OUTCOMES.some((outcome) => !SUCCESSFUL_OUTCOMES.has(outcome) && counts.byOutcome[outcome] > 0);
  return failed ? ExitCode.SomeRowsFailed : ExitCode.Ok;
}
