import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../../src/emulator/start-emulator.js';
import { NameResolver } from '../../../src/graph/name-resolver.js';
import { planRowsOnline } from '../../../src/graph/plan-rows-online.js';
import { createMemoryResolutionCache } from '../../../src/graph/resolution-cache.js';
import type { GraphClient } from '../../../src/graph/graph-client.js';
import { assignmentId, clientFor, collect, packageId, policyId, REASON_QUESTION, REGION_QUESTION, row, startTestEmulator, streamOf, upn, userId } from './emulator-fixture.js';

const PLAN = { api: 'v1.0' as const, invite: false };

describe('name resolution and the online plan against the emulator', () => {
  let emulator: RunningEmulator;
  let client: GraphClient;

  beforeAll(async () => {
    emulator = await startTestEmulator();
  });
  afterAll(async () => {
    await client?.close();
    await emulator.close();
  });
  beforeEach(() => {
    emulator.reset();
    client = clientFor(emulator, { rate: 200, concurrency: 4 });
  });

  function graphCalls() {
    // Items of a $batch are logged with the batch's seq; the calls that crossed the wire are the others.
    return emulator.requests().filter((entry) => entry.batchSeq === undefined);
  }

  it('resolves 1,000 rows naming 200 users and 5 packages in about 30 calls', async () => {
    const rows = Array.from({ length: 1000 }, (_, i) => {
      const user = (i % 200) + 1;
      const pkg = Math.floor(i / 200) + 1;
      return row(i + 2, { user: { kind: 'upn', upn: upn(user) }, accessPackage: { kind: 'name', name: `Package ${pkg}` }, policy: { kind: 'name', name: 'Direct assignment' } });
    });
    const resolver = new NameResolver({ client, cache: createMemoryResolutionCache() });
    const lines = await collect(planRowsOnline(streamOf(rows), { resolver, plan: PLAN }));

    expect(lines).toHaveLength(1000);
    const outcomes = new Map<string, number>();
    for (const line of lines) outcomes.set(line.outcome, (outcomes.get(line.outcome) ?? 0) + 1);
    // Users 1..10 already hold package 1.
    expect(Object.fromEntries(outcomes)).toEqual({ 'would-send': 990, skipped: 10 });
    expect(lines[0]).toEqual({ row: 'rows.csv:2', key: `${upn(1)}|package 1|add`, outcome: 'skipped', reason: 'already-assigned' });
    expect(lines[10]).toEqual({
      row: 'rows.csv:12', key: `${upn(11)}|package 1|add`, outcome: 'would-send', method: 'POST',
      path: '/identityGovernance/entitlementManagement/assignmentRequests',
      body: { requestType: 'adminAdd', assignment: { targetId: userId(11), assignmentPolicyId: policyId(1), accessPackageId: packageId(1) } },
    });

    const calls = graphCalls();
    const count = (test: (path: string, query: string) => boolean) => calls.filter((c) => test(c.path, decodeURIComponent(c.query))).length;
    expect({
      batches: count((path) => path === '/v1.0/$batch'),
      packageLookups: count((path) => path.endsWith('/accessPackages')),
      policyLookups: count((path) => path.includes('/assignmentPolicies/')),
      assignmentLists: count((path) => path.endsWith('/assignments')),
      openRequestLists: count((path) => path.endsWith('/assignmentRequests')),
      total: calls.length,
    }).toEqual({ batches: 10, packageLookups: 5, policyLookups: 5, assignmentLists: 5, openRequestLists: 5, total: 30 });
  });

  it('asks nothing again for names the cache already holds', async () => {
    const cache = createMemoryResolutionCache();
    const rows = [row(2, { user: { kind: 'upn', upn: upn(50) }, accessPackage: { kind: 'name', name: 'Package 2' } })];
    await collect(planRowsOnline(streamOf(rows), { resolver: new NameResolver({ client, cache }), plan: PLAN, skipExisting: false }));
    const first = graphCalls().length;
    await collect(planRowsOnline(streamOf(rows), { resolver: new NameResolver({ client, cache }), plan: PLAN, skipExisting: false }));
    expect(first).toBe(3);
    expect(graphCalls().length).toBe(first);
  });

  it('lists the candidates of an ambiguous package name, and uses the catalog to tell them apart', async () => {
    const resolver = new NameResolver({ client });
    const user = { kind: 'upn' as const, upn: upn(20) };
    const lines = await collect(planRowsOnline(streamOf([
      row(2, { user, accessPackage: { kind: 'name', name: 'Project X' } }),
      row(3, { user, accessPackage: { kind: 'name', name: 'project x' }, catalog: 'Finance' }),
      row(4, { user, accessPackage: { kind: 'name', name: 'Project X' }, catalog: 'Marketing' }),
    ]), { resolver, plan: PLAN, skipExisting: false }));
    expect(lines[0]).toEqual({
      row: 'rows.csv:2', key: `${upn(20)}|project x|add`, outcome: 'invalid',
      reason: `2 access packages are named "Project X": ${packageId(6)} (catalog "General"), ${packageId(7)} (catalog "Finance"); add a catalog column or use the package id`,
    });
    expect(lines[1]).toMatchObject({ outcome: 'would-send', body: { assignment: { accessPackageId: packageId(7), assignmentPolicyId: policyId(7) } } });
    expect(lines[2]).toMatchObject({ outcome: 'not-found', reason: `no access package named "Project X" in catalog "Marketing" (found in: ${packageId(6)} (catalog "General"), ${packageId(7)} (catalog "Finance"))` });
  });

  it("doubles single quotes in a name filter (O'Brien)", async () => {
    const resolver = new NameResolver({ client });
    const [line] = await collect(planRowsOnline(streamOf([row(2, { user: { kind: 'id', id: userId(30) }, accessPackage: { kind: 'name', name: "O'Brien Tools" } })]), { resolver, plan: PLAN, skipExisting: false }));
    expect(line).toMatchObject({ outcome: 'would-send', body: { assignment: { accessPackageId: packageId(8), assignmentPolicyId: policyId(8) } } });
    expect(decodeURIComponent(graphCalls()[0]?.query ?? '')).toContain("displayName eq 'O''Brien Tools'");
  });

  it('reports a missing required answer as invalid before sending, and types the answers it has', async () => {
    const resolver = new NameResolver({ client });
    const approval = { kind: 'name' as const, name: 'Requests with approval' };
    const lines = await collect(planRowsOnline(streamOf([
      row(2, { user: { kind: 'upn', upn: upn(40) }, accessPackage: { kind: 'id', id: packageId(1) }, policy: approval, answers: [{ questionId: REGION_QUESTION, value: 'EMEA' }] }),
      row(3, { user: { kind: 'upn', upn: upn(41) }, accessPackage: { kind: 'id', id: packageId(1) }, policy: approval, answers: [{ questionId: REASON_QUESTION, value: 'audit' }, { questionId: REGION_QUESTION, value: 'EMEA' }] }),
    ]), { resolver, plan: PLAN, skipExisting: false }));
    expect(lines[0]).toMatchObject({ outcome: 'invalid', reason: `missing answer to required question "Business reason" (${REASON_QUESTION})` });
    expect(lines[1]).toMatchObject({
      outcome: 'would-send',
      body: {
        assignment: { assignmentPolicyId: policyId(101) },
        answers: [
          { value: 'audit', answeredQuestion: { '@odata.type': '#microsoft.graph.accessPackageTextInputQuestion', id: REASON_QUESTION } },
          { value: 'EMEA', answeredQuestion: { '@odata.type': '#microsoft.graph.accessPackageMultipleChoiceQuestion', id: REGION_QUESTION } },
        ],
      },
    });
  });

  it('needs a policy name when the package has several', async () => {
    const resolver = new NameResolver({ client });
    const [line] = await collect(planRowsOnline(streamOf([row(2, { user: { kind: 'id', id: userId(30) }, accessPackage: { kind: 'id', id: packageId(1) } })]), { resolver, plan: PLAN, skipExisting: false }));
    expect(line).toMatchObject({ outcome: 'invalid', reason: `access package "Package 1" has 2 policies, so the row must name one: "Direct assignment" (${policyId(1)}), "Requests with approval" (${policyId(101)})` });
  });

  it('finds the assignment to remove from one list per package, and skips what is not there', async () => {
    const resolver = new NameResolver({ client });
    const pkg = { kind: 'name' as const, name: 'Package 1' };
    const lines = await collect(planRowsOnline(streamOf([
      row(2, { action: 'remove', user: { kind: 'upn', upn: upn(3) }, accessPackage: pkg }),
      row(3, { action: 'remove', user: { kind: 'upn', upn: upn(4) }, accessPackage: pkg }),
      row(4, { action: 'remove', user: { kind: 'upn', upn: upn(60) }, accessPackage: pkg }),
    ]), { resolver, plan: PLAN }));
    expect(lines.map((l) => [l.outcome, 'body' in l ? l.body : (l as { reason: string }).reason])).toEqual([
      ['would-send', { requestType: 'adminRemove', assignment: { id: assignmentId(3) } }],
      ['would-send', { requestType: 'adminRemove', assignment: { id: assignmentId(4) } }],
      ['skipped', 'not-assigned'],
    ]);
    expect(graphCalls().filter((c) => c.path.endsWith('/assignments'))).toHaveLength(1);
  });

  it('reports an unknown user as not-found, or plans an invitation with --invite', async () => {
    const unknown = row(2, { user: { kind: 'email', email: 'guest@fabrikam.com' }, accessPackage: { kind: 'id', id: packageId(2) }, policy: { kind: 'id', id: policyId(2) } });
    const [plain] = await collect(planRowsOnline(streamOf([unknown]), { resolver: new NameResolver({ client }), plan: PLAN, skipExisting: false }));
    expect(plain).toMatchObject({ outcome: 'not-found', reason: 'user "guest@fabrikam.com" is not in the directory (use --invite to invite them by email)' });
    const [invited] = await collect(planRowsOnline(streamOf([unknown]), { resolver: new NameResolver({ client, invite: true }), plan: { api: 'v1.0', invite: true } }));
    expect(invited).toMatchObject({ outcome: 'would-send', body: { assignment: { target: { email: 'guest@fabrikam.com' } } } });
  });
});

describe('paged lists against the emulator', () => {
  let emulator: RunningEmulator;
  let client: GraphClient;
  beforeAll(async () => {
    emulator = await startTestEmulator({ pageSize: 3 });
    client = clientFor(emulator, { rate: 200 });
  });
  afterAll(async () => {
    await client.close();
    await emulator.close();
  });

  it('follows @odata.nextLink through every page of a package list', async () => {
    const resolver = new NameResolver({ client });
    const pkg = { kind: 'id' as const, id: packageId(1) };
    const rows = [1, 5, 10].map((n, i) => row(i + 2, { action: 'remove', user: { kind: 'id', id: userId(n) }, accessPackage: pkg }));
    const lines = await collect(planRowsOnline(streamOf(rows), { resolver, plan: PLAN, skipExisting: false }));
    expect(lines.map((l) => ('body' in l ? l.body.assignment : l.outcome))).toEqual([{ id: assignmentId(1) }, { id: assignmentId(5) }, { id: assignmentId(10) }]);
    // 10 delivered assignments, 3 a page.
    expect(emulator.requests().filter((e) => e.path.endsWith('/assignments'))).toHaveLength(4);
  });
});
