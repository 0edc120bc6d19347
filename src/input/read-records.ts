import { open, type FileHandle } from 'node:fs/promises';
import type { InputProblem, RecordCells, RowRef } from '../core/domain.js';
import { CsvPushParser, isCsvError, MAX_RECORD_BYTES } from './csv-push-parser.js';
import { mapHeader, type ColumnLayout } from './header.js';
import { describeOpenError } from './open-error.js';
import { fileProblem, lineProblem } from './problem.js';
import { sniffFileStart } from './sniff-file-start.js';

/** One event of a file read: a data record, or a problem with the file that ends its reading. */
export type RecordEvent =
  | {
      kind: 'record';
      ref: RowRef;
      cells: RecordCells;
      /** Problems with the record's shape (more or fewer fields than the header); usually empty. */
      problems: readonly InputProblem[];
    }
  | { kind: 'file-problem'; problem: InputProblem };

export interface ReadRecordsOptions {
  /**
   * Read files whose header has columns apbatch does not know, ignoring those columns.
   * @default false
   */
  ignoreUnknownColumns?: boolean;
}

const CHUNK_BYTES = 64 * 1024;
const NO_PROBLEMS: readonly InputProblem[] = Object.freeze([]);

/**
 * Streams the records of one CSV file, header mapped to canonical columns and values trimmed. Never
 * throws for bad input: every way a file can be unreadable ends the stream with `file-problem` events.
 */
export async function* readRecords(file: string, options: ReadRecordsOptions = {}): AsyncGenerator<RecordEvent> {
  for await (const batch of readRecordBatches(file, options)) yield* batch;
}

/**
 * The same events as `readRecords`, a chunk's worth at a time: each `yield` of an async generator costs a
 * promise, so the hot path hands over arrays rather than single records.
 */
export async function* readRecordBatches(file: string, options: ReadRecordsOptions = {}): AsyncGenerator<RecordEvent[]> {
  let handle: FileHandle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    yield [{ kind: 'file-problem', problem: fileProblem(file, describeOpenError(error)) }];
    return;
  }
  try {
    yield* readOpenFile(file, handle, options.ignoreUnknownColumns ?? false);
  } finally {
    await handle.close();
  }
}

async function* readOpenFile(file: string, handle: FileHandle, ignoreUnknownColumns: boolean): AsyncGenerator<RecordEvent[]> {
  const problem = (reason: string): RecordEvent[] => [{ kind: 'file-problem', problem: fileProblem(file, reason) }];
  const readChunk = async (): Promise<Buffer | Error> => {
    try {
      const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
      const { bytesRead } = await handle.read(buffer, 0, CHUNK_BYTES, null);
      return buffer.subarray(0, bytesRead);
    } catch (error) {
      return error instanceof Error ? error : new Error(String(error));
    }
  };

  if ((await handle.stat()).isDirectory()) {
    yield problem('is a directory, expected a CSV file');
    return;
  }
  const first = await readChunk();
  if (first instanceof Error) {
    yield problem(describeOpenError(first));
    return;
  }
  const start = sniffFileStart(first);
  if (start.kind === 'empty') {
    yield problem('file is empty, expected a header line');
    return;
  }
  if (start.kind === 'binary') {
    yield problem(`is not a text file (${start.reason}), expected a UTF-8 CSV file`);
    return;
  }

  const parser = new CsvPushParser(start.delimiter);
  const lines = new LineCounter();
  let layout: ColumnLayout | undefined;
  let pending: RecordEvent[] = [];
  let headerFailed = false;

  const onRecord = (fields: string[]): void => {
    if (headerFailed) return;
    const line = lines.recordStart(parser.emptyLines, fields);
    if (layout === undefined) {
      if (isBlankRecord(fields)) return;
      const header = mapHeader(fields, { file, line }, ignoreUnknownColumns);
      if (header.problems.length > 0) {
        headerFailed = true;
        for (const headerProblem of header.problems) pending.push({ kind: 'file-problem', problem: headerProblem });
        return;
      }
      layout = header.layout;
      return;
    }
    if (isBlankRecord(fields)) return;
    const ref: RowRef = { file, line };
    pending.push({ kind: 'record', ref, cells: cellsOf(fields, layout), problems: shapeProblems(ref, fields.length, layout.length) });
  };

  let chunk: Buffer | Error | undefined = first;
  for (;;) {
    if (chunk instanceof Error) {
      yield [...pending, ...problem(describeOpenError(chunk))];
      return;
    }
    const atEnd = chunk === undefined;
    const error = parser.feed(chunk, onRecord);
    const events = pending;
    pending = [];
    if (error !== undefined && !headerFailed) {
      events.push({ kind: 'file-problem', problem: describeParseError(file, error, lines.nextRecordStart(parser.emptyLines)) });
    }
    if (events.length > 0) yield events;
    if (headerFailed || error !== undefined) return;
    if (atEnd) break;
    const next = await readChunk();
    chunk = next instanceof Error || next.length > 0 ? next : undefined;
  }
  if (layout === undefined) yield problem('has only blank lines, expected a header line');
}

