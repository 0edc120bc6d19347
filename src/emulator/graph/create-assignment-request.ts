import { isGuid } from '../directory/seeded-random.js';
import type { DirectoryPolicy } from '../directory/directory-schema.js';
import type { EmulatorState } from '../state/emulator-state.js';
import type { AnswerJson, AssignmentRequestRecord, RequestKind, ScheduleJson } from '../state/records.js';
import { approveRequest } from '../state/request-lifecycle.js';
import { badRequest, GraphError, invalidRequest, notFound } from './graph-error.js';
import type { GraphRequest, GraphResponse } from './graph-request.js';
import {
  enumMember,
  isObject,
  readAnswers,
  readSchedule,
  rejectUnknownProperties,
  REQUEST_TYPE_MEMBERS,
  type JsonObject,
} from './request-body-shape.js';
import { CHOICE_QUESTION, requestJson, TEXT_QUESTION } from './serialize.js';

const KIND_OF: Record<string, RequestKind> = {
  adminAdd: 'add',
  userAdd: 'add',
  adminUpdate: 'update',
  userUpdate: 'update',
  adminRemove: 'remove',
  userRemove: 'remove',
};

/**
 * POST .../assignmentRequests. Answers, in this order (the first that applies):
 * - 400 `BadRequest`: not a JSON object, a property the type does not declare, an enum value outside
 *   `accessPackageRequestType` / `expirationPatternType`, a malformed date-time or duration;
 * - 400 `InvalidRequest` with a detail code: `MissingProperty` (requestType, assignment, ids),
 *   `InvalidId` (not a GUID), `UnsupportedRequestType` (an enum member apbatch-style requests cannot use,
 *   e.g. `systemAdd`), `InvalidExpiration`, `InvalidAnswer`, `RequiredQuestionNotAnswered`,
 *   `PolicyNotInAccessPackage`, `RequestorNotAUser` (a user* request without a signed-in user or target);
 * - 404 `ResourceNotFound` with detail `SubjectNotFound` / `AccessPackageNotFound` /
 *   `AssignmentPolicyNotFound` / `AssignmentNotFound`;
 * - 400 `InvalidRequest` detail `ExistingOpenRequest`: an open request for that user and package;
 * - 409 `InvalidRequestExistingGrant`: an add for a user already holding (or receiving) the package;
 * - 404 `InvalidRequestNoActiveGrant`: a removal or update of an assignment that is not delivered.
 * Success is 201 with the request as Graph v1.0 returns it (`state` `submitted` or `pendingApproval`).
 */
