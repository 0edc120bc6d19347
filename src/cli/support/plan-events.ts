import { formatRowRef, type InputProblem, type RecordCells } from '../../core/domain.js';
import type { ValidationEvent } from '../../input/index.js';
import type { NotSentLine } from '../../plan/index.js';

/** The plan line of a row that validation already settled: `invalid` with every reason, or `skipped` duplicate. */
export function settledPlanLine(event: Extract<ValidationEvent, { kind: 'invalid-row' | 'duplicate' }>): NotSentLine {
  if (event.kind === 'duplicate') {
    return { row: formatRowRef(event.row.ref), key: event.row.key, outcome: 'skipped', reason: event.problem.reason };
  }
  return { row: formatRowRef(event.ref), key: keyOfCells(event.cells), outcome: 'invalid', reason: joinReasons(event.problems) };
}

/** The key an invalid row would have had, as far as its cells tell: the same form as the input stage's `rowKey`. */
export function keyOfCells(cells: RecordCells): string {
  const accessPackage = cells.catalog ? `${cells.catalog}/${cells.accessPackage ?? ''}` : (cells.accessPackage ?? '');
  return `${cells.user ?? cells.assignmentId ?? ''}|${accessPackage}|${cells.action ?? cells.requestType ?? ''}`.toLowerCase();
}

/** Every problem of one row in one line: `column expiration: ...; column user: ...`. */
export function joinReasons(problems: readonly InputProblem[]): string {
  return problems.map((problem) => (problem.column ? `column ${problem.column}: ${problem.reason}` : problem.reason)).join('; ');
}

