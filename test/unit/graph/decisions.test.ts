import { describe, expect, it } from 'vitest';
import { skipReasonForError } from '../../../src/graph/duplicate-errors.js';
import { fingerprintOf, matchesFingerprint } from '../../../src/graph/find-created-request.js';
import { GraphError, parseErrorEnvelope } from '../../../src/graph/graph-error.js';
import { odataString, pathSegment } from '../../../src/graph/graph-url.js';
import type { PackageSummary } from '../../../src/graph/package-lookup.js';
import { checkAnswers, choosePolicy } from '../../../src/graph/policy-lookup.js';
import { waitOutcomeOf } from '../../../src/graph/request-states.js';
import { decideSkip } from '../../../src/graph/skip-existing.js';

const error = (status: number, code: string, detailCodes: string[] = []) =>
  new GraphError({ status, code, detailCodes, message: 'm', requestId: undefined, clientRequestId: 'c', retryAfterMs: undefined, method: 'POST', path: '/x' });

describe('decideSkip', () => {
  const none = { holdsDeliveredAssignment: false, namedAssignmentDelivered: undefined, hasOpenRequest: false };
  it.each([
    ['adminAdd', { ...none, holdsDeliveredAssignment: true }, 'already-assigned'],
    ['adminAdd', { ...none, hasOpenRequest: true }, 'open-request'],
    ['adminAdd', none, undefined],
    ['adminRemove', none, 'not-assigned'],
    ['adminRemove', { ...none, holdsDeliveredAssignment: true }, undefined],
    ['adminRemove', { ...none, holdsDeliveredAssignment: true, hasOpenRequest: true }, 'open-request'],
    ['adminRemove', { ...none, holdsDeliveredAssignment: true, namedAssignmentDelivered: false }, 'not-assigned'],
    ['adminUpdate', { ...none, namedAssignmentDelivered: true }, undefined],
    ['userAdd', { ...none, holdsDeliveredAssignment: true, hasOpenRequest: true }, 'already-assigned'],
  ] as const)('%s with %j -> %s', (requestType, existing, expected) => {
    expect(decideSkip(requestType, existing)).toBe(expected);
  });
});

describe("Graph's duplicate errors", () => {
  it('map to the skip reasons of SPEC section 5, and nothing else does', () => {
    expect(skipReasonForError(error(409, 'InvalidRequestExistingGrant'))).toBe('already-assigned');
    expect(skipReasonForError(error(404, 'InvalidRequestNoActiveGrant'))).toBe('not-assigned');
    expect(skipReasonForError(error(400, 'InvalidRequest', ['ExistingOpenRequest']))).toBe('open-request');
    expect(skipReasonForError(error(400, 'InvalidRequest', ['SomethingElse']))).toBeUndefined();
    expect(skipReasonForError(error(404, 'Request_ResourceNotFound'))).toBeUndefined();
    expect(skipReasonForError(error(409, 'Conflict'))).toBeUndefined();
  });
});

describe('parseErrorEnvelope', () => {
  it('reads code, message, detail codes and the inner request-id', () => {
    expect(parseErrorEnvelope(JSON.stringify({ error: { code: 'X', message: 'why', details: [{ code: 'D1' }, { code: 'D2' }], innerError: { 'request-id': 'r1' } } }))).toEqual({
      code: 'X', message: 'why', detailCodes: ['D1', 'D2'], innerRequestId: 'r1',
    });
  });
  it('survives a body that is not the envelope', () => {
    expect(parseErrorEnvelope('<html>Bad gateway</html>')).toEqual({ code: 'unknown', message: '<html>Bad gateway</html>', detailCodes: [], innerRequestId: undefined });
    expect(parseErrorEnvelope('')).toMatchObject({ code: 'unknown', message: '(empty body)' });
  });
});

