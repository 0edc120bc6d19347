import type { ValidationEvent } from '../../input/index.js';

/** Counts across every file of a call, for the summary line and the exit code. */
export interface ValidationTally {
  files: number;
  rows: number;
  valid: number;
  invalid: number;
  duplicates: number;
  /** Files a file-level problem stopped (missing, empty, binary, unterminated quote...). */
  unreadableFiles: number;
}

/** Passes validation events through while counting them; `tally()` is complete once the stream ends. */
export function tallyValidation(events: AsyncIterable<ValidationEvent>): AsyncIterable<{ event: ValidationEvent }> & {
  tally(): ValidationTally;
} {
  const tally: ValidationTally = { files: 0, rows: 0, valid: 0, invalid: 0, duplicates: 0, unreadableFiles: 0 };
  return {
    tally: () => ({ ...tally }),
    async *[Symbol.asyncIterator]() {
      for await (const event of events) {
        if (event.kind === 'file-done') {
          tally.files += 1;
          tally.rows += event.counts.rows;
          tally.valid += event.counts.valid;
          tally.invalid += event.counts.invalid;
          tally.duplicates += event.counts.duplicates;
          if (!event.completed) tally.unreadableFiles += 1;
        }
        yield { event };
      }
    },
  };
}
