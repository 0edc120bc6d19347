import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { generateDirectory } from '../../../src/emulator/directory/generate-directory.js';
import { loadDirectory, parseDirectory } from '../../../src/emulator/directory/load-directory.js';
import { UsageError } from '../../../src/core/errors.js';
import { SAMPLE_DIRECTORY } from './helpers.js';

const minimal = () => ({
  tenantId: '72f988bf-0000-4000-8000-000000000000',
  domain: 'contoso.com',
  clients: [{ clientId: '0a0b0c0d-0000-4000-8000-00000000d3e0', clientSecret: 's' }],
  users: [{ id: 'a0000000-0000-4000-8000-000000000001', userPrincipalName: 'u1@contoso.com', displayName: 'U1' }],
  catalogs: [{ id: 'c0000000-0000-4000-8000-000000000001', displayName: 'General' }],
  accessPackages: [{ id: 'b0000000-0000-4000-8000-000000000001', displayName: 'P', catalogId: 'c0000000-0000-4000-8000-000000000001' }],
  assignmentPolicies: [
    { id: 'd0000000-0000-4000-8000-000000000001', displayName: 'Direct', accessPackageId: 'b0000000-0000-4000-8000-000000000001' },
  ],
  assignments: [] as unknown[],
});

function problemsOf(document: unknown): string {
  try {
    parseDirectory(JSON.stringify(document), 'dir.json');
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error('expected the directory to be rejected');
}

describe('directory loader', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'apbatch-dir-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('the sample tenant loads with its 42 users, 8 packages, 9 policies and 18 assignments', async () => {
    const directory = await loadDirectory(SAMPLE_DIRECTORY);
    expect(directory.tenantId).toBe('72f988bf-0000-4000-8000-000000000000');
    expect(directory.users).toHaveLength(42);
    expect(directory.accessPackages).toHaveLength(8);
    expect(directory.assignmentPolicies).toHaveLength(9);
    expect(directory.assignments).toHaveLength(18);
    expect(directory.users.find((u) => u.userPrincipalName === 'user40@contoso.com')?.id).toBe('a0000000-0000-4000-8000-000000000040');
  });

  test('a file that is not JSON says so with its name', async () => {
    const path = join(dir, 'broken.json');
    await writeFile(path, '{ "tenantId": ');
    await expect(loadDirectory(path)).rejects.toThrow(/broken\.json: expected JSON, got a parse error/);
  });

  test('a missing file is a UsageError naming the path', async () => {
    await expect(loadDirectory(join(dir, 'nope.json'))).rejects.toThrow(/cannot read the emulator directory '.*nope\.json'/);
  });

  test('schema problems are all listed with their paths', () => {
    const document = minimal();
    document.users[0]!.id = 'not-a-guid';
    (document as Record<string, unknown>).extra = 1;
    document.clients = [];
    const message = problemsOf(document);
    expect(message).toContain('users.0.id: expected a GUID');
    expect(message).toContain('clients: ');
    expect(message).toMatch(/Unrecognized key.*extra/);
  });

  test('broken references and duplicates are listed', () => {
    const document = minimal();
    document.accessPackages[0]!.catalogId = 'c0000000-0000-4000-8000-000000000009';
    document.users.push({ ...document.users[0]! });
    document.assignments = [
      {
        id: 'f0000000-0000-4000-8000-000000000001',
        targetId: 'a0000000-0000-4000-8000-000000000099',
        accessPackageId: 'b0000000-0000-4000-8000-000000000001',
        assignmentPolicyId: 'd0000000-0000-4000-8000-000000000001',
      },
    ];
    const message = problemsOf(document);
    expect(message).toContain("accessPackages[0].catalogId: expected the id of a catalog in this file, got 'c0000000-0000-4000-8000-000000000009'");
    expect(message).toContain("users[1].id: duplicate id 'a0000000-0000-4000-8000-000000000001'");
    expect(message).toContain("assignments[0].targetId: expected the id of a user in this file, got 'a0000000-0000-4000-8000-000000000099'");
  });

  test('an assignment whose policy belongs to another package is rejected', () => {
    const document = minimal();
    document.accessPackages.push({ id: 'b0000000-0000-4000-8000-000000000002', displayName: 'Q', catalogId: 'c0000000-0000-4000-8000-000000000001' });
    document.assignments = [
      {
        id: 'f0000000-0000-4000-8000-000000000001',
        targetId: 'a0000000-0000-4000-8000-000000000001',
        accessPackageId: 'b0000000-0000-4000-8000-000000000002',
        assignmentPolicyId: 'd0000000-0000-4000-8000-000000000001',
      },
    ];
    expect(problemsOf(document)).toContain(
      "assignments[0].assignmentPolicyId: policy 'd0000000-0000-4000-8000-000000000001' belongs to package 'b0000000-0000-4000-8000-000000000001', not 'b0000000-0000-4000-8000-000000000002'",
    );
  });
});

describe('generated directory', () => {
  test('the same seed gives the same tenant, a different seed different ids', () => {
    const a = generateDirectory({ users: 50, packages: 10, seed: 7 });
    const b = generateDirectory({ users: 50, packages: 10, seed: 7 });
    const c = generateDirectory({ users: 50, packages: 10, seed: 8 });
    expect(b).toEqual(a);
    expect(c.users[0]?.id).not.toBe(a.users[0]?.id);
    expect(c.users[0]?.userPrincipalName).toBe(a.users[0]?.userPrincipalName);
  });

  test('it has the asked sizes, an approval policy every fifth package, and passes the loader', () => {
    const generated = generateDirectory({ users: 30, packages: 10, seed: 1 });
    expect(generated.users).toHaveLength(30);
    expect(generated.users[0]?.userPrincipalName).toBe('user01@contoso.com');
    expect(generated.accessPackages).toHaveLength(10);
    expect(generated.assignmentPolicies.filter((p) => p.requiresApproval)).toHaveLength(2);
    expect(generated.assignments).toHaveLength(3);
    expect(parseDirectory(JSON.stringify(generated), 'generated')).toEqual(generated);
  });
});
