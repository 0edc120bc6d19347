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

/** Adds up the `file-done` events of a validation, one event at a time. */
export class ValidationCounter {
  private readonly counts: ValidationTally = { files: 0, rows: 0, valid: 0, invalid: 0, duplicates: 0, unreadableFiles: 0 };

  count(event: ValidationEvent): void {
    if (event.kind !== 'file-done') return;
    this.counts.files += 1;
    this.counts.rows += event.counts.rows;
    this.counts.valid += event.counts.valid;
    this.counts.invalid += event.counts.invalid;
    this.counts.duplicates += event.counts.duplicates;
    if (!event.completed) this.counts.unreadableFiles += 1;
  }

  tally(): ValidationTally {
    return { ...this.counts };
  }
}
