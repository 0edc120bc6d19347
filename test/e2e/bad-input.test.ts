import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { jsonLines, makeTempDir, runCli } from './support/run-cli.js';

/**
 * Every way an input file can be unusable (issue 2, "Bad input"), through the built CLI: one clear line
 * naming the file (and the line where there is one), exit code 2, never a stack trace, and the other files
 * of the same call still checked.
 */

const ASSIGNMENT_A = 'f0000000-0000-4000-8000-000000000003';
const ASSIGNMENT_B = 'f0000000-0000-4000-8000-000000000004';
/** The bad files' own good rows name another assignment, so that good.csv holds no duplicate of them. */
const ASSIGNMENT_C = 'f0000000-0000-4000-8000-000000000005';
const GOOD_CSV = `action,assignmentId\nremove,${ASSIGNMENT_A}\nremove,${ASSIGNMENT_B}\n`;

interface BadFile {
  name: string;
  /** Writes the bad file into `dir` and returns its name as given on the command line. */
  make: (dir: string) => string;
  /** The one line that names it. */
  problem: string;
}

/** Deterministic "random" bytes with NULs in them: a tiny linear congruential generator. */
function binaryBytes(length: number): Buffer {
  const bytes = Buffer.alloc(length);
  let state = 12345;
  for (let i = 0; i < length; i++) {
    state = (state * 1103515245 + 12345) >>> 0;
    bytes[i] = i % 17 === 5 ? 0 : state >>> 24;
  }
  return bytes;
}

const TEN_MB = 10 * 1024 * 1024;

const BAD_FILES: BadFile[] = [
  { name: 'a missing file', make: () => 'missing.csv', problem: 'missing.csv: file not found' },
  {
    name: 'an empty file',
    make: (dir) => {
      writeFileSync(join(dir, 'empty.csv'), '');
      return 'empty.csv';
    },
    problem: 'empty.csv: file is empty, expected a header line',
  },
  {
    name: 'a directory',
    make: (dir) => {
      mkdirSync(join(dir, 'folder.csv'));
      return 'folder.csv';
    },
    problem: 'folder.csv: is a directory, expected a CSV file',
  },
  {
    name: 'a binary file',
    make: (dir) => {
      writeFileSync(join(dir, 'photo.csv'), binaryBytes(4096));
      return 'photo.csv';
    },
    // Byte 6 is the first NUL the generator writes (index 5).
    problem: 'photo.csv: is not a text file (byte 6 is a NUL byte), expected a UTF-8 CSV file',
  },
  {
    name: 'a header with no known column',
    make: (dir) => {
      writeFileSync(join(dir, 'export.csv'), 'Name,Department\nAda,Engineering\n');
      return 'export.csv';
    },
    problem:
      'export.csv:1: the header has no known column (got "Name", "Department"); expected a header line naming some of action, user, ' +
      'accessPackage, policy, catalog, expiration, start, justification, answers, assignmentId, requestType',
  },
  {
    name: 'a 10 MB field',
    make: (dir) => {
      const huge = 'x'.repeat(TEN_MB);
      writeFileSync(join(dir, 'huge.csv'), `action,assignmentId,justification\nremove,${ASSIGNMENT_C},ok\nupdate,${ASSIGNMENT_C},"${huge}"\n`);
      return 'huge.csv';
    },
    problem:
      'huge.csv:3: the record starting on line 3 is longer than 1 MiB (1048576 bytes), the most a row may hold; is a quote never closed?',
  },
  {
    name: 'an unterminated quote',
    make: (dir) => {
      writeFileSync(join(dir, 'open-quote.csv'), `action,assignmentId,justification\nremove,${ASSIGNMENT_C},ok\nupdate,${ASSIGNMENT_C},"left open\nremove,${ASSIGNMENT_A},more\n`);
      return 'open-quote.csv';
    },
    problem: 'open-quote.csv:3: quote opened on line 3 is never closed',
  },
];

/** Rows of the bad file read before its problem (the 10 MB field and the open quote follow one good row). */
function rowsBeforeProblem(file: BadFile): number {
  return file.name === 'a 10 MB field' || file.name === 'an unterminated quote' ? 1 : 0;
}

function expectNoStackTrace(text: string): void {
  expect(text).not.toContain('    at ');
  expect(text).not.toContain('Error:');
  expect(text).not.toContain('internal error');
}

