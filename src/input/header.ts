import { COLUMNS, type Column, type InputProblem } from '../core/domain.js';
import { columnForHeader } from './column-names.js';
import { truncateForDisplay } from './problem.js';

/** What each field position of a record holds: a canonical column, or null for an ignored unknown column. */
export type ColumnLayout = ReadonlyArray<Column | null>;

export interface HeaderMapping {
  layout: ColumnLayout;
  /** Empty when the header can be used. Any problem here stops the file. */
  problems: InputProblem[];
}

const KNOWN_COLUMNS = COLUMNS.join(', ');

/** Maps the header row to canonical columns, collecting every problem with it. */
export function mapHeader(
  fields: readonly string[],
  where: { file: string; line: number },
  ignoreUnknownColumns: boolean,
): HeaderMapping {
  const problems: InputProblem[] = [];
  const layout: Array<Column | null> = [];
  const firstHeaderFor = new Map<Column, string>();
  for (const raw of fields) {
    const name = raw.trim();
    const column = columnForHeader(name);
    if (column === undefined) {
      layout.push(null);
      if (!ignoreUnknownColumns && name !== '') {
        problems.push({
          file: where.file,
          line: where.line,
          reason: `unknown column "${truncateForDisplay(name)}"; known columns are ${KNOWN_COLUMNS} (or pass --ignore-unknown-columns)`,
        });
      }
      continue;
    }
    const earlier = firstHeaderFor.get(column);
    if (earlier !== undefined) {
      problems.push({
        file: where.file,
        line: where.line,
        reason: `columns "${truncateForDisplay(earlier)}" and "${truncateForDisplay(name)}" both name the column ${column}: expected each column once`,
      });
      layout.push(null);
      continue;
    }
    firstHeaderFor.set(column, name);
    layout.push(column);
  }
  if (firstHeaderFor.size === 0) {
    const got = fields.map((field) => `"${truncateForDisplay(field.trim())}"`).join(', ');
    return {
      layout,
      problems: [
        {
          file: where.file,
          line: where.line,
          reason: `the header has no known column (got ${got}); expected a header line naming some of ${KNOWN_COLUMNS}`,
        },
      ],
    };
  }
  return { layout, problems };
}
