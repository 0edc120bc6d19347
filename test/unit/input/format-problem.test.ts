import { describe, expect, it } from 'vitest';
import { formatProblem, formatProblemJson } from '../../../src/input/format-problem.js';
import { describeOpenError } from '../../../src/input/open-error.js';

describe('formatProblem', () => {
  it('names file, line, column and value', () => {
    expect(
      formatProblem({ file: 'samples/mistakes.csv', line: 7, column: 'expiration', value: '2025-02-30', reason: 'not a real date (February 2025 has 28 days)' }),
    ).toBe('samples/mistakes.csv:7: column expiration, value "2025-02-30": not a real date (February 2025 has 28 days)');
  });

  it('leaves out the parts a problem does not have', () => {
    expect(formatProblem({ file: 'data/x.csv', reason: 'file is empty, expected a header line' })).toBe('data/x.csv: file is empty, expected a header line');
    expect(formatProblem({ file: 'a.csv', line: 4, reason: 'quote opened on line 4 is never closed' })).toBe('a.csv:4: quote opened on line 4 is never closed');
    expect(formatProblem({ file: 'a.csv', line: 2, column: 'policy', reason: 'add needs a policy (id or display name)' })).toBe(
      'a.csv:2: column policy: add needs a policy (id or display name)',
    );
  });

  it('keeps a value with quotes and line breaks on one line', () => {
    expect(formatProblem({ file: 'a.csv', line: 3, column: 'justification', value: '=say "hi"\nthere', reason: 'r' })).toBe(
      'a.csv:3: column justification, value "=say \\"hi\\"\\nthere": r',
    );
  });
});

describe('formatProblemJson', () => {
  it('prints the five members, null where absent', () => {
    expect(formatProblemJson({ file: 'a.csv', line: 7, column: 'expiration', value: '2025-02-30', reason: 'not a real date (February 2025 has 28 days)' })).toBe(
      '{"file":"a.csv","line":7,"column":"expiration","value":"2025-02-30","reason":"not a real date (February 2025 has 28 days)"}',
    );
    expect(formatProblemJson({ file: 'x.csv', reason: 'file not found' })).toBe('{"file":"x.csv","line":null,"column":null,"value":null,"reason":"file not found"}');
  });
});

describe('describeOpenError', () => {
  it.each([
    ['ENOENT', 'file not found'],
    ['EISDIR', 'is a directory, expected a CSV file'],
    ['EACCES', 'cannot be read: permission denied'],
    ['EPERM', 'cannot be read: permission denied'],
  ])('%s', (code, reason) => {
    expect(describeOpenError(Object.assign(new Error('x'), { code }))).toBe(reason);
  });

  it('falls back to the system message', () => {
    expect(describeOpenError(Object.assign(new Error('EIO: i/o error, read'), { code: 'EIO' }))).toBe('cannot be read (EIO: i/o error, read)');
  });
});
