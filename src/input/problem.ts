import type { Column, InputProblem, RowRef } from '../core/domain.js';

/** Longest cell text a problem carries; longer values are cut so one problem stays one readable line. */
export const DISPLAY_VALUE_LIMIT = 80;

export function truncateForDisplay(value: string): string {
  return value.length <= DISPLAY_VALUE_LIMIT ? value : `${value.slice(0, DISPLAY_VALUE_LIMIT - 3)}...`;
}

/** A problem with one cell of a row. */
export function cellProblem(ref: RowRef, column: Column, value: string | undefined, reason: string): InputProblem {
  const problem: InputProblem = { file: ref.file, line: ref.line, column, reason };
  if (value !== undefined) problem.value = truncateForDisplay(value);
  return problem;
}

/** A problem with a whole row or a line of the file (no single cell to blame). */
export function lineProblem(ref: RowRef, reason: string): InputProblem {
  return { file: ref.file, line: ref.line, reason };
}

/** A problem with the file itself. */
export function fileProblem(file: string, reason: string): InputProblem {
  return { file, reason };
}
