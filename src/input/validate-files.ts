import type { InputProblem, RecordCells, RowRef, ValidRow } from '../core/domain.js';
import { DuplicateTracker } from './duplicate-tracker.js';
import { readRecordBatches, type RecordEvent } from './read-records.js';
import { validateRecord, type ValidationContext } from './validate-record.js';

/**
 * What validating files yields, in file order. Every data row of a readable file gives exactly one of
 * `row`, `duplicate` or `invalid-row`, so that later stages can give each its one outcome.
 */
export type ValidationEvent =
  /** A row that passed every check. */
  | { kind: 'row'; row: ValidRow }
  /** A valid row whose user, package and action an earlier row already has (outcome `skipped`, reason `duplicate`). */
  | { kind: 'duplicate'; row: ValidRow; firstRef: RowRef; problem: InputProblem }
  /** A row that failed validation (outcome `invalid`), with every problem it has. */
  | { kind: 'invalid-row'; ref: RowRef; cells: RecordCells; problems: InputProblem[] }
  /** A problem with the file itself; the rest of that file is not read. */
  | { kind: 'file-problem'; problem: InputProblem }
  /** The end of one file. `completed` is false when a file problem stopped it. */
  | { kind: 'file-done'; file: string; counts: FileCounts; completed: boolean };

export interface FileCounts {
  /** Data rows read (blank lines and the header not counted). */
  rows: number;
  valid: number;
  invalid: number;
  duplicates: number;
}

export interface ValidateFilesOptions {
  /** Instant an expiration must be after. */
  now: Date;
  /**
   * Read files whose header has columns apbatch does not know, ignoring those columns.
   * @default false
   */
  ignoreUnknownColumns?: boolean;
  /** Share duplicate detection with earlier calls (for example across a run's files read in parts). */
  duplicates?: DuplicateTracker;
}

/** Reads and validates each file in turn, streaming; a bad file is reported and the next one still read. */
export async function* validateFiles(files: readonly string[], options: ValidateFilesOptions): AsyncGenerator<ValidationEvent> {
  const duplicates = options.duplicates ?? new DuplicateTracker();
  const context: ValidationContext = { now: options.now };
  const readOptions = { ignoreUnknownColumns: options.ignoreUnknownColumns ?? false };
  for (const file of files) {
    const counts: FileCounts = { rows: 0, valid: 0, invalid: 0, duplicates: 0 };
    let completed = true;
    for await (const batch of readRecordBatches(file, readOptions)) {
      for (const event of batch) {
        if (event.kind === 'file-problem') {
          completed = false;
          yield event;
          continue;
        }
        const outcome = validateReadRecord(event, context, duplicates);
        counts.rows++;
        if (outcome.kind === 'row') counts.valid++;
        else if (outcome.kind === 'duplicate') counts.duplicates++;
        else counts.invalid++;
        yield outcome;
      }
    }
    yield { kind: 'file-done', file, counts, completed };
  }
}

type RowEvent = Extract<ValidationEvent, { kind: 'row' | 'duplicate' | 'invalid-row' }>;

function validateReadRecord(record: Extract<RecordEvent, { kind: 'record' }>, context: ValidationContext, duplicates: DuplicateTracker): RowEvent {
  const { row, problems } = validateRecord(record, context);
  if (record.problems.length > 0) problems.unshift(...record.problems);
  if (row === undefined || problems.length > 0) {
    return { kind: 'invalid-row', ref: record.ref, cells: record.cells, problems };
  }
  const firstRef = duplicates.firstSeen(row.key, row.ref);
  if (firstRef === undefined) return { kind: 'row', row };
  const problem: InputProblem = {
    file: row.ref.file,
    line: row.ref.line,
    reason: `duplicate of ${firstRef.file}:${firstRef.line} (same user, accessPackage and action)`,
  };
  return { kind: 'duplicate', row, firstRef, problem };
}