export function createAssignmentRequest(state: EmulatorState, request: GraphRequest): GraphResponse {
  const body = request.body;
  if (!isObject(body)) throw badRequest('Empty Payload. JSON content expected.');
  // The beta endpoint still reads the old name of `assignment`.
  const legacy = request.version === 'beta' ? ['accessPackageAssignment'] : [];
  rejectUnknownProperties(body, 'microsoft.graph.accessPackageAssignmentRequest', legacy);
  const odataType = body['@odata.type'];
  if (odataType !== undefined && odataType !== '#microsoft.graph.accessPackageAssignmentRequest' && odataType !== 'microsoft.graph.accessPackageAssignmentRequest') {
    throw badRequest(`A type named '${String(odataType)}' could not be resolved as 'microsoft.graph.accessPackageAssignmentRequest'.`);
  }
  const requestType = enumMember(body.requestType, REQUEST_TYPE_MEMBERS, 'microsoft.graph.accessPackageRequestType');
  if (requestType === undefined) throw invalidRequest('MissingProperty', "The property 'requestType' is required.", 'requestType');
  const kind = KIND_OF[requestType];
  if (kind === undefined) {
    throw invalidRequest('UnsupportedRequestType', `The request type '${requestType}' cannot be created through this API.`, 'requestType');
  }
  const assignment = body.assignment ?? body.accessPackageAssignment;
  if (!isObject(assignment)) throw invalidRequest('MissingProperty', "The property 'assignment' is required.", 'assignment');
  rejectUnknownProperties(assignment, 'microsoft.graph.accessPackageAssignment');
  if (assignment.target !== undefined && assignment.target !== null) {
    if (!isObject(assignment.target)) throw badRequest("Expected an object for 'assignment.target'.");
    rejectUnknownProperties(assignment.target, 'microsoft.graph.accessPackageSubject');
  }
  const now = state.now();
  const schedule = readSchedule(body.schedule ?? assignment.schedule, body.schedule ? 'schedule' : 'assignment.schedule', now);
  const answers = readAnswers(body.answers);
  const justification = body.justification;
  if (justification !== undefined && justification !== null && typeof justification !== 'string') {
    throw badRequest("Expected a string for 'justification'.");
  }
  state.advance();
  const input: RequestInput = { requestType, kind, assignment, schedule, answers, justification: justification ?? null };
  const record = kind === 'add' ? createAdd(state, request, input) : createChange(state, request, input);
  return {
    status: 201,
    body: {
      '@odata.context': `${request.origin}/${request.version}/$metadata#identityGovernance/entitlementManagement/assignmentRequests/$entity`,
      ...requestJson(state, record, new Map()),
    },
    headers: { Location: `${request.origin}/${request.version}/identityGovernance/entitlementManagement/assignmentRequests/${record.id}` },
    action: `created request ${record.id} (${requestType}, ${record.state})`,
  };
}

interface RequestInput {
  requestType: string;
  kind: RequestKind;
  assignment: JsonObject;
  schedule: ScheduleJson;
  answers: AnswerJson[];
  justification: string | null;
}

function requiredGuid(value: unknown, target: string): string {
  if (value === undefined || value === null || value === '') {
    throw invalidRequest('MissingProperty', `The property '${target}' is required.`, target);
  }
  if (typeof value !== 'string' || !isGuid(value)) {
    throw invalidRequest('InvalidId', `Expected a GUID for '${target}', got '${String(value)}'.`, target);
  }
  return value;
}

function optionalGuid(value: unknown, target: string): string | undefined {
  return value === undefined || value === null ? undefined : requiredGuid(value, target);
}

function createAdd(state: EmulatorState, request: GraphRequest, input: RequestInput): AssignmentRequestRecord {
  const { assignment } = input;
  const accessPackageId = requiredGuid(assignment.accessPackageId, 'assignment.accessPackageId');
  const pkg = state.accessPackages.get(accessPackageId.toLowerCase());
  if (pkg === undefined) {
    throw notFound('AccessPackageNotFound', `The access package '${accessPackageId}' was not found.`, 'assignment.accessPackageId');
  }
  const policy = resolvePolicy(state, input, pkg.id);
  const targetId = resolveAddTarget(state, request, input);
  checkAnswers(policy, input.answers, true);
  rejectOpenRequest(state, targetId, pkg.id);
  if (state.findActiveAssignment(targetId, pkg.id) !== undefined) {
    throw new GraphError(409, 'InvalidRequestExistingGrant', `The target already has an active assignment of access package '${pkg.id}'.`, {
      details: [{ code: 'InvalidRequestExistingGrant', message: 'The target already has access.', target: 'assignment' }],
    });
  }
  const record = newRecord(state, request, input, { accessPackageId: pkg.id, assignmentPolicyId: policy.id, targetId, assignmentId: null });
  if (policy.requiresApproval) {
    record.state = 'pendingApproval';
    record.status = 'PendingApproval';
    const auto = state.options.autoApproval;
    record.decisionAt = auto === null ? null : state.now() + auto.afterMs;
  } else {
    approveRequest(state, record, state.now());
  }
  state.addRequest(record);
  return record;
}

