/**
 * Characters that make a spreadsheet read a cell as a formula (OWASP "CSV injection"): `=`, `+`, `-`, `@`,
 * and tab or carriage return, which some spreadsheets strip before looking at the next character.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * Prefixes `'` to a cell a spreadsheet would run as a formula, so it shows as text. Every column is
 * escaped the same way: results.csv has no column that can hold a negative number (`httpStatus` and
 * `attempts` are never below 0), so no number is ever turned into text by this.
 */
export function escapeFormula(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** RFC 4180: a cell holding a quote, a comma or a line break is quoted, its quotes doubled. */
export function quoteCsvCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** One CSV record, formula-escaped and quoted, ending in CRLF (what Excel and RFC 4180 expect). */
export function csvRecord(cells: ReadonlyArray<string | number | undefined>): string {
  return `${cells.map((cell) => quoteCsvCell(escapeFormula(cell === undefined ? '' : String(cell)))).join(',')}\r\n`;
}

/** The UTF-8 byte order mark: without it Excel reads the file as ANSI and garbles accented names. */
export const UTF8_BOM = '\uFEFF';
