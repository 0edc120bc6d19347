/**
 * At least 40 malformed CSV files, written by the test into its temp dir: encodings, quoting, delimiters,
 * headers, values and sizes. Each names the exit code `validate` must give and what its message must say.
 */
export interface MalformedCsv {
  /** File name, also the test's title. */
  name: string;
  content: Buffer | string;
  /** 2: the file cannot be read as a CSV at all; 1: it is read, and some rows are invalid; 0: reported, not an error. */
  exitCode: 0 | 1 | 2;
  /** What the one message about it must contain (besides the file name). */
  says: RegExp;
  /** The line the message must name, for row problems. */
  line?: number;
}

const GUID = 'f0000000-0000-4000-8000-000000000003';
const REMOVE_HEADER = 'action,assignmentId\n';
const ADD_HEADER = 'action,user,accessPackage,policy,expiration,start,justification,answers,requestType\n';
const GOOD_ADD = 'add,bob@contoso.com,Sales Tools,Direct assignment,,,,,';

function utf16le(text: string, bom: boolean): Buffer {
  return Buffer.concat([bom ? Buffer.from([0xff, 0xfe]) : Buffer.alloc(0), Buffer.from(text, 'utf16le')]);
}

function utf16be(text: string): Buffer {
  const le = Buffer.from(text, 'utf16le');
  for (let i = 0; i + 1 < le.length; i += 2) [le[i], le[i + 1]] = [le[i + 1]!, le[i]!];
  return Buffer.concat([Buffer.from([0xfe, 0xff]), le]);
}

/** `add` rows by default; `cells` replaces the columns named. */
function addRow(cells: Partial<Record<'user' | 'accessPackage' | 'policy' | 'expiration' | 'start' | 'justification' | 'answers' | 'requestType', string>>): string {
  const row = { user: 'bob@contoso.com', accessPackage: 'Sales Tools', policy: 'Direct assignment', expiration: '', start: '', justification: '', answers: '', requestType: '', ...cells };
  return `add,${row.user},${row.accessPackage},${row.policy},${row.expiration},${row.start},${row.justification},${row.answers},${row.requestType}`;
}

