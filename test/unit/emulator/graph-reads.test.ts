import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { RunningEmulator } from '../../../src/emulator/start-emulator.js';
import { APPROVAL_SALES, call, EM, errorOf, FINANCE_REPORTS, SALES_TOOLS, startSampleEmulator, user, type Entity } from './helpers.js';

const values = (body: Record<string, unknown>): Entity[] => body.value as Entity[];
const ids = (body: Record<string, unknown>): string[] => values(body).map((v) => v.id as string);

describe('Graph reads on the sample tenant', () => {
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startSampleEmulator({ pageSize: 100 });
  });
  afterAll(async () => {
    await emulator.close();
  });

  test('GET /users by id and by UPN, with $select', async () => {
    const byUpn = await call(emulator, 'GET', '/v1.0/users/USER07@contoso.com?$select=id,userPrincipalName');
    expect(byUpn.status).toBe(200);
    expect(byUpn.body).toEqual({
      '@odata.context': `${emulator.graphHttpUrl}/v1.0/$metadata#users/$entity`,
      id: user(7),
      userPrincipalName: 'user07@contoso.com',
    });
    const byId = await call(emulator, 'GET', `/beta/users/${user(8)}`);
    expect(byId.body.displayName).toBe('User 08');
    expect(byId.body.mail).toBe('user08@contoso.com');
  });

  test('an unknown user is 404 Request_ResourceNotFound with request-id headers and innerError', async () => {
    const answer = await call(emulator, 'GET', '/v1.0/users/nobody@contoso.com', undefined, { 'client-request-id': 'my-id-1' });
    expect(answer.status).toBe(404);
    expect(errorOf(answer).code).toBe('Request_ResourceNotFound');
    expect(answer.headers.get('client-request-id')).toBe('my-id-1');
    const requestId = answer.headers.get('request-id');
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    const inner = (answer.body.error as Entity).innerError as Entity;
    expect(inner['request-id']).toBe(requestId);
    expect(inner['client-request-id']).toBe('my-id-1');
    expect(typeof inner.date).toBe('string');
  });

  test("accessPackages $filter=displayName eq with a doubled quote, and both expands", async () => {
    const projectX = await call(emulator, 'GET', `${EM}/accessPackages?$filter=displayName eq 'project x'&$expand=assignmentPolicies,catalog`);
    expect(ids(projectX.body)).toEqual(['b0000000-0000-4000-8000-000000000004', 'b0000000-0000-4000-8000-000000000005']);
    const first = values(projectX.body)[0]!;
    expect((first.catalog as Entity).displayName).toBe('General');
    expect((first.assignmentPolicies as Entity[]).map((p) => p.id)).toEqual(['d0000000-0000-4000-8000-000000000005']);
    const quoted = await call(emulator, 'GET', `${EM}/accessPackages?$filter=${encodeURIComponent("displayName eq 'O''Brien'")}`);
    expect(quoted.status).toBe(200);
    expect(values(quoted.body)).toEqual([]);
  });

  test('GET accessPackages/{id}; unknown is 404 ResourceNotFound; malformed id 400 BadRequest', async () => {
    const pkg = await call(emulator, 'GET', `${EM}/accessPackages/${FINANCE_REPORTS}?$expand=catalog`);
    expect(pkg.body.displayName).toBe('Finance Reports');
    expect((pkg.body.catalog as Entity).id).toBe('c0000000-0000-4000-8000-000000000002');
    const unknown = await call(emulator, 'GET', `${EM}/accessPackages/b0000000-0000-4000-8000-000000000099`);
    expect([unknown.status, errorOf(unknown).code, errorOf(unknown).details[0]?.code]).toEqual([404, 'ResourceNotFound', 'AccessPackageNotFound']);
    const malformed = await call(emulator, 'GET', `${EM}/accessPackages/xyz`);
    expect([malformed.status, errorOf(malformed).code]).toEqual([400, 'BadRequest']);
  });

  test('an unknown $expand or $filter property is 400 BadRequest', async () => {
    const expand = await call(emulator, 'GET', `${EM}/accessPackages?$expand=owners`);
    expect([expand.status, errorOf(expand).code]).toEqual([400, 'BadRequest']);
    expect(errorOf(expand).message).toBe("Could not find a property named 'owners' on type 'microsoft.graph.accessPackage'.");
    const filter = await call(emulator, 'GET', `${EM}/accessPackages?$filter=owner eq 'x'`);
    expect([filter.status, errorOf(filter).code]).toEqual([400, 'BadRequest']);
    const or = await call(emulator, 'GET', `${EM}/assignments?$filter=state eq 'delivered' or state eq 'expired'`);
    expect(errorOf(or).message).toMatch(/only 'and' joins clauses/);
  });

  test('catalogs list and filter', async () => {
    const catalogs = await call(emulator, 'GET', `${EM}/catalogs?$filter=displayName eq 'Finance'`);
    expect(ids(catalogs.body)).toEqual(['c0000000-0000-4000-8000-000000000002']);
  });

  test('assignmentPolicies by package with questions of both kinds', async () => {
    const answer = await call(emulator, 'GET', `${EM}/assignmentPolicies?$filter=accessPackage/id eq '${SALES_TOOLS}'&$expand=questions`);
    expect(ids(answer.body)).toEqual(['d0000000-0000-4000-8000-000000000001', APPROVAL_SALES]);
    const approval = values(answer.body)[1]!;
    expect(approval.requestApprovalSettings).toMatchObject({ isApprovalRequiredForAdd: true });
    const questions = approval.questions as Entity[];
    expect(questions[0]).toMatchObject({
      '@odata.type': '#microsoft.graph.accessPackageTextInputQuestion',
      id: 'e0000000-0000-4000-8000-000000000001',
      isRequired: true,
      text: 'Business reason',
    });
    expect(questions[1]).toMatchObject({
      '@odata.type': '#microsoft.graph.accessPackageMultipleChoiceQuestion',
      isRequired: false,
      text: 'Region',
      choices: [
        { actualValue: 'EMEA', text: 'EMEA', localizations: [] },
        { actualValue: 'AMER', text: 'AMER', localizations: [] },
        { actualValue: 'APAC', text: 'APAC', localizations: [] },
      ],
    });
    const one = await call(emulator, 'GET', `${EM}/assignmentPolicies/${APPROVAL_SALES}?$expand=questions`);
    expect((one.body.questions as Entity[]).length).toBe(2);
    const nested = await call(emulator, 'GET', `${EM}/accessPackages/${SALES_TOOLS}?$expand=assignmentPolicies($expand=questions)`);
    expect(((nested.body.assignmentPolicies as Entity[])[1]!.questions as Entity[]).length).toBe(2);
  });

  test('assignments: each documented filter form, combined with and, with $expand=target', async () => {
    const byPackage = await call(emulator, 'GET', `${EM}/assignments?$filter=accessPackage/id eq '${FINANCE_REPORTS}'&$expand=target`);
    expect(ids(byPackage.body)).toEqual([11, 12, 13, 14, 15].map((n) => `f0000000-0000-4000-8000-0000000000${n}`));
    expect(values(byPackage.body)[0]!.target).toMatchObject({ objectId: user(11), principalName: 'user11@contoso.com', subjectType: 'user' });
    const byTarget = await call(emulator, 'GET', `${EM}/assignments?$filter=target/objectId eq '${user(3)}'`);
    expect(ids(byTarget.body)).toEqual(['f0000000-0000-4000-8000-000000000003']);
    const combined = await call(
      emulator,
      'GET',
      `${EM}/assignments?$filter=accessPackage/id eq '${SALES_TOOLS}' and target/objectId eq '${user(3)}' and state eq 'delivered'&$expand=accessPackage,assignmentPolicy`,
    );
    expect(ids(combined.body)).toEqual(['f0000000-0000-4000-8000-000000000003']);
    const entity = values(combined.body)[0]!;
    expect((entity.accessPackage as Entity).id).toBe(SALES_TOOLS);
    expect((entity.assignmentPolicy as Entity).id).toBe('d0000000-0000-4000-8000-000000000001');
    expect(entity).toMatchObject({ state: 'delivered', status: 'Delivered', expiredDateTime: null });
    const state = await call(emulator, 'GET', `${EM}/assignments?$filter=state eq 'delivered'`);
    expect(values(state.body)).toHaveLength(18);
  });

  test('v1.0 and beta answer the same', async () => {
    const v1 = await call(emulator, 'GET', `${EM}/assignments?$filter=target/objectId eq '${user(3)}'`);
    const beta = await call(emulator, 'GET', `/beta/identityGovernance/entitlementManagement/assignments?$filter=target/objectId eq '${user(3)}'`);
    expect(beta.body.value).toEqual(v1.body.value);
  });

  test('an unknown path is 400 and a wrong method 405', async () => {
    const unknown = await call(emulator, 'GET', `${EM}/nothingHere`);
    expect([unknown.status, errorOf(unknown).code]).toEqual([400, 'BadRequest']);
    const method = await call(emulator, 'DELETE', `${EM}/accessPackages/${SALES_TOOLS}`);
    expect(method.status).toBe(405);
  });
});

