import { describe, expect, it } from 'vitest';
import { csvRecord, escapeFormula, quoteCsvCell } from '../../../src/report/csv-cell.js';

describe('CSV cells', () => {
  it('escapes what a spreadsheet would run as a formula', () => {
    expect(['=SUM(A1)', '+1', '-1', '@cmd', '\tx', '\rx'].map(escapeFormula)).toEqual([
      "'=SUM(A1)", "'+1", "'-1", "'@cmd", "'\tx", "'\rx",
    ]);
    expect(['Zoë', 'a=b', '2026-11-28T10:00:00Z', '429', ''].map(escapeFormula)).toEqual(['Zoë', 'a=b', '2026-11-28T10:00:00Z', '429', '']);
  });

  it('quotes commas, quotes and line breaks as RFC 4180 says', () => {
    expect(quoteCsvCell('plain')).toBe('plain');
    expect(quoteCsvCell('a,b')).toBe('"a,b"');
    expect(quoteCsvCell('say "hi"')).toBe('"say ""hi"""');
    expect(quoteCsvCell('two\nlines')).toBe('"two\nlines"');
    expect(quoteCsvCell('cr\rhere')).toBe('"cr\rhere"');
  });

  it('joins a record, escaping before quoting, ending in CRLF', () => {
    expect(csvRecord(['a', undefined, 3, '=1+1,2', '-"x"'])).toBe(`a,,3,"'=1+1,2","'-""x"""\r\n`);
  });
});
