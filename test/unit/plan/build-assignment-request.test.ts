import { describe, expect, it } from 'vitest';
import type { ValidRow } from '../../../src/core/domain.js';
import {
  buildAssignmentRequest,
  resolveOffline,
  type AssignmentRequestPlan,
  type PlanOptions,
  type ResolvedTargets,
} from '../../../src/plan/index.js';
import {
  ANSWER_STRING,
  ASSIGNMENT_01,
  BUSINESS_REASON_QUESTION,
  CHOICE_QUESTION,
  makeRow,
  REGION_QUESTION,
  SALES_APPROVAL,
  SALES_DIRECT,
  SALES_TOOLS,
  TEXT_QUESTION,
  USER_01,
} from './make-row.js';

interface MappingCase {
  name: string;
  row: ValidRow;
  /** Defaults to what the row gives by id (`resolveOffline`). */
  resolved?: ResolvedTargets;
  invite?: boolean;
  expected: AssignmentRequestPlan;
  /** The body as JSON text, where member order is the point. */
  json?: string;
}

const FINANCE_PROJECT_X = 'b0000000-0000-4000-8000-000000000005';
const FINANCE_PROJECT_X_DIRECT = 'd0000000-0000-4000-8000-000000000006';
const USER_16 = 'a0000000-0000-4000-8000-000000000016';

