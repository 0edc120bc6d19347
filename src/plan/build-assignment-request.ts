import type { RequestType, ValidRow } from '../core/domain.js';
import { buildAnswers } from './answers.js';
import type { AnswerString, AssignmentMember, AssignmentRequestBody } from './assignment-request-body.js';
import { shapeBodyFor } from './body-shapes.js';
import {
  describePackageLookup,
  describePolicyLookup,
  describeUserLookup,
  nameOf,
  userText,
} from './describe-targets.js';
import type { PlanOptions, ResolvedTargets } from './resolved-targets.js';
import { buildSchedule } from './schedule.js';

/**
 * What a row becomes: the body to POST; or `needs-lookup` when a name or the policy's question types
 * must first come from Graph; or `invalid` when no lookup could make a request of it.
 */
export type AssignmentRequestPlan =
  | { kind: 'body'; body: AssignmentRequestBody }
  | { kind: 'needs-lookup'; reason: string }
  | { kind: 'invalid'; reason: string };

/** What keeps a row from becoming a body, collected so a reason names all of it at once. */
interface Gaps {
  lookups: string[];
  problems: string[];
}

/**
 * The assignment request for a validated row (SPEC section 3), from the ids resolved so far. Pure: the
 * same inputs always give the same plan, with the members in the order of SPEC section 3.
 *
 * Request types not in the SPEC table are mapped by analogy with Microsoft's page: `userRemove` names
 * the assignment like `adminRemove`; `userUpdate` names it like `adminUpdate`, with `schedule` and/or
 * `answers`. Any request may carry `justification`.
 */
export function buildAssignmentRequest(
  row: ValidRow,
  resolved: ResolvedTargets,
  options: PlanOptions,
): AssignmentRequestPlan {
  const gaps: Gaps = { lookups: [], problems: [] };
  const assignment = assignmentFor(row, resolved, options, gaps);
  const schedule = buildSchedule(row.expiration, row.start);
  const answers = answersFor(row, resolved, gaps);
  checkChangesFit(row.requestType, schedule !== undefined, answers !== undefined || (row.answers?.length ?? 0) > 0, gaps);

  if (gaps.problems.length > 0) return { kind: 'invalid', reason: gaps.problems.join('; ') };
  if (gaps.lookups.length > 0 || assignment === undefined) {
    const needs = gaps.lookups.length === 1 ? 'resolving it needs Graph' : 'resolving them needs Graph';
    return { kind: 'needs-lookup', reason: `${gaps.lookups.join('; ')}; ${needs}` };
  }

  const body: AssignmentRequestBody = { requestType: row.requestType, assignment };
  if (schedule !== undefined) body.schedule = schedule;
  if (row.justification !== undefined && row.justification !== '') body.justification = row.justification;
  if (answers !== undefined) body.answers = answers;
  return { kind: 'body', body: shapeBodyFor(options.api, body) };
}

function assignmentFor(
  row: ValidRow,
  resolved: ResolvedTargets,
  options: PlanOptions,
  gaps: Gaps,
): AssignmentMember | undefined {
  switch (row.requestType) {
    case 'adminAdd':
      return adminAddAssignment(row, resolved, options, gaps);
    case 'userAdd':
      return userAddAssignment(row, resolved, gaps);
    case 'adminRemove':
    case 'adminUpdate':
    case 'userRemove':
    case 'userUpdate': {
      const id = existingAssignmentId(row, resolved, gaps);
      return id === undefined ? undefined : { id };
    }
  }
}

/** `adminAdd`: the user by directory id, or by email when `--invite` lets Graph invite them. */
function adminAddAssignment(
  row: ValidRow,
  resolved: ResolvedTargets,
  options: PlanOptions,
  gaps: Gaps,
): AssignmentMember | undefined {
  const target = adminAddTarget(row, resolved, options, gaps);
  const accessPackageId = packageId(row, resolved, gaps);
  const assignmentPolicyId = policyId(row, resolved, gaps);
  if (target === undefined || accessPackageId === undefined || assignmentPolicyId === undefined) return undefined;
  return 'targetId' in target
    ? { targetId: target.targetId, assignmentPolicyId, accessPackageId }
    : { target: target.target, assignmentPolicyId, accessPackageId };
}