/**
 * Tracks physical line numbers. csv-parse's own `info.lines` counts a CR LF inside a quoted field as two
 * lines, so the start line of each record is worked out here from the blank lines skipped before it and
 * the line breaks held inside its fields.
 */
class LineCounter {
  private next = 1;
  private emptyLinesSeen = 0;

  recordStart(emptyLines: number, fields: readonly string[]): number {
    const line = this.nextRecordStart(emptyLines);
    this.emptyLinesSeen = emptyLines;
    this.next = line + 1 + countLineBreaks(fields);
    return line;
  }

  nextRecordStart(emptyLines: number): number {
    return this.next + (emptyLines - this.emptyLinesSeen);
  }
}

function countLineBreaks(fields: readonly string[]): number {
  let breaks = 0;
  for (const field of fields) {
    if (field.indexOf('\n') === -1 && field.indexOf('\r') === -1) continue;
    for (let i = 0; i < field.length; i++) {
      const code = field.charCodeAt(i);
      if (code === 10) breaks++;
      else if (code === 13 && field.charCodeAt(i + 1) !== 10) breaks++;
    }
  }
  return breaks;
}

/** A line holding only spaces or only delimiters (as spreadsheets write an empty row) counts as blank. */
function isBlankRecord(fields: readonly string[]): boolean {
  for (const field of fields) if (field.trim() !== '') return false;
  return true;
}

function cellsOf(fields: readonly string[], layout: ColumnLayout): RecordCells {
  const cells: RecordCells = {};
  const count = Math.min(fields.length, layout.length);
  for (let i = 0; i < count; i++) {
    const column = layout[i];
    if (column === null || column === undefined) continue;
    const value = (fields[i] as string).trim();
    if (value !== '') cells[column] = value;
  }
  return cells;
}

function shapeProblems(ref: RowRef, fieldCount: number, headerCount: number): readonly InputProblem[] {
  if (fieldCount === headerCount) return NO_PROBLEMS;
  const got = fieldCount === 1 ? '1 field' : `${fieldCount} fields`;
  return [lineProblem(ref, `the row has ${got} but the header has ${headerCount} columns`)];
}

function describeParseError(file: string, error: Error, recordStart: number): InputProblem {
  const where = { file, line: recordStart };
  if (!isCsvError(error)) return lineProblem(where, `cannot be read as CSV (${error.message})`);
  switch (error.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return lineProblem(where, `quote opened on line ${recordStart} is never closed`);
    case 'CSV_MAX_RECORD_SIZE':
      return lineProblem(
        where,
        `the record starting on line ${recordStart} is longer than 1 MiB (${MAX_RECORD_BYTES} bytes), the most a row may hold; is a quote never closed?`,
      );
    case 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE':
    case 'CSV_INVALID_CLOSING_QUOTE':
      return lineProblem(
        where,
        'text follows the closing quote of a field in the record starting on this line: expected a delimiter after a closing quote (write "" for a quote inside a quoted field)',
      );
    default:
      return lineProblem(where, `cannot be read as CSV: ${error.message}`);
  }
}