function resolvePolicy(state: EmulatorState, input: RequestInput, accessPackageId: string): DirectoryPolicy {
  const given = input.assignment.assignmentPolicyId;
  if ((given === undefined || given === null) && input.requestType === 'userAdd') {
    // A self-request may leave the policy out when the package has exactly one.
    const policies = state.policiesOf(accessPackageId);
    if (policies.length === 1 && policies[0] !== undefined) return policies[0];
  }
  const policyId = requiredGuid(given, 'assignment.assignmentPolicyId');
  const policy = state.policies.get(policyId.toLowerCase());
  if (policy === undefined) {
    throw notFound('AssignmentPolicyNotFound', `The assignment policy '${policyId}' was not found.`, 'assignment.assignmentPolicyId');
  }
  if (policy.accessPackageId.toLowerCase() !== accessPackageId.toLowerCase()) {
    throw invalidRequest(
      'PolicyNotInAccessPackage',
      `The assignment policy '${policyId}' does not belong to access package '${accessPackageId}'.`,
      'assignment.assignmentPolicyId',
    );
  }
  return policy;
}

/** targetId, or target.objectId, or target.email (a new subject when nobody has that address). */
function resolveAddTarget(state: EmulatorState, request: GraphRequest, input: RequestInput): string {
  const { assignment } = input;
  const target = isObject(assignment.target) ? assignment.target : {};
  const objectId = optionalGuid(assignment.targetId, 'assignment.targetId') ?? optionalGuid(target.objectId, 'assignment.target.objectId');
  if (objectId !== undefined) {
    if (!state.users.has(objectId.toLowerCase())) {
      throw notFound('SubjectNotFound', `The user '${objectId}' was not found in the directory.`, 'assignment.targetId');
    }
    return state.users.get(objectId.toLowerCase())?.id ?? objectId;
  }
  if (typeof target.email === 'string' && target.email.includes('@')) {
    const existing = state.findUser(target.email);
    if (existing !== undefined) return existing.id;
    const known = [...state.subjects.values()].find((s) => s.email?.toLowerCase() === String(target.email).toLowerCase());
    if (known !== undefined) return known.objectId;
    const id = state.newId();
    state.subjects.set(id, {
      objectId: id,
      email: target.email,
      displayName: typeof target.displayName === 'string' ? target.displayName : null,
      principalName: null,
    });
    return id;
  }
  if (input.requestType === 'userAdd') {
    if (request.caller.userId !== undefined) return request.caller.userId;
    throw invalidRequest('RequestorNotAUser', 'A userAdd request without a target needs a signed-in user (delegated token).', 'assignment.target');
  }
  throw invalidRequest('MissingProperty', "The property 'assignment.targetId' is required.", 'assignment.targetId');
}

function checkAnswers(policy: DirectoryPolicy, answers: AnswerJson[], requireAll: boolean): void {
  const questions = policy.questions ?? [];
  answers.forEach((answer, index) => {
    const question = questions.find((q) => q.id.toLowerCase() === answer.answeredQuestion.id.toLowerCase());
    const target = `answers[${index}]`;
    if (question === undefined) {
      throw invalidRequest('InvalidAnswer', `The question '${answer.answeredQuestion.id}' is not a question of policy '${policy.id}'.`, `${target}.answeredQuestion.id`);
    }
    const expectedType = question.kind === 'text' ? TEXT_QUESTION : CHOICE_QUESTION;
    const givenType = answer.answeredQuestion['@odata.type'];
    if (givenType !== '' && givenType !== expectedType && `#${givenType}` !== expectedType) {
      throw invalidRequest('InvalidAnswer', `Expected '@odata.type' '${expectedType}' for question '${question.id}', got '${givenType}'.`, `${target}.answeredQuestion.@odata.type`);
    }
    answer.answeredQuestion['@odata.type'] = expectedType;
    if (question.kind === 'multipleChoice' && !(question.choices ?? []).includes(answer.value)) {
      throw invalidRequest(
        'InvalidAnswer',
        `Expected one of ${(question.choices ?? []).map((c) => `'${c}'`).join(', ')} for question '${question.id}', got '${answer.value}'.`,
        `${target}.value`,
      );
    }
  });
  if (!requireAll) return;
  for (const question of questions) {
    if (!question.isRequired) continue;
    const answer = answers.find((a) => a.answeredQuestion.id.toLowerCase() === question.id.toLowerCase());
    if (answer === undefined || answer.value.trim() === '') {
      throw invalidRequest('RequiredQuestionNotAnswered', `The required question '${question.text}' (${question.id}) has no answer.`, 'answers');
    }
  }
}

