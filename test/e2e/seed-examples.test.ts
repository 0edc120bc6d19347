import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { jsonLines, projectRoot, runCli } from './support/run-cli.js';

/**
 * `apbatch plan --offline --invite samples/seed-examples.csv`, run as a user would, must print for each of
 * Microsoft's eight examples exactly the documented body (normalised to v1.0). The expected bodies are the
 * fixture the unit test of the planner holds too; key order matters, so bodies are compared as JSON text.
 */
interface SeedFixture {
  file: string;
  planArgs: string[];
  api: string;
  examples: { name: string; line: number; body: unknown }[];
}

interface WouldSendLine {
  row: string;
  key: string;
  outcome: string;
  method: string;
  path: string;
  body: unknown;
}

const fixture = JSON.parse(readFileSync(join(projectRoot, 'test/unit/plan/seed-examples.expected.json'), 'utf8')) as SeedFixture;
const ASSIGNMENT_REQUESTS_PATH = '/identityGovernance/entitlementManagement/assignmentRequests';

describe.each([
  { label: 'default API (v1.0)', extraArgs: [] as string[] },
  { label: '--api beta (same path and bodies, beta base)', extraArgs: ['--api', 'beta'] },
])('plan --offline --invite samples/seed-examples.csv, $label', ({ extraArgs }) => {
  it('prints the documented body of each example, in file order, and exits 0', async () => {
    expect(fixture.file).toBe('samples/seed-examples.csv');
    expect(fixture.planArgs).toEqual(['--offline', '--invite']);
    expect(fixture.examples).toHaveLength(8);

    const result = await runCli(['plan', ...fixture.planArgs, ...extraArgs, fixture.file]);

    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const lines = jsonLines(result.stdout) as WouldSendLine[];
    expect(lines.map((line) => line.row)).toEqual(fixture.examples.map((example) => `${fixture.file}:${example.line}`));
    for (const [index, example] of fixture.examples.entries()) {
      const line = lines[index]!;
      expect(Object.keys(line), example.name).toEqual(['row', 'key', 'outcome', 'method', 'path', 'body']);
      expect(line.outcome, example.name).toBe('would-send');
      expect(line.method, example.name).toBe('POST');
      expect(line.path, example.name).toBe(ASSIGNMENT_REQUESTS_PATH);
      expect(JSON.stringify(line.body), example.name).toBe(JSON.stringify(example.body));
    }
  });
});

describe('plan --offline samples/seed-examples.csv without --invite', () => {
  it('leaves the user named by email (line 7) needing a lookup, and plans the seven others as documented', async () => {
    const result = await runCli(['plan', '--offline', fixture.file]);

    expect(result.code).toBe(0);
    const lines = jsonLines(result.stdout) as Record<string, unknown>[];
    expect(lines.map((line) => [line.row, line.outcome])).toEqual(
      fixture.examples.map((example) => [`${fixture.file}:${example.line}`, example.line === 7 ? 'needs-lookup' : 'would-send']),
    );
    const line7 = lines[5]!;
    expect(Object.keys(line7)).toEqual(['row', 'key', 'outcome', 'reason']);
    expect(line7.reason).toBe('user "user@contoso.com" is a UPN or email; resolving it needs Graph (run plan without --offline)');
  });
});
