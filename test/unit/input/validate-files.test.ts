import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DuplicateTracker } from '../../../src/input/duplicate-tracker.js';
import { formatProblem } from '../../../src/input/format-problem.js';
import { validateFiles, type ValidationEvent } from '../../../src/input/validate-files.js';
import { collect, useTempDir } from './temp-dir.js';

const temp = useTempDir();
const NOW = new Date('2026-01-15T10:00:00Z');

/** Each event as one readable line, so a test states the whole stream exactly. */
function lines(events: ValidationEvent[], dir: string): string[] {
  const rel = (text: string) => text.split(`${dir}/`).join('');
  return events.map((event) => {
    switch (event.kind) {
      case 'row':
        return `row ${rel(event.row.ref.file)}:${event.row.ref.line} ${event.row.key}`;
      case 'duplicate':
        return `duplicate ${rel(formatProblem(event.problem))}`;
      case 'invalid-row':
        return `invalid ${rel(event.ref.file)}:${event.ref.line} ${event.problems.map((p) => rel(formatProblem(p))).join(' | ')}`;
      case 'file-problem':
        return `file-problem ${rel(formatProblem(event.problem))}`;
      case 'file-done':
        return `done ${rel(event.file)} ${JSON.stringify(event.counts)} completed=${event.completed}`;
    }
  });
}

describe('validateFiles', () => {
  it('streams rows, invalid rows, duplicates across files and per-file counts, in file order', async () => {
    const first = temp.write(
      'first.csv',
      'action,user,accessPackage,policy,expiration\n' +
        'add,ann@contoso.com,Sales,Default,\n' +
        'add,bob@contoso.com,Sales,Default,2025-02-30\n' +
        'add,ANN@contoso.com,sales,Other,never\n',
    );
    const second = temp.write('second.csv', 'upn;package;policy;action\nann@contoso.com;Sales;Default;add\ncid@contoso.com;Sales;Default;remove\n');
    const events = await collect(validateFiles([first, second], { now: NOW }));
    expect(lines(events, temp.dir())).toEqual([
      'row first.csv:2 ann@contoso.com|sales|add',
      'invalid first.csv:3 first.csv:3: column expiration, value "2025-02-30": not a real date (February 2025 has 28 days)',
      'duplicate first.csv:4: duplicate of first.csv:2 (same user, accessPackage and action)',
      'done first.csv {"rows":3,"valid":1,"invalid":1,"duplicates":1} completed=true',
      'duplicate second.csv:2: duplicate of first.csv:2 (same user, accessPackage and action)',
      'row second.csv:3 cid@contoso.com|sales|remove',
      'done second.csv {"rows":2,"valid":1,"invalid":0,"duplicates":1} completed=true',
    ]);
    const duplicate = events[2] as Extract<ValidationEvent, { kind: 'duplicate' }>;
    expect(duplicate.firstRef).toEqual({ file: first, line: 2 });
    expect(duplicate.row.policy).toEqual({ kind: 'name', name: 'Other' });
  });

  it('reports a bad file and goes on to the next one', async () => {
    const empty = temp.write('empty.csv', '');
    const good = temp.write('good.csv', 'action,assignmentId\nremove,99999999-8888-7777-6666-555555555555\n');
    const missing = join(temp.dir(), 'missing.csv');
    const events = await collect(validateFiles([missing, empty, good], { now: NOW }));
    expect(lines(events, temp.dir())).toEqual([
      'file-problem missing.csv: file not found',
      'done missing.csv {"rows":0,"valid":0,"invalid":0,"duplicates":0} completed=false',
      'file-problem empty.csv: file is empty, expected a header line',
      'done empty.csv {"rows":0,"valid":0,"invalid":0,"duplicates":0} completed=false',
      'row good.csv:2 99999999-8888-7777-6666-555555555555||remove',
      'done good.csv {"rows":1,"valid":1,"invalid":0,"duplicates":0} completed=true',
    ]);
  });

  it('counts the rows read before an unterminated quote', async () => {
    const file = temp.write('broken.csv', 'action,assignmentId\nremove,99999999-8888-7777-6666-555555555555\nremove,"oops\n');
    expect(lines(await collect(validateFiles([file], { now: NOW })), temp.dir())).toEqual([
      'row broken.csv:2 99999999-8888-7777-6666-555555555555||remove',
      'file-problem broken.csv:3: quote opened on line 3 is never closed',
      'done broken.csv {"rows":1,"valid":1,"invalid":0,"duplicates":0} completed=false',
    ]);
  });

  it('makes a ragged row invalid, its shape problem first, and does not count it for duplicates', async () => {
    const file = temp.write('ragged.csv', 'action,user,accessPackage,policy\nadd,ann@contoso.com,Sales\nadd,ann@contoso.com,Sales,Default\n');
    expect(lines(await collect(validateFiles([file], { now: NOW })), temp.dir())).toEqual([
      'invalid ragged.csv:2 ragged.csv:2: the row has 3 fields but the header has 4 columns | ragged.csv:2: column policy: add needs a policy (id or display name)',
      'row ragged.csv:3 ann@contoso.com|sales|add',
      'done ragged.csv {"rows":2,"valid":1,"invalid":1,"duplicates":0} completed=true',
    ]);
  });

  it('passes ignoreUnknownColumns through and can share a duplicate tracker', async () => {
    const file = temp.write('extra.csv', 'action,user,accessPackage,policy,department\nadd,ann@contoso.com,Sales,Default,Finance\n');
    const duplicates = new DuplicateTracker();
    duplicates.firstSeen('ann@contoso.com|sales|add', { file: 'earlier.csv', line: 5 });
    const events = await collect(validateFiles([file], { now: NOW, ignoreUnknownColumns: true, duplicates }));
    expect(lines(events, temp.dir())).toEqual([
      'duplicate extra.csv:2: duplicate of earlier.csv:5 (same user, accessPackage and action)',
      'done extra.csv {"rows":1,"valid":0,"invalid":0,"duplicates":1} completed=true',
    ]);
  });
});