describe.each(BAD_FILES)('$name, followed by a good file', (bad) => {
  let temp: ReturnType<typeof makeTempDir>;
  let badName: string;
  beforeEach(() => {
    temp = makeTempDir();
    badName = bad.make(temp.dir);
    writeFileSync(join(temp.dir, 'good.csv'), GOOD_CSV);
  });
  afterEach(() => temp.cleanup());

  it('validate: one line naming the file, the good file still counted, exit 2', async () => {
    const result = await runCli(['validate', badName, 'good.csv'], { cwd: temp.dir, timeoutMs: 60_000 });

    expect(result.stdout).toBe(`${bad.problem}\n`);
    const before = rowsBeforeProblem(bad);
    const rows = 2 + before;
    expect(result.stderr).toBe(
      `Checked 2 files, ${rows} rows: ${rows} valid, 0 invalid, 0 duplicates. 1 file could not be read completely.\n`,
    );
    expect(result.code).toBe(2);
    expectNoStackTrace(result.stdout + result.stderr);
  });

  it('validate --json: the same problem as one JSON object', async () => {
    const result = await runCli(['validate', '--json', badName, 'good.csv'], { cwd: temp.dir });

    const problems = jsonLines(result.stdout) as { file: string; line: number | null; reason: string }[];
    expect(problems).toHaveLength(1);
    expect(problems[0]!.file).toBe(badName);
    const [where] = bad.problem.split(': ', 1);
    expect(problems[0]!.line).toBe(where!.includes(':') ? Number(where!.split(':')[1]) : null);
    expect(`${where}: ${problems[0]!.reason}`).toBe(bad.problem);
    expect(result.code).toBe(2);
    expectNoStackTrace(result.stdout + result.stderr);
  });

  it('plan --offline: the problem on stderr, the good file planned, exit 2', async () => {
    const result = await runCli(['plan', '--offline', badName, 'good.csv'], { cwd: temp.dir });

    expect(result.stderr).toBe(`apbatch: ${bad.problem}\n`);
    const planned = (jsonLines(result.stdout) as { row: string; outcome: string }[]).map((line) => `${line.row} ${line.outcome}`);
    const badRows = rowsBeforeProblem(bad) === 1 ? [`${badName}:2 would-send`] : [];
    expect(planned).toEqual([...badRows, 'good.csv:2 would-send', 'good.csv:3 would-send']);
    expect(result.code).toBe(2);
    expectNoStackTrace(result.stdout + result.stderr);
  });
});

describe('several bad files in one call', () => {
  let temp: ReturnType<typeof makeTempDir>;
  beforeEach(() => {
    temp = makeTempDir();
  });
  afterEach(() => temp.cleanup());

  it('reports each on its own line, in order, and still reads the good file between them', async () => {
    writeFileSync(join(temp.dir, 'empty.csv'), '');
    writeFileSync(join(temp.dir, 'good.csv'), GOOD_CSV);

    const result = await runCli(['validate', 'missing.csv', 'good.csv', 'empty.csv'], { cwd: temp.dir });

    expect(result.stdout).toBe('missing.csv: file not found\nempty.csv: file is empty, expected a header line\n');
    expect(result.stderr).toBe('Checked 3 files, 2 rows: 2 valid, 0 invalid, 0 duplicates. 2 files could not be read completely.\n');
    expect(result.code).toBe(2);
  });
});

describe('bad usage', () => {
  it('validate with no file is a usage error, exit 2', async () => {
    const result = await runCli(['validate']);

    expect(result.stdout).toBe('');
    expect(result.stderr).toBe("error: missing required argument 'files'\n");
    expect(result.code).toBe(2);
  });

  it('plan with no file is a usage error, exit 2', async () => {
    const result = await runCli(['plan', '--offline']);

    expect(result.stdout).toBe('');
    expect(result.stderr).toBe("error: missing required argument 'files'\n");
    expect(result.code).toBe(2);
  });

  it('an unknown option is a usage error, exit 2, and no file is read', async () => {
    const result = await runCli(['validate', '--no-such-option', 'samples/cleanup.csv']);

    expect(result.stdout).toBe('');
    expect(result.stderr).toBe("error: unknown option '--no-such-option'\n");
    expect(result.code).toBe(2);
  });

  it('an --api other than v1.0 or beta is a usage error, exit 2', async () => {
    const result = await runCli(['plan', '--offline', '--api', 'v2', 'samples/cleanup.csv']);

    expect(result.stdout).toBe('');
    expect(result.stderr).toBe("error: option '--api <version>' argument 'v2' is invalid. Allowed choices are v1.0, beta.\n");
    expect(result.code).toBe(2);
  });
});