function rejectOpenRequest(state: EmulatorState, targetId: string, accessPackageId: string): void {
  const open = state.findOpenRequest(targetId, accessPackageId);
  if (open === undefined) return;
  const message = `There is already an open request '${open.id}' (${open.state}) for this target and access package.`;
  throw new GraphError(400, 'InvalidRequest', message, { details: [{ code: 'ExistingOpenRequest', message, target: 'assignment' }] });
}

/** adminRemove/userRemove/adminUpdate/userUpdate name an assignment by `id` (or by target and package). */
function createChange(state: EmulatorState, request: GraphRequest, input: RequestInput): AssignmentRequestRecord {
  const { assignment } = input;
  let existing;
  const id = optionalGuid(assignment.id, 'assignment.id');
  if (id !== undefined) {
    existing = state.assignments.get(id.toLowerCase());
    if (existing === undefined) throw notFound('AssignmentNotFound', `The assignment '${id}' was not found.`, 'assignment.id');
  } else {
    const targetId =
      optionalGuid(assignment.targetId, 'assignment.targetId') ??
      optionalGuid(isObject(assignment.target) ? assignment.target.objectId : undefined, 'assignment.target.objectId') ??
      (input.requestType.startsWith('user') ? request.caller.userId : undefined);
    if (targetId === undefined) throw invalidRequest('MissingProperty', "The property 'assignment.id' is required.", 'assignment.id');
    const accessPackageId = requiredGuid(assignment.accessPackageId, 'assignment.accessPackageId');
    existing = state.findActiveAssignment(targetId, accessPackageId);
    if (existing === undefined) throw noActiveGrant(`${targetId} in ${accessPackageId}`);
  }
  rejectOpenRequest(state, existing.targetId, existing.accessPackageId);
  if (existing.state !== 'delivered') throw noActiveGrant(existing.id);
  const policy = state.policies.get(existing.assignmentPolicyId.toLowerCase());
  if (policy !== undefined) checkAnswers(policy, input.answers, false);
  const record = newRecord(state, request, input, {
    accessPackageId: existing.accessPackageId,
    assignmentPolicyId: existing.assignmentPolicyId,
    targetId: existing.targetId,
    assignmentId: existing.id,
  });
  approveRequest(state, record, state.now());
  state.addRequest(record);
  return record;
}

function noActiveGrant(what: string): GraphError {
  return new GraphError(404, 'InvalidRequestNoActiveGrant', `There is no active assignment to change (${what}).`, {
    details: [{ code: 'InvalidRequestNoActiveGrant', message: 'The target has no active assignment.', target: 'assignment' }],
  });
}

function newRecord(
  state: EmulatorState,
  request: GraphRequest,
  input: RequestInput,
  links: Pick<AssignmentRequestRecord, 'accessPackageId' | 'assignmentPolicyId' | 'targetId' | 'assignmentId'>,
): AssignmentRequestRecord {
  return {
    id: state.newId(),
    requestType: input.requestType,
    kind: input.kind,
    state: 'submitted',
    status: 'Accepted',
    createdDateTime: new Date(state.now()).toISOString(),
    completedDateTime: null,
    justification: input.justification,
    schedule: input.schedule,
    answers: input.answers,
    ...links,
    requestorId: request.caller.userId ?? null,
    deliveringAt: null,
    deliveredAt: null,
    decisionAt: null,
  };
}
