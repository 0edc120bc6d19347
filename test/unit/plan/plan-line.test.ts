import { describe, expect, it } from 'vitest';
import { planLine, planLineOffline, resolveOffline } from '../../../src/plan/index.js';
import { ASSIGNMENT_01, makeRow, SALES_DIRECT, SALES_TOOLS, USER_01 } from './make-row.js';

const PATH = '/identityGovernance/entitlementManagement/assignmentRequests';

describe('resolveOffline', () => {
  it('knows the ids a row gives itself', () => {
    expect(resolveOffline(makeRow({ assignmentId: ASSIGNMENT_01 }))).toEqual({
      userId: USER_01,
      accessPackageId: SALES_TOOLS,
      policyId: SALES_DIRECT,
      assignmentId: ASSIGNMENT_01,
    });
  });

  it('knows nothing a row gives by name, UPN or email', () => {
    const row = makeRow({
      user: { kind: 'upn', upn: 'user01@contoso.com' },
      accessPackage: { kind: 'name', name: 'Sales Tools' },
      policy: { kind: 'name', name: 'Direct assignment' },
    });
    expect(resolveOffline(row)).toEqual({});
    expect(resolveOffline(makeRow({ user: { kind: 'email', email: 'ann@fabrikam.com' }, accessPackage: undefined, policy: undefined }))).toEqual({});
  });
});

describe('planLineOffline', () => {
  it('prints a would-send line with members in the SPEC order', () => {
    const line = planLineOffline(makeRow({ ref: { file: 'samples/migration.csv', line: 12 } }), { api: 'v1.0', invite: false });
    expect(JSON.stringify(line)).toBe(
      `{"row":"samples/migration.csv:12","key":"${USER_01}|${SALES_TOOLS}|add","outcome":"would-send","method":"POST",` +
        `"path":"${PATH}","body":{"requestType":"adminAdd","assignment":{"targetId":"${USER_01}","assignmentPolicyId":"${SALES_DIRECT}","accessPackageId":"${SALES_TOOLS}"}}}`,
    );
  });

  it('prints the same line for --api beta', () => {
    const row = makeRow({ expiration: { type: 'afterDuration', duration: 'P90D' } });
    expect(JSON.stringify(planLineOffline(row, { api: 'beta', invite: false }))).toBe(
      JSON.stringify(planLineOffline(row, { api: 'v1.0', invite: false })),
    );
  });

  it('says a UPN needs Graph and how to get it', () => {
    const row = makeRow({
      ref: { file: 'samples/migration.csv', line: 3 },
      key: 'user01@contoso.com|sales tools|add',
      user: { kind: 'upn', upn: 'user01@contoso.com' },
    });
    expect(JSON.stringify(planLineOffline(row, { api: 'v1.0', invite: false }))).toBe(
      '{"row":"samples/migration.csv:3","key":"user01@contoso.com|sales tools|add","outcome":"needs-lookup",' +
        '"reason":"user \\"user01@contoso.com\\" is a UPN or email; resolving it needs Graph (run plan without --offline)"}',
    );
  });

  it('prints an invalid line with the reason and no hint', () => {
    const row = makeRow({ action: 'update', requestType: 'adminUpdate', assignmentId: ASSIGNMENT_01 });
    expect(planLineOffline(row, { api: 'v1.0', invite: false })).toEqual({
      row: 'rows.csv:2',
      key: row.key,
      outcome: 'invalid',
      reason: 'adminUpdate needs an expiration, a start or answers to change',
    });
  });
});

describe('planLine (online)', () => {
  it('plans from the ids resolution found', () => {
    const row = makeRow({ user: { kind: 'upn', upn: 'user01@contoso.com' }, accessPackage: { kind: 'name', name: 'Sales Tools' } });
    expect(planLine(row, { userId: USER_01, accessPackageId: SALES_TOOLS, policyId: SALES_DIRECT }, { api: 'v1.0', invite: false })).toEqual({
      row: 'rows.csv:2',
      key: row.key,
      outcome: 'would-send',
      method: 'POST',
      path: PATH,
      body: {
        requestType: 'adminAdd',
        assignment: { targetId: USER_01, assignmentPolicyId: SALES_DIRECT, accessPackageId: SALES_TOOLS },
      },
    });
  });

  it('does not tell an online plan to go online', () => {
    const row = makeRow({ user: { kind: 'upn', upn: 'user01@contoso.com' } });
    expect(planLine(row, { accessPackageId: SALES_TOOLS, policyId: SALES_DIRECT }, { api: 'v1.0', invite: false })).toEqual({
      row: 'rows.csv:2',
      key: row.key,
      outcome: 'needs-lookup',
      reason: 'user "user01@contoso.com" is a UPN or email; resolving it needs Graph',
    });
  });
});