function adminAddTarget(
  row: ValidRow,
  resolved: ResolvedTargets,
  options: PlanOptions,
  gaps: Gaps,
): { targetId: string } | { target: { email: string } } | undefined {
  if (resolved.userId !== undefined) return { targetId: resolved.userId };
  if (row.user === undefined) {
    gaps.problems.push('adminAdd needs a user');
    return undefined;
  }
  if (options.invite && row.user.kind !== 'id') return { target: { email: userText(row.user) } };
  gaps.lookups.push(describeUserLookup(row.user));
  return undefined;
}

/** `userAdd`: the signed-in user for themselves, or, with a user, on behalf of a direct report. */
function userAddAssignment(row: ValidRow, resolved: ResolvedTargets, gaps: Gaps): AssignmentMember | undefined {
  const objectId = resolved.userId;
  if (row.user !== undefined && objectId === undefined) gaps.lookups.push(describeUserLookup(row.user));
  const accessPackageId = packageId(row, resolved, gaps);
  const assignmentPolicyId = policyId(row, resolved, gaps);
  if (accessPackageId === undefined || assignmentPolicyId === undefined) return undefined;
  if (row.user === undefined) return { accessPackageId, assignmentPolicyId };
  if (objectId === undefined) return undefined;
  return { accessPackageId, assignmentPolicyId, target: { objectId } };
}

function packageId(row: ValidRow, resolved: ResolvedTargets, gaps: Gaps): string | undefined {
  if (resolved.accessPackageId !== undefined) return resolved.accessPackageId;
  if (row.accessPackage === undefined) gaps.problems.push(`${row.requestType} needs an accessPackage`);
  else gaps.lookups.push(describePackageLookup(row.accessPackage, row.catalog));
  return undefined;
}

function policyId(row: ValidRow, resolved: ResolvedTargets, gaps: Gaps): string | undefined {
  if (resolved.policyId !== undefined) return resolved.policyId;
  // Without a package there is no policy to find; packageId already said so.
  if (row.accessPackage !== undefined) gaps.lookups.push(describePolicyLookup(row.policy));
  return undefined;
}

/** The assignment an update or removal acts on: given, or found online from user and package. */
function existingAssignmentId(row: ValidRow, resolved: ResolvedTargets, gaps: Gaps): string | undefined {
  if (resolved.assignmentId !== undefined) return resolved.assignmentId;
  const selfService = row.requestType === 'userRemove' || row.requestType === 'userUpdate';
  if (row.accessPackage === undefined || (row.user === undefined && !selfService)) {
    gaps.problems.push(`${row.requestType} needs an assignmentId, or a user and an accessPackage to find the assignment`);
    return undefined;
  }
  const whose = row.user === undefined ? 'the signed-in user' : `user "${userText(row.user)}"`;
  gaps.lookups.push(
    `no assignmentId is given, so the assignment of ${whose} in access package "${nameOf(row.accessPackage)}" must be found`,
  );
  return undefined;
}

function answersFor(row: ValidRow, resolved: ResolvedTargets, gaps: Gaps): AnswerString[] | undefined {
  if (row.answers === undefined || row.answers.length === 0) return undefined;
  const result = buildAnswers(row.answers, resolved.questionKinds);
  switch (result.kind) {
    case 'answers':
      return result.answers;
    case 'needs-lookup':
      gaps.lookups.push(...result.lookups);
      return undefined;
    case 'invalid':
      gaps.problems.push(result.reason);
      return undefined;
  }
}

/** Removals change nothing but the assignment's existence; updates must change something. */
function checkChangesFit(requestType: RequestType, hasSchedule: boolean, hasAnswers: boolean, gaps: Gaps): void {
  const removal = requestType === 'adminRemove' || requestType === 'userRemove';
  const update = requestType === 'adminUpdate' || requestType === 'userUpdate';
  if (removal && (hasSchedule || hasAnswers)) {
    gaps.problems.push(`${requestType} takes no expiration, start or answers: a removal ends the assignment`);
  }
  if (update && !hasSchedule && !hasAnswers) {
    gaps.problems.push(`${requestType} needs an expiration, a start or answers to change`);
  }
}
