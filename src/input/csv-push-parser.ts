import { CsvError, Parser } from 'csv-parse';
import type { Delimiter } from './sniff-file-start.js';

/** Largest record accepted, so that a runaway quote or a huge cell cannot exhaust memory. */
export const MAX_RECORD_BYTES = 1024 * 1024;

/** csv-parse's push-style core, the engine its own Transform stream drives chunk by chunk. */
interface PushParserCore {
  parse(
    chunk: Buffer | undefined,
    end: boolean,
    push: (record: string[]) => void,
    close: () => void,
  ): Error | undefined;
}

/**
 * A csv-parse parser driven directly rather than as a stream. As a stream, a syntax error destroys the
 * parser and drops the records it had already parsed from the same chunk; driven directly, every record
 * before the error is delivered and the error comes after them.
 */
export class CsvPushParser {
  private readonly parser: Parser;
  private readonly core: PushParserCore;

  constructor(delimiter: Delimiter) {
    this.parser = new Parser({
      delimiter,
      bom: true,
      // Mixed line endings are common in files edited by several tools; each ending is one line.
      record_delimiter: ['\r\n', '\n', '\r'],
      skip_empty_lines: true,
      relax_column_count: true,
      relax_quotes: true,
      // Hand-edited files put spaces around quoted fields (`add, "Sales, EMEA"`); still quoted.
      trim: true,
      max_record_size: MAX_RECORD_BYTES,
    });
    const core = (this.parser as unknown as { api?: PushParserCore }).api;
    if (core === undefined || typeof core.parse !== 'function') {
      throw new Error('csv-parse no longer exposes its parser core as `api`; CsvPushParser needs updating');
    }
    this.core = core;
  }

  /** Blank lines skipped so far. */
  get emptyLines(): number {
    return this.parser.info.empty_lines;
  }

  /** Parses one chunk (or the end of input when `chunk` is undefined), calling `onRecord` for each record. */
  feed(chunk: Buffer | undefined, onRecord: (fields: string[]) => void): CsvError | Error | undefined {
    return this.core.parse(chunk, chunk === undefined, onRecord, () => undefined);
  }
}

export function isCsvError(error: unknown): error is CsvError {
  return error instanceof CsvError;
}
