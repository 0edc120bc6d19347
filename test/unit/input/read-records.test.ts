import { chmodSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRecords, type RecordEvent } from '../../../src/input/read-records.js';
import { collect, useTempDir } from './temp-dir.js';

const temp = useTempDir();

async function read(name: string, content: string | Buffer, ignoreUnknownColumns = false): Promise<RecordEvent[]> {
  return collect(readRecords(temp.write(name, content), { ignoreUnknownColumns }));
}

/** Records as `line: cells`, file problems as `PROBLEM line: reason`, for compact exact assertions. */
function summarise(events: RecordEvent[]): unknown[] {
  return events.map((event) =>
    event.kind === 'record'
      ? { line: event.ref.line, cells: event.cells, ...(event.problems.length > 0 ? { problems: event.problems.map((p) => p.reason) } : {}) }
      : { problem: event.problem.line === undefined ? event.problem.reason : `${event.problem.line}: ${event.problem.reason}` },
  );
}

describe('readRecords: CSV dialects', () => {
  const expected = [
    { line: 2, cells: { action: 'add', user: 'ann@contoso.com', accessPackage: 'Sales' } },
    { line: 3, cells: { action: 'remove', user: 'bob@contoso.com', accessPackage: 'Marketing' } },
  ];

  it('reads comma-separated LF without BOM', async () => {
    expect(summarise(await read('a.csv', 'action,user,accessPackage\nadd,ann@contoso.com,Sales\nremove,bob@contoso.com,Marketing\n'))).toEqual(expected);
  });

  it('reads a UTF-8 BOM and CRLF line endings', async () => {
    const events = await read('a.csv', '\uFEFFaction,user,accessPackage\r\nadd,ann@contoso.com,Sales\r\nremove,bob@contoso.com,Marketing\r\n');
    expect(summarise(events)).toEqual(expected);
  });

  it('detects ; as the delimiter from the header line', async () => {
    expect(summarise(await read('a.csv', 'action;user;accessPackage\nadd;ann@contoso.com;Sales\nremove;bob@contoso.com;Marketing'))).toEqual(expected);
  });

  it('detects tab as the delimiter from the header line', async () => {
    expect(summarise(await read('a.tsv', 'action\tuser\taccessPackage\nadd\tann@contoso.com\tSales\nremove\tbob@contoso.com\tMarketing\n'))).toEqual(expected);
  });

  it('counts delimiters outside quotes only when detecting', async () => {
    const events = await read('a.csv', 'action;"user,name";accessPackage\nadd;ann@contoso.com;"Sales, EMEA"\n', true);
    expect(summarise(events)).toEqual([{ line: 2, cells: { action: 'add', accessPackage: 'Sales, EMEA' } }]);
  });

  it('keeps quoted commas and doubled quotes, and trims values', async () => {
    const events = await read('a.csv', 'action,accessPackage,justification\n add , "Sales, EMEA" ,"He said ""yes"""\n');
    expect(summarise(events)).toEqual([{ line: 2, cells: { action: 'add', accessPackage: 'Sales, EMEA', justification: 'He said "yes"' } }]);
  });

  it('numbers rows by the physical line where they start, after line breaks inside quotes (LF)', async () => {
    const events = await read('a.csv', 'action,justification\nadd,"line one\nline two\nline three"\nremove,plain\n');
    expect(summarise(events)).toEqual([
      { line: 2, cells: { action: 'add', justification: 'line one\nline two\nline three' } },
      { line: 5, cells: { action: 'remove', justification: 'plain' } },
    ]);
  });

  it('numbers rows by the physical line where they start, after line breaks inside quotes (CRLF)', async () => {
    const events = await read('a.csv', 'action,justification\r\nadd,"one\r\ntwo"\r\n\r\nremove,"x\r\ny\r\nz"\r\nupdate,last\r\n');
    expect(summarise(events)).toEqual([
      { line: 2, cells: { action: 'add', justification: 'one\r\ntwo' } },
      { line: 5, cells: { action: 'remove', justification: 'x\r\ny\r\nz' } },
      { line: 8, cells: { action: 'update', justification: 'last' } },
    ]);
  });

  it('skips blank lines, lines of spaces and lines of only delimiters, keeping line numbers', async () => {
    const events = await read('a.csv', '\n\naction,user\n\nadd,a@contoso.com\n   \n,\n\r\nremove,b@contoso.com');
    expect(summarise(events)).toEqual([
      { line: 5, cells: { action: 'add', user: 'a@contoso.com' } },
      { line: 9, cells: { action: 'remove', user: 'b@contoso.com' } },
    ]);
  });

  it('counts lines right across mixed LF and CRLF endings', async () => {
    const events = await read('a.csv', 'action,user\r\nadd,a@contoso.com\nremove,b@contoso.com\r\nupdate,c@contoso.com\n');
    expect(summarise(events).map((event) => (event as { line: number }).line)).toEqual([2, 3, 4]);
  });

  it('reads a header-only file as zero rows, without a problem', async () => {
    expect(await read('a.csv', 'action,user,accessPackage\n')).toEqual([]);
  });

  it('leaves empty cells out of the record', async () => {
    expect(summarise(await read('a.csv', 'action,user,expiration\nadd,, \n'))).toEqual([{ line: 2, cells: { action: 'add' } }]);
  });

  it('reads records across many chunks with the right line numbers', async () => {
    const rows = Array.from({ length: 5000 }, (_, i) => `add,user${i}@contoso.com,"Package ${i}\nsecond line"`);
    const events = await read('big.csv', `action,user,accessPackage\n${rows.join('\n')}\n`);
    expect(events).toHaveLength(5000);
    expect(events[4999]).toEqual({
      kind: 'record',
      ref: { file: join(temp.dir(), 'big.csv'), line: 2 + 4999 * 2 },
      cells: { action: 'add', user: 'user4999@contoso.com', accessPackage: 'Package 4999\nsecond line' },
      problems: [],
    });
  });
});

