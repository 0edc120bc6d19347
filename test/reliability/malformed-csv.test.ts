import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, runCli } from '../e2e/support/run-cli.js';
import { MALFORMED_CORPUS, type MalformedCsv } from './support/malformed-corpus.js';

/**
 * Reliability 4: every file of a corpus of malformed CSVs gets one clear message naming it (and the line,
 * for a row problem) and the right exit code from `validate`; never a stack trace or an internal error.
 */
describe('validate on a corpus of malformed CSV files', () => {
  let dir: string;
  let cleanup: () => void;
  beforeAll(() => {
    ({ dir, cleanup } = makeTempDir('apbatch-corpus-'));
    for (const file of MALFORMED_CORPUS) writeFileSync(join(dir, file.name), file.content);
  });
  afterAll(() => cleanup());

  it('holds at least 40 files', () => {
    expect(MALFORMED_CORPUS.length).toBeGreaterThanOrEqual(40);
  });

  const checkFile = async (file: MalformedCsv): Promise<void> => {
    const result = await runCli(['validate', file.name], { cwd: dir, timeoutMs: 120_000 });
    const output = `${result.stdout}${result.stderr}`;
    expect(output).not.toMatch(/^\s+at /m);
    expect(output).not.toMatch(/\b(TypeError|RangeError|SyntaxError|ReferenceError|Error):/);
    expect(output).not.toContain('internal error');
    const first = result.stdout.split('\n')[0] ?? '';
    expect(first.startsWith(file.line === undefined ? `${file.name}` : `${file.name}:${file.line}`), `first line: ${first}`).toBe(true);
    expect(first).toMatch(file.says);
    expect(result.stderr).toMatch(/^Checked 1 file, /);
    expect(result.code, output.slice(0, 500)).toBe(file.exitCode);
  };

  it.concurrent.each(MALFORMED_CORPUS.map((file) => [file.name, file] as const))('%s', (_name, file) => checkFile(file));
});