const CASES: MappingCase[] = [
  // adminAdd
  {
    name: 'adminAdd by ids',
    row: makeRow(),
    expected: {
      kind: 'body',
      body: {
        requestType: 'adminAdd',
        assignment: { targetId: USER_01, assignmentPolicyId: SALES_DIRECT, accessPackageId: SALES_TOOLS },
      },
    },
    json: `{"requestType":"adminAdd","assignment":{"targetId":"${USER_01}","assignmentPolicyId":"${SALES_DIRECT}","accessPackageId":"${SALES_TOOLS}"}}`,
  },
  {
    name: 'adminAdd with schedule, justification and answers, in SPEC order',
    row: makeRow({
      policy: { kind: 'id', id: SALES_APPROVAL },
      expiration: { type: 'afterDateTime', endDateTime: '2027-06-30T23:59:59Z' },
      start: '2027-01-04T08:00:00Z',
      justification: 'Joins the sales team',
      answers: [
        { questionId: BUSINESS_REASON_QUESTION, value: 'New starter', questionKind: 'text' },
        { questionId: REGION_QUESTION, value: 'EMEA', displayValue: 'Europe', questionKind: 'choice' },
      ],
    }),
    expected: {
      kind: 'body',
      body: {
        requestType: 'adminAdd',
        assignment: { targetId: USER_01, assignmentPolicyId: SALES_APPROVAL, accessPackageId: SALES_TOOLS },
        schedule: {
          startDateTime: '2027-01-04T08:00:00Z',
          expiration: { type: 'afterDateTime', endDateTime: '2027-06-30T23:59:59Z' },
        },
        justification: 'Joins the sales team',
        answers: [
          {
            '@odata.type': ANSWER_STRING,
            value: 'New starter',
            answeredQuestion: { '@odata.type': TEXT_QUESTION, id: BUSINESS_REASON_QUESTION },
          },
          {
            '@odata.type': ANSWER_STRING,
            value: 'EMEA',
            displayValue: 'Europe',
            answeredQuestion: { '@odata.type': CHOICE_QUESTION, id: REGION_QUESTION },
          },
        ],
      },
    },
    json:
      `{"requestType":"adminAdd","assignment":{"targetId":"${USER_01}","assignmentPolicyId":"${SALES_APPROVAL}","accessPackageId":"${SALES_TOOLS}"},` +
      `"schedule":{"startDateTime":"2027-01-04T08:00:00Z","expiration":{"type":"afterDateTime","endDateTime":"2027-06-30T23:59:59Z"}},` +
      `"justification":"Joins the sales team",` +
      `"answers":[{"@odata.type":"${ANSWER_STRING}","value":"New starter","answeredQuestion":{"@odata.type":"${TEXT_QUESTION}","id":"${BUSINESS_REASON_QUESTION}"}},` +
      `{"@odata.type":"${ANSWER_STRING}","value":"EMEA","displayValue":"Europe","answeredQuestion":{"@odata.type":"${CHOICE_QUESTION}","id":"${REGION_QUESTION}"}}]}`,
  },
  {
    name: 'adminAdd that never expires',
    row: makeRow({ expiration: { type: 'noExpiration' } }),
    expected: {
      kind: 'body',
      body: {
        requestType: 'adminAdd',
        assignment: { targetId: USER_01, assignmentPolicyId: SALES_DIRECT, accessPackageId: SALES_TOOLS },
        schedule: { expiration: { type: 'noExpiration' } },
      },
    },
  },
  {
    name: 'adminAdd for a duration',
    row: makeRow({ expiration: { type: 'afterDuration', duration: 'P90D' } }),
    expected: {
      kind: 'body',
      body: {
        requestType: 'adminAdd',
        assignment: { targetId: USER_01, assignmentPolicyId: SALES_DIRECT, accessPackageId: SALES_TOOLS },
        schedule: { expiration: { type: 'afterDuration', duration: 'P90D' } },
      },
    },
  },
  {
    name: 'adminAdd with an empty justification and no answers sends neither',
    row: makeRow({ justification: '', answers: [] }),
    expected: {
      kind: 'body',
      body: {
        requestType: 'adminAdd',
        assignment: { targetId: USER_01, assignmentPolicyId: SALES_DIRECT, accessPackageId: SALES_TOOLS },
      },
    },
  },
  {
    name: 'adminAdd of a user named by UPN, offline',
    row: makeRow({ user: { kind: 'upn', upn: 'user01@contoso.com' } }),
    expected: { kind: 'needs-lookup', reason: 'user "user01@contoso.com" is a UPN or email; resolving it needs Graph' },
  },
  {
    name: 'adminAdd of a user named by email address, offline',
    row: makeRow({ user: { kind: 'email', email: 'ann@fabrikam.com' } }),
    expected: { kind: 'needs-lookup', reason: 'user "ann@fabrikam.com" is an email address; resolving it needs Graph' },
  },
  {
    name: 'adminAdd naming user, package and policy by name lists every lookup',
    row: makeRow({
      user: { kind: 'upn', upn: 'user16@contoso.com' },
      accessPackage: { kind: 'name', name: 'Project X' },
      catalog: 'Finance',
      policy: { kind: 'name', name: 'Direct assignment' },
    }),
    expected: {
      kind: 'needs-lookup',
      reason:
        'user "user16@contoso.com" is a UPN or email; access package "Project X" in catalog "Finance" is a display name; ' +
        'policy "Direct assignment" is a display name; resolving them needs Graph',
    },
  },
  {
    name: 'adminAdd naming everything by name, once resolved online',
    row: makeRow({
      user: { kind: 'upn', upn: 'user16@contoso.com' },
      accessPackage: { kind: 'name', name: 'Project X' },
      catalog: 'Finance',
      policy: { kind: 'name', name: 'Direct assignment' },
    }),
    resolved: { userId: USER_16, accessPackageId: FINANCE_PROJECT_X, policyId: FINANCE_PROJECT_X_DIRECT },
    expected: {
      kind: 'body',
      body: {
        requestType: 'adminAdd',
        assignment: { targetId: USER_16, assignmentPolicyId: FINANCE_PROJECT_X_DIRECT, accessPackageId: FINANCE_PROJECT_X },
      },
    },
  },
  {
    name: 'adminAdd without a policy needs the package policy found',
    row: makeRow({ policy: undefined }),
    expected: {
      kind: 'needs-lookup',
      reason: "no policy is given, so the access package's policy must be found; resolving it needs Graph",
    },
  },
  {
    name: 'adminAdd without a user is invalid',
    row: makeRow({ user: undefined }),
    expected: { kind: 'invalid', reason: 'adminAdd needs a user' },
  },
  {
    name: 'adminAdd without an access package is invalid',
    row: makeRow({ accessPackage: undefined, policy: undefined }),
    expected: { kind: 'invalid', reason: 'adminAdd needs an accessPackage' },
  },
  // --invite
  {
    name: 'adminAdd with --invite of a user with no directory id targets the email',
    row: makeRow({ user: { kind: 'upn', upn: 'new.hire@fabrikam.com' }, expiration: { type: 'afterDuration', duration: 'P30D' } }),
    invite: true,
    expected: {
      kind: 'body',
      body: {
        requestType: 'adminAdd',
        assignment: { target: { email: 'new.hire@fabrikam.com' }, assignmentPolicyId: SALES_DIRECT, accessPackageId: SALES_TOOLS },
        schedule: { expiration: { type: 'afterDuration', duration: 'P30D' } },
      },
    },
    json:
      `{"requestType":"adminAdd","assignment":{"target":{"email":"new.hire@fabrikam.com"},"assignmentPolicyId":"${SALES_DIRECT}","accessPackageId":"${SALES_TOOLS}"},` +
      `"schedule":{"expiration":{"type":"afterDuration","duration":"P30D"}}}`,
  },
  {
    name: 'adminAdd with --invite of an email-kind user targets the email',
    row: makeRow({ user: { kind: 'email', email: 'ann@fabrikam.com' } }),
    invite: true,
    expected: {
      kind: 'body',
      body: {
        requestType: 'adminAdd',
        assignment: { target: { email: 'ann@fabrikam.com' }, assignmentPolicyId: SALES_DIRECT, accessPackageId: SALES_TOOLS },
      },
    },
  },
  {
    name: 'adminAdd with --invite of a user found in the directory targets the id',
    row: makeRow({ user: { kind: 'upn', upn: 'user01@contoso.com' } }),
    resolved: { userId: USER_01, accessPackageId: SALES_TOOLS, policyId: SALES_DIRECT },
    invite: true,
    expected: {
      kind: 'body',
      body: {
        requestType: 'adminAdd',
        assignment: { targetId: USER_01, assignmentPolicyId: SALES_DIRECT, accessPackageId: SALES_TOOLS },
      },
    },
  },
  {
    name: 'adminAdd with --invite and a package by name still needs the package',
    row: makeRow({ user: { kind: 'upn', upn: 'new.hire@fabrikam.com' }, accessPackage: { kind: 'name', name: 'Sales Tools' } }),
    invite: true,
    expected: { kind: 'needs-lookup', reason: 'access package "Sales Tools" is a display name; resolving it needs Graph' },
  },
  // userAdd
  {
    name: 'userAdd without a user is a self-request (package, policy; answers and justification after)',
    row: makeRow({
      requestType: 'userAdd',
      user: undefined,
      policy: { kind: 'id', id: SALES_APPROVAL },
      justification: 'Customer visits',
      answers: [{ questionId: REGION_QUESTION, value: 'APAC', questionKind: 'choice' }],
    }),
    expected: {
      kind: 'body',
      body: {
        requestType: 'userAdd',
        assignment: { accessPackageId: SALES_TOOLS, assignmentPolicyId: SALES_APPROVAL },
        justification: 'Customer visits',
        answers: [
          {
            '@odata.type': ANSWER_STRING,
            value: 'APAC',
            answeredQuestion: { '@odata.type': CHOICE_QUESTION, id: REGION_QUESTION },
          },
        ],
      },
    },
    json:
      `{"requestType":"userAdd","assignment":{"accessPackageId":"${SALES_TOOLS}","assignmentPolicyId":"${SALES_APPROVAL}"},"justification":"Customer visits",` +
      `"answers":[{"@odata.type":"${ANSWER_STRING}","value":"APAC","answeredQuestion":{"@odata.type":"${CHOICE_QUESTION}","id":"${REGION_QUESTION}"}}]}`,
  },
  {
    name: 'userAdd with a user is on behalf of a direct report',
    row: makeRow({ requestType: 'userAdd', expiration: { type: 'afterDuration', duration: 'P7D' } }),
    expected: {
      kind: 'body',
      body: {
        requestType: 'userAdd',
        assignment: { accessPackageId: SALES_TOOLS, assignmentPolicyId: SALES_DIRECT, target: { objectId: USER_01 } },
        schedule: { expiration: { type: 'afterDuration', duration: 'P7D' } },
      },
    },
    json: `{"requestType":"userAdd","assignment":{"accessPackageId":"${SALES_TOOLS}","assignmentPolicyId":"${SALES_DIRECT}","target":{"objectId":"${USER_01}"}},"schedule":{"expiration":{"type":"afterDuration","duration":"P7D"}}}`,
  },
  {
    name: 'userAdd on behalf of a report named by UPN needs the id, even with --invite',
    row: makeRow({ requestType: 'userAdd', user: { kind: 'upn', upn: 'user02@contoso.com' } }),
    invite: true,
    expected: { kind: 'needs-lookup', reason: 'user "user02@contoso.com" is a UPN or email; resolving it needs Graph' },
  },
  {
    name: 'userAdd on behalf of a report resolved online',
    row: makeRow({ requestType: 'userAdd', user: { kind: 'upn', upn: 'user16@contoso.com' } }),
    resolved: { userId: USER_16, accessPackageId: SALES_TOOLS, policyId: SALES_DIRECT },
    expected: {
      kind: 'body',
      body: {
        requestType: 'userAdd',
        assignment: { accessPackageId: SALES_TOOLS, assignmentPolicyId: SALES_DIRECT, target: { objectId: USER_16 } },
      },
    },
  },
  {
    name: 'userAdd without an access package is invalid',
    row: makeRow({ requestType: 'userAdd', user: undefined, accessPackage: undefined, policy: undefined }),
    expected: { kind: 'invalid', reason: 'userAdd needs an accessPackage' },
  },
  // removals
  {
    name: 'adminRemove by assignment id',
    row: makeRow({ action: 'remove', requestType: 'adminRemove', user: undefined, accessPackage: undefined, policy: undefined, assignmentId: ASSIGNMENT_01 }),
    expected: { kind: 'body', body: { requestType: 'adminRemove', assignment: { id: ASSIGNMENT_01 } } },
    json: `{"requestType":"adminRemove","assignment":{"id":"${ASSIGNMENT_01}"}}`,
  },
  {
    name: 'adminRemove keeps a justification',
    row: makeRow({ action: 'remove', requestType: 'adminRemove', assignmentId: ASSIGNMENT_01, justification: 'Q4 access review' }),
    expected: {
      kind: 'body',
      body: { requestType: 'adminRemove', assignment: { id: ASSIGNMENT_01 }, justification: 'Q4 access review' },
    },
    json: `{"requestType":"adminRemove","assignment":{"id":"${ASSIGNMENT_01}"},"justification":"Q4 access review"}`,
  },
  {
    name: 'adminRemove by user and package needs the assignment found',
    row: makeRow({
      action: 'remove',
      requestType: 'adminRemove',
      user: { kind: 'upn', upn: 'user11@contoso.com' },
      accessPackage: { kind: 'name', name: 'Finance Reports' },
      policy: undefined,
    }),
    expected: {
      kind: 'needs-lookup',
      reason:
        'no assignmentId is given, so the assignment of user "user11@contoso.com" in access package "Finance Reports" must be found; resolving it needs Graph',
    },
  },
  {
    name: 'adminRemove by user and package, once the assignment is found online',
    row: makeRow({ action: 'remove', requestType: 'adminRemove', user: { kind: 'upn', upn: 'user01@contoso.com' }, policy: undefined }),
    resolved: { userId: USER_01, accessPackageId: SALES_TOOLS, assignmentId: ASSIGNMENT_01 },
    expected: { kind: 'body', body: { requestType: 'adminRemove', assignment: { id: ASSIGNMENT_01 } } },
  },
  {
    name: 'adminRemove with neither assignment id nor user is invalid',
    row: makeRow({ action: 'remove', requestType: 'adminRemove', user: undefined }),
    expected: {
      kind: 'invalid',
      reason: 'adminRemove needs an assignmentId, or a user and an accessPackage to find the assignment',
    },
  },
  {
    name: 'adminRemove with an expiration is invalid',
    row: makeRow({ action: 'remove', requestType: 'adminRemove', assignmentId: ASSIGNMENT_01, expiration: { type: 'noExpiration' } }),
    expected: {
      kind: 'invalid',
      reason: 'adminRemove takes no expiration, start or answers: a removal ends the assignment',
    },
  },
  {
    name: 'adminRemove with answers is invalid, even when their type is unknown',
    row: makeRow({ action: 'remove', requestType: 'adminRemove', assignmentId: ASSIGNMENT_01, answers: [{ questionId: REGION_QUESTION, value: 'EMEA' }] }),
    expected: {
      kind: 'invalid',
      reason: 'adminRemove takes no expiration, start or answers: a removal ends the assignment',
    },
  },
  {
    name: 'userRemove names the assignment like adminRemove',
    row: makeRow({ action: 'remove', requestType: 'userRemove', user: undefined, assignmentId: ASSIGNMENT_01 }),
    expected: { kind: 'body', body: { requestType: 'userRemove', assignment: { id: ASSIGNMENT_01 } } },
  },
  {
    name: "userRemove without assignment id needs the signed-in user's assignment found",
    row: makeRow({ action: 'remove', requestType: 'userRemove', user: undefined }),
    expected: {
      kind: 'needs-lookup',
      reason: `no assignmentId is given, so the assignment of the signed-in user in access package "${SALES_TOOLS}" must be found; resolving it needs Graph`,
    },
  },
  // updates
  {
    name: 'adminUpdate of the expiration sends no invented start',
    row: makeRow({ action: 'update', requestType: 'adminUpdate', assignmentId: ASSIGNMENT_01, expiration: { type: 'afterDuration', duration: 'P30D' } }),
    expected: {
      kind: 'body',
      body: {
        requestType: 'adminUpdate',
        assignment: { id: ASSIGNMENT_01 },
        schedule: { expiration: { type: 'afterDuration', duration: 'P30D' } },
      },
    },
    json: `{"requestType":"adminUpdate","assignment":{"id":"${ASSIGNMENT_01}"},"schedule":{"expiration":{"type":"afterDuration","duration":"P30D"}}}`,
  },
  {
    name: 'adminUpdate of the start only',
    row: makeRow({ action: 'update', requestType: 'adminUpdate', assignmentId: ASSIGNMENT_01, start: '2027-02-01T00:00:00Z' }),
    expected: {
      kind: 'body',
      body: { requestType: 'adminUpdate', assignment: { id: ASSIGNMENT_01 }, schedule: { startDateTime: '2027-02-01T00:00:00Z' } },
    },
  },
  {
    name: 'adminUpdate of answers',
    row: makeRow({
      action: 'update',
      requestType: 'adminUpdate',
      assignmentId: ASSIGNMENT_01,
      answers: [{ questionId: BUSINESS_REASON_QUESTION, value: 'Renewal', displayValue: 'Renewal 2027', questionKind: 'text' }],
    }),
    expected: {
      kind: 'body',
      body: {
        requestType: 'adminUpdate',
        assignment: { id: ASSIGNMENT_01 },
        answers: [
          {
            '@odata.type': ANSWER_STRING,
            value: 'Renewal',
            displayValue: 'Renewal 2027',
            answeredQuestion: { '@odata.type': TEXT_QUESTION, id: BUSINESS_REASON_QUESTION },
          },
        ],
      },
    },
  },
  {
    name: 'adminUpdate with nothing to change is invalid',
    row: makeRow({ action: 'update', requestType: 'adminUpdate', assignmentId: ASSIGNMENT_01 }),
    expected: { kind: 'invalid', reason: 'adminUpdate needs an expiration, a start or answers to change' },
  },
  {
    name: 'adminUpdate by user and package needs the assignment found',
    row: makeRow({ action: 'update', requestType: 'adminUpdate', user: { kind: 'upn', upn: 'user06@contoso.com' }, expiration: { type: 'noExpiration' } }),
    expected: {
      kind: 'needs-lookup',
      reason: `no assignmentId is given, so the assignment of user "user06@contoso.com" in access package "${SALES_TOOLS}" must be found; resolving it needs Graph`,
    },
  },
  {
    name: 'userUpdate names the assignment like adminUpdate, with the schedule',
    row: makeRow({
      action: 'update',
      requestType: 'userUpdate',
      user: undefined,
      assignmentId: ASSIGNMENT_01,
      expiration: { type: 'afterDateTime', endDateTime: '2027-12-31T23:59:59Z' },
      justification: 'Project extended',
    }),
    expected: {
      kind: 'body',
      body: {
        requestType: 'userUpdate',
        assignment: { id: ASSIGNMENT_01 },
        schedule: { expiration: { type: 'afterDateTime', endDateTime: '2027-12-31T23:59:59Z' } },
        justification: 'Project extended',
      },
    },
    json: `{"requestType":"userUpdate","assignment":{"id":"${ASSIGNMENT_01}"},"schedule":{"expiration":{"type":"afterDateTime","endDateTime":"2027-12-31T23:59:59Z"}},"justification":"Project extended"}`,
  },
  {
    name: 'userUpdate with nothing to change is invalid',
    row: makeRow({ action: 'update', requestType: 'userUpdate', user: undefined, assignmentId: ASSIGNMENT_01 }),
    expected: { kind: 'invalid', reason: 'userUpdate needs an expiration, a start or answers to change' },
  },
  // answers
  {
    name: 'an answer without a type offline needs the policy',
    row: makeRow({ answers: [{ questionId: BUSINESS_REASON_QUESTION, value: 'New starter' }] }),
    expected: {
      kind: 'needs-lookup',
      reason: `the answer to question "${BUSINESS_REASON_QUESTION}" has no "type" (text or choice), which the policy tells; resolving it needs Graph`,
    },
  },
  {
    name: "an answer without a type takes the policy's question kind online",
    row: makeRow({ answers: [{ questionId: BUSINESS_REASON_QUESTION, value: 'New starter' }] }),
    resolved: { userId: USER_01, accessPackageId: SALES_TOOLS, policyId: SALES_DIRECT, questionKinds: new Map([[BUSINESS_REASON_QUESTION, 'text' as const]]) },
    expected: {
      kind: 'body',
      body: {
        requestType: 'adminAdd',
        assignment: { targetId: USER_01, assignmentPolicyId: SALES_DIRECT, accessPackageId: SALES_TOOLS },
        answers: [
          {
            '@odata.type': ANSWER_STRING,
            value: 'New starter',
            answeredQuestion: { '@odata.type': TEXT_QUESTION, id: BUSINESS_REASON_QUESTION },
          },
        ],
      },
    },
  },
  {
    name: 'an answer to a question the policy does not ask is invalid online',
    row: makeRow({ answers: [{ questionId: REGION_QUESTION, value: 'EMEA', questionKind: 'choice' }] }),
    resolved: { userId: USER_01, accessPackageId: SALES_TOOLS, policyId: SALES_DIRECT, questionKinds: new Map() },
    expected: { kind: 'invalid', reason: `question "${REGION_QUESTION}" is not one of the policy's questions` },
  },
  {
    name: 'an invalid row is invalid even when it also names things by name',
    row: makeRow({ action: 'update', requestType: 'adminUpdate', user: { kind: 'upn', upn: 'user06@contoso.com' } }),
    expected: { kind: 'invalid', reason: 'adminUpdate needs an expiration, a start or answers to change' },
  },
];