describe('paging', () => {
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startSampleEmulator({ pageSize: 7, maxPageSize: 10 });
  });
  afterAll(async () => {
    await emulator.close();
  });

  test('follows @odata.nextLink through every page, keeping the filter', async () => {
    const seen: string[] = [];
    let next: string | undefined = `${EM}/assignments?$filter=state eq 'delivered'`;
    let pages = 0;
    while (next !== undefined) {
      const page = await call(emulator, 'GET', next);
      expect(page.status).toBe(200);
      seen.push(...ids(page.body));
      next = page.body['@odata.nextLink'] as string | undefined;
      if (next !== undefined) expect(next.startsWith(`${emulator.graphHttpUrl}/v1.0/`)).toBe(true);
      pages += 1;
    }
    expect(pages).toBe(3);
    expect(seen).toHaveLength(18);
    expect(new Set(seen).size).toBe(18);
  });

  test('$top sets the page size, capped at the maximum', async () => {
    const three = await call(emulator, 'GET', '/v1.0/users?$top=3');
    expect(values(three.body)).toHaveLength(3);
    expect(three.body['@odata.nextLink']).toContain('%24top=3');
    const capped = await call(emulator, 'GET', '/v1.0/users?$top=500');
    expect(values(capped.body)).toHaveLength(10);
    const bad = await call(emulator, 'GET', '/v1.0/users?$top=zero');
    expect(bad.status).toBe(400);
  });
});