describe('readRecords: header', () => {
  it('matches names case-insensitively, ignoring spaces, _ and -', async () => {
    const events = await read('a.csv', 'ACTION, User Principal Name ,access_package,Assignment-Policy-Id,END_DATE_TIME,Start Date Time,Request Type\nadd,a@contoso.com,Sales,Default,never,2030-01-01,adminAdd\n');
    expect(summarise(events)).toEqual([
      {
        line: 2,
        cells: { action: 'add', user: 'a@contoso.com', accessPackage: 'Sales', policy: 'Default', expiration: 'never', start: '2030-01-01', requestType: 'adminAdd' },
      },
    ]);
  });

  it.each([
    ['userPrincipalName', 'user'],
    ['upn', 'user'],
    ['targetId', 'user'],
    ['objectId', 'user'],
    ['email', 'user'],
    ['accessPackageId', 'accessPackage'],
    ['package', 'accessPackage'],
    ['assignmentPolicyId', 'policy'],
    ['assignmentPolicy', 'policy'],
    ['expires', 'expiration'],
    ['endDateTime', 'expiration'],
    ['startDateTime', 'start'],
    ['catalog', 'catalog'],
    ['justification', 'justification'],
    ['answers', 'answers'],
    ['assignmentId', 'assignmentId'],
  ])('reads alias %s as %s', async (alias, column) => {
    expect(summarise(await read('a.csv', `action,${alias}\nadd,x\n`))).toEqual([{ line: 2, cells: { action: 'add', [column]: 'x' } }]);
  });

  it('rejects unknown columns, naming each and listing the known ones', async () => {
    const events = await read('a.csv', 'action,user,department,note\nadd,a@contoso.com,Sales,x\n');
    const known = 'action, user, accessPackage, policy, catalog, expiration, start, justification, answers, assignmentId, requestType';
    expect(summarise(events)).toEqual([
      { problem: `1: unknown column "department"; known columns are ${known} (or pass --ignore-unknown-columns)` },
      { problem: `1: unknown column "note"; known columns are ${known} (or pass --ignore-unknown-columns)` },
    ]);
  });

  it('ignores unknown columns when asked', async () => {
    const events = await read('a.csv', 'action,department,user\nadd,Sales,a@contoso.com\n', true);
    expect(summarise(events)).toEqual([{ line: 2, cells: { action: 'add', user: 'a@contoso.com' } }]);
  });

  it('rejects the same column given twice under two names', async () => {
    const events = await read('a.csv', 'action,user,upn\nadd,a@contoso.com,b@contoso.com\n');
    expect(events).toEqual([
      {
        kind: 'file-problem',
        problem: {
          file: join(temp.dir(), 'a.csv'),
          line: 1,
          reason: 'columns "user" and "upn" both name the column user: expected each column once',
        },
      },
    ]);
  });

  it('gives one problem for a header with no known column, even when ignoring unknown columns', async () => {
    const events = await read('a.csv', 'name,mail\nAnn,a@contoso.com\n', true);
    expect(summarise(events)).toEqual([
      {
        problem:
          '1: the header has no known column (got "name", "mail"); expected a header line naming some of action, user, accessPackage, policy, catalog, expiration, start, justification, answers, assignmentId, requestType',
      },
    ]);
  });

  it('reports the header line number after leading blank lines', async () => {
    const events = await read('a.csv', '\n\nfoo\n');
    expect((events[0] as { problem: { line: number } }).problem.line).toBe(3);
  });
});