describe('finding the request an attempt created', () => {
  const request = (requestType: string, assignment: object) => ({ id: 'r', requestType, assignment });
  it('fingerprints adds by target and removals by assignment', () => {
    expect(fingerprintOf({ requestType: 'adminAdd', assignment: { targetId: 'U', accessPackageId: 'P', assignmentPolicyId: 'Q' } })).toEqual({ requestType: 'adminAdd', accessPackageId: 'P', targetId: 'U' });
    expect(fingerprintOf({ requestType: 'adminAdd', assignment: { target: { email: 'e@x.com' }, accessPackageId: 'P' } })).toEqual({ requestType: 'adminAdd', accessPackageId: 'P', targetEmail: 'e@x.com' });
    expect(fingerprintOf({ requestType: 'adminRemove', assignment: { id: 'A' } }, { accessPackageId: 'P' })).toEqual({ requestType: 'adminRemove', accessPackageId: 'P', assignmentId: 'A' });
  });
  it('matches on type and target or assignment, case-insensitively', () => {
    const add = { requestType: 'adminAdd', targetId: 'u-1' };
    expect(matchesFingerprint(request('adminAdd', { target: { objectId: 'U-1' } }), add)).toBe(true);
    expect(matchesFingerprint(request('adminAdd', { target: { objectId: 'u-2' } }), add)).toBe(false);
    expect(matchesFingerprint(request('adminRemove', { target: { objectId: 'u-1' } }), add)).toBe(false);
    expect(matchesFingerprint(request('adminAdd', {}), add)).toBe(false);
    expect(matchesFingerprint(request('adminRemove', { id: 'A-1' }), { requestType: 'adminRemove', assignmentId: 'a-1' })).toBe(true);
  });
});

describe('policies and answers', () => {
  const pkg: PackageSummary = {
    id: 'p', displayName: 'Sales Tools', catalog: undefined,
    policies: [{ id: 'd1', displayName: 'Direct assignment' }, { id: 'd2', displayName: 'Requests with approval' }],
  };
  it('chooses a policy by name, case-insensitively, and lists the policies when it cannot', () => {
    expect(choosePolicy(pkg, { kind: 'name', name: 'direct ASSIGNMENT' })).toEqual({ kind: 'found', policyId: 'd1' });
    expect(choosePolicy(pkg, { kind: 'name', name: 'Nope' })).toEqual({
      kind: 'not-found', reason: 'access package "Sales Tools" has no policy named "Nope" (policies: "Direct assignment" (d1), "Requests with approval" (d2))',
    });
    expect(choosePolicy(pkg, undefined)).toMatchObject({ kind: 'invalid' });
    expect(choosePolicy({ ...pkg, policies: [{ id: 'only', displayName: 'x' }] }, undefined)).toEqual({ kind: 'found', policyId: 'only' });
  });
  it('reports missing required answers and unknown questions together', () => {
    const questions = [
      { id: 'Q1', kind: 'text' as const, isRequired: true, text: 'Reason' },
      { id: 'Q2', kind: 'choice' as const, isRequired: false, text: 'Region' },
    ];
    expect(checkAnswers(questions, [{ questionId: 'q9', value: 'x' }])).toEqual({
      kind: 'invalid', reason: 'missing answer to required question "Reason" (Q1); the policy asks no question q9',
    });
    const ok = checkAnswers(questions, [{ questionId: 'q1', value: 'because' }]);
    expect(ok.kind === 'ok' && [...ok.questionKinds]).toEqual([['Q1', 'text'], ['Q2', 'choice'], ['q1', 'text']]);
  });
});

describe('OData literals', () => {
  it('doubles single quotes and escapes path segments', () => {
    expect(odataString("O'Brien's")).toBe("'O''Brien''s'");
    expect(pathSegment("a#b/c'd@x.com")).toBe('a%23b%2Fc%27d%40x.com');
  });
});

describe('waitOutcomeOf', () => {
  it("maps Graph's final request states to the --wait outcomes, and leaves working states open", () => {
    expect(['delivered', 'pendingApproval', 'denied', 'deliveryFailed', 'partiallyDelivered', 'canceled', 'scheduled', 'submitted', 'delivering'].map(waitOutcomeOf)).toEqual([
      'delivered', 'pending-approval', 'denied', 'delivery-failed', 'partially-delivered', 'canceled', 'scheduled', undefined, undefined,
    ]);
  });
});