describe.each(['v1.0', 'beta'] as const)('buildAssignmentRequest (--api %s)', (api) => {
  it.each(CASES.map((mappingCase) => [mappingCase.name, mappingCase] as const))('%s', (_name, mappingCase) => {
    const options: PlanOptions = { api, invite: mappingCase.invite ?? false };
    const plan = buildAssignmentRequest(mappingCase.row, mappingCase.resolved ?? resolveOffline(mappingCase.row), options);
    expect(plan).toEqual(mappingCase.expected);
    if (mappingCase.expected.kind === 'body') {
      expect(JSON.stringify(plan)).toBe(JSON.stringify(mappingCase.expected));
    }
    if (mappingCase.json !== undefined) {
      expect(plan.kind === 'body' ? JSON.stringify(plan.body) : plan.reason).toBe(mappingCase.json);
    }
  });
});

describe('buildAssignmentRequest purity', () => {
  it('leaves the row and the resolved ids as they were', () => {
    const row = makeRow({ answers: [{ questionId: REGION_QUESTION, value: 'EMEA', questionKind: 'choice' }], expiration: { type: 'noExpiration' } });
    const resolved = resolveOffline(row);
    const rowBefore = structuredClone(row);
    const resolvedBefore = structuredClone(resolved);
    const first = buildAssignmentRequest(row, resolved, { api: 'v1.0', invite: false });
    const second = buildAssignmentRequest(row, resolved, { api: 'v1.0', invite: false });
    expect(row).toEqual(rowBefore);
    expect(resolved).toEqual(resolvedBefore);
    expect(JSON.stringify(second)).toBe(JSON.stringify(first));
  });
});