export const MALFORMED_CORPUS: MalformedCsv[] = [
  // Encodings
  { name: 'utf16le-bom.csv', content: utf16le(`${REMOVE_HEADER}remove,${GUID}\n`, true), exitCode: 2, says: /UTF-16 text: save it as UTF-8/ },
  { name: 'utf16le-no-bom.csv', content: utf16le(`${REMOVE_HEADER}remove,${GUID}\n`, false), exitCode: 2, says: /UTF-16 text: save it as UTF-8/ },
  { name: 'utf16be-bom.csv', content: utf16be(`${REMOVE_HEADER}remove,${GUID}\n`), exitCode: 2, says: /UTF-16 text: save it as UTF-8/ },
  { name: 'latin1.csv', content: Buffer.from(`${ADD_HEADER}${addRow({ justification: 'caf\u00e9 cr\u00e8me' })}\n`, 'latin1'), exitCode: 2, says: /UTF-8/ },
  { name: 'windows-1252-quotes.csv', content: Buffer.concat([Buffer.from(`${ADD_HEADER}add,bob@contoso.com,Sales Tools,Direct assignment,,,`), Buffer.from([0x93, 0x68, 0x69, 0x94]), Buffer.from(',,\n')]), exitCode: 2, says: /UTF-8/ },
  { name: 'overlong-utf8.csv', content: Buffer.concat([Buffer.from(`${ADD_HEADER}${GOOD_ADD}\nadd,`), Buffer.from([0xc0, 0xaf]), Buffer.from('@contoso.com,P,Q,,,,,\n')]), exitCode: 2, says: /UTF-8/ },
  { name: 'nul-bytes.csv', content: Buffer.from(`${REMOVE_HEADER}remove,${GUID}\u0000\u0000\n`), exitCode: 2, says: /NUL|text file/ },
  { name: 'lone-surrogate-bytes.csv', content: Buffer.concat([Buffer.from(`${ADD_HEADER}add,`), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('@contoso.com,P,Q,,,,,\n')]), exitCode: 2, says: /UTF-8/ },
  // Quoting
  { name: 'unterminated-quote.csv', content: `${ADD_HEADER}${GOOD_ADD}\n${addRow({ justification: '"never closed' })}\n`, exitCode: 2, says: /quote/, line: 3 },
  { name: 'text-after-closing-quote.csv', content: `${ADD_HEADER}${addRow({ justification: '"closed"then more' })}\n`, exitCode: 2, says: /quote/ },
  { name: 'only-a-quote.csv', content: '"\n', exitCode: 2, says: /quote|header/ },
  // Delimiters and shape
  { name: 'pipe-separated.csv', content: `action|assignmentId\nremove|${GUID}\n`, exitCode: 2, says: /column|header/ },
  { name: 'too-many-cells.csv', content: `${REMOVE_HEADER}remove,${GUID},extra,cells\n`, exitCode: 1, says: /cell|column|field/, line: 2 },
  { name: 'too-few-cells.csv', content: `${ADD_HEADER}add,bob@contoso.com\n`, exitCode: 1, says: /./, line: 2 },
  { name: 'semicolon-header-comma-rows.csv', content: `action;assignmentId\nremove,${GUID}\n`, exitCode: 1, says: /./, line: 2 },
  // Headers
  { name: 'empty.csv', content: '', exitCode: 2, says: /empty/ },
  { name: 'only-bom.csv', content: '\ufeff', exitCode: 2, says: /empty|header/ },
  { name: 'only-blank-lines.csv', content: '\n\n\n', exitCode: 2, says: /empty|header/ },
  { name: 'no-known-column.csv', content: 'name,email\nBob,bob@contoso.com\n', exitCode: 2, says: /column/ },
  { name: 'duplicate-column.csv', content: `action,assignmentId,assignmentId\nremove,${GUID},${GUID}\n`, exitCode: 2, says: /assignmentId/ },
  { name: 'no-action-column.csv', content: `user,accessPackage,policy\nbob@contoso.com,Sales Tools,Direct assignment\n`, exitCode: 1, says: /action/, line: 2 },
  { name: 'unknown-extra-column.csv', content: `action,assignmentId,colour\nremove,${GUID},blue\n`, exitCode: 2, says: /colour/ },
  { name: 'header-is-data.csv', content: `remove,${GUID}\nremove,${GUID}\n`, exitCode: 2, says: /column|header/ },
  // Values
  { name: 'unknown-action.csv', content: `${REMOVE_HEADER}delete,${GUID}\n`, exitCode: 1, says: /action/, line: 2 },
  { name: 'bad-guid.csv', content: `${REMOVE_HEADER}remove,not-a-guid\n`, exitCode: 1, says: /assignmentId/, line: 2 },
  { name: 'remove-without-id.csv', content: `${REMOVE_HEADER}remove,\n`, exitCode: 1, says: /assignmentId/, line: 2 },
  { name: 'add-without-user.csv', content: `${ADD_HEADER}${addRow({ user: '' })}\n`, exitCode: 1, says: /user/, line: 2 },
  { name: 'add-without-package.csv', content: `${ADD_HEADER}${addRow({ accessPackage: '' })}\n`, exitCode: 1, says: /accessPackage|package/, line: 2 },
  { name: 'user-not-upn.csv', content: `${ADD_HEADER}${addRow({ user: 'bob smith' })}\n`, exitCode: 1, says: /user/, line: 2 },
  { name: 'bad-expiration-date.csv', content: `${ADD_HEADER}${addRow({ expiration: '2030-02-30' })}\n`, exitCode: 1, says: /expiration/, line: 2 },
  { name: 'bad-expiration-duration.csv', content: `${ADD_HEADER}${addRow({ expiration: 'P9X' })}\n`, exitCode: 1, says: /expiration/, line: 2 },
  { name: 'expiration-in-the-past.csv', content: `${ADD_HEADER}${addRow({ expiration: '2001-01-01' })}\n`, exitCode: 1, says: /expiration/, line: 2 },
  { name: 'bad-start.csv', content: `${ADD_HEADER}${addRow({ start: 'tomorrow' })}\n`, exitCode: 1, says: /start/, line: 2 },
  { name: 'bad-request-type.csv', content: `${ADD_HEADER}${addRow({ requestType: 'adminDelete' })}\n`, exitCode: 1, says: /requestType/, line: 2 },
  { name: 'bad-answers-json.csv', content: `${ADD_HEADER}${addRow({ answers: '"{not json"' })}\n`, exitCode: 1, says: /answers/, line: 2 },
  // A duplicate is reported and later skipped (SPEC section 5: `skipped` is a success), so validate exits 0.
  { name: 'duplicate-rows.csv', content: `${REMOVE_HEADER}remove,${GUID}\nremove,${GUID}\n`, exitCode: 0, says: /duplicate/i, line: 3 },
  { name: 'update-without-change.csv', content: `action,assignmentId,expiration\nupdate,${GUID},\n`, exitCode: 1, says: /update needs/, line: 2 },
  { name: 'guid-with-braces.csv', content: `${REMOVE_HEADER}remove,{${GUID}}x\n`, exitCode: 1, says: /GUID/, line: 2 },
  { name: 'bare-carriage-return.csv', content: `action,user,accessPackage,policy\nadd,bob@contoso.com,Sales Tools,Direct assignment,\rremove\n`, exitCode: 1, says: /fields but the header has/, line: 2 },
  { name: 'answers-wrong-types.csv', content: `action,user,accessPackage,policy,answers\nadd,bob@contoso.com,Sales Tools,Direct assignment,"[{""questionId"":1}]"\n`, exitCode: 1, says: /questionId/, line: 2 },
  { name: 'formula-in-name-column.csv', content: `${ADD_HEADER}${addRow({ accessPackage: '=HYPERLINK("http://x")' })}\n`, exitCode: 1, says: /formula|accessPackage/, line: 2 },
  // A control character inside a UPN (found by this corpus, now refused).
  { name: 'control-characters.csv', content: `${ADD_HEADER}${addRow({ user: 'bob\u0007@contoso.com' })}\n`, exitCode: 1, says: /user/, line: 2 },
  { name: 'bad-row-after-good-rows.csv', content: `${REMOVE_HEADER}${Array.from({ length: 500 }, (_, i) => `remove,f0000000-0000-4000-8000-${String(i).padStart(12, '0')}`).join('\n')}\nremove,zzz\n`, exitCode: 1, says: /assignmentId/, line: 502 },
  // Sizes
  { name: 'ten-megabyte-field.csv', content: `${ADD_HEADER}${addRow({ justification: 'x'.repeat(10 * 1024 * 1024) })}\n`, exitCode: 2, says: /./ },
  { name: 'many-invalid-rows.csv', content: `${REMOVE_HEADER}${'remove,nope\n'.repeat(20_000)}`, exitCode: 1, says: /assignmentId/, line: 2 },
];