describe('readRecords: ragged rows', () => {
  it('reports a row with fewer or more fields than the header and reads on', async () => {
    const events = await read('a.csv', 'action,user,accessPackage\nadd,a@contoso.com\nadd,b@contoso.com,Sales,extra\nadd,c@contoso.com,Sales\n');
    expect(summarise(events)).toEqual([
      { line: 2, cells: { action: 'add', user: 'a@contoso.com' }, problems: ['the row has 2 fields but the header has 3 columns'] },
      { line: 3, cells: { action: 'add', user: 'b@contoso.com', accessPackage: 'Sales' }, problems: ['the row has 4 fields but the header has 3 columns'] },
      { line: 4, cells: { action: 'add', user: 'c@contoso.com', accessPackage: 'Sales' } },
    ]);
  });
});

describe('readRecords: bad input gives one problem naming the file', () => {
  it('a missing file', async () => {
    const file = join(temp.dir(), 'missing.csv');
    expect(await collect(readRecords(file))).toEqual([{ kind: 'file-problem', problem: { file, reason: 'file not found' } }]);
  });

  it('a 0-byte file', async () => {
    const file = temp.write('empty.csv', '');
    expect(await collect(readRecords(file))).toEqual([{ kind: 'file-problem', problem: { file, reason: 'file is empty, expected a header line' } }]);
  });

  it('a file holding only a BOM', async () => {
    expect(summarise(await read('bom.csv', '\uFEFF'))).toEqual([{ problem: 'file is empty, expected a header line' }]);
  });

  it('a file of blank lines only', async () => {
    expect(summarise(await read('blank.csv', '\n\r\n  \n'))).toEqual([{ problem: 'has only blank lines, expected a header line' }]);
  });

  it('a directory', async () => {
    const file = temp.dir();
    expect(await collect(readRecords(file))).toEqual([{ kind: 'file-problem', problem: { file, reason: 'is a directory, expected a CSV file' } }]);
  });

  it('a binary file with NUL bytes', async () => {
    const events = await read('image.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00]));
    expect(summarise(events)).toEqual([{ problem: 'is not a text file (byte 9 is a NUL byte), expected a UTF-8 CSV file' }]);
  });

  it.each([
    ['with a byte order mark', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('action,user\nadd,ann@contoso.com\n', 'utf16le')])],
    ['without one', Buffer.from('action,user\nadd,ann@contoso.com\n', 'utf16le')],
  ])('a UTF-16 file %s is named as such', async (_name, content) => {
    const events = await read('utf16.csv', content);
    expect(summarise(events)).toEqual([
      { problem: 'is not a text file (it is UTF-16 text: save it as UTF-8 (in Excel: CSV UTF-8)), expected a UTF-8 CSV file' },
    ]);
  });

  it('a file that is not UTF-8', async () => {
    const events = await read('latin1.csv', Buffer.from('action,user\nadd,J\xfcrgen\n', 'latin1'));
    expect(summarise(events)).toEqual([{ problem: 'is not a text file (it is not valid UTF-8 text), expected a UTF-8 CSV file' }]);
  });

  it.skipIf(process.getuid?.() === 0)('a file without read permission', async () => {
    const file = temp.write('secret.csv', 'action\nadd\n');
    chmodSync(file, 0o000);
    expect(await collect(readRecords(file))).toEqual([{ kind: 'file-problem', problem: { file, reason: 'cannot be read: permission denied' } }]);
  });

  it('a 10 MB field, without holding it in memory', async () => {
    const events = await read('huge.csv', `action,justification\nadd,short\nadd,${'x'.repeat(10 * 1024 * 1024)}\nadd,after\n`);
    expect(summarise(events)).toEqual([
      { line: 2, cells: { action: 'add', justification: 'short' } },
      { problem: '3: the record starting on line 3 is longer than 1 MiB (1048576 bytes), the most a row may hold; is a quote never closed?' },
    ]);
  });

  it('text after a closing quote', async () => {
    const events = await read('a.csv', 'action,justification\nadd,fine\nadd,"quoted"tail\nadd,after\n');
    expect(summarise(events)).toEqual([
      { line: 2, cells: { action: 'add', justification: 'fine' } },
      {
        problem:
          '3: text follows the closing quote of a field in the record starting on this line: expected a delimiter after a closing quote (write "" for a quote inside a quoted field)',
      },
    ]);
  });

  it('an unterminated quote, after delivering the rows before it', async () => {
    const events = await read('a.csv', 'action,justification\nadd,fine\n\nremove,"opened\nnever\nclosed\n');
    expect(summarise(events)).toEqual([
      { line: 2, cells: { action: 'add', justification: 'fine' } },
      { problem: '4: quote opened on line 4 is never closed' },
    ]);
  });
});
