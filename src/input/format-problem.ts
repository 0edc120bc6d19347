import type { InputProblem } from '../core/domain.js';

/**
 * One line for people: `FILE:LINE: column C, value "V": REASON`, dropping the parts a problem does not
 * have (`FILE: REASON` for a problem with the whole file). The value is JSON-quoted so that line breaks
 * and quotes inside it stay on one line.
 */
export function formatProblem(problem: InputProblem): string {
  const where = problem.line === undefined ? problem.file : `${problem.file}:${problem.line}`;
  const parts: string[] = [];
  if (problem.column !== undefined) parts.push(`column ${problem.column}`);
  if (problem.value !== undefined) parts.push(`value ${JSON.stringify(problem.value)}`);
  return parts.length === 0 ? `${where}: ${problem.reason}` : `${where}: ${parts.join(', ')}: ${problem.reason}`;
}

/** One JSON Lines record for `--json`: always the same five members, `null` where a part does not apply. */
export function formatProblemJson(problem: InputProblem): string {
  return JSON.stringify({
    file: problem.file,
    line: problem.line ?? null,
    column: problem.column ?? null,
    value: problem.value ?? null,
    reason: problem.reason,
  });
}
