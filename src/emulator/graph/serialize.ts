import type { DirectoryAccessPackage, DirectoryCatalog, DirectoryPolicy, DirectoryQuestion, DirectoryUser } from '../directory/directory-schema.js';
import type { EmulatorState } from '../state/emulator-state.js';
import type { AssignmentRecord, AssignmentRequestRecord } from '../state/records.js';
import type { ExpandTree } from './odata-query.js';

/** Graph's JSON for each entity; `expand` adds navigation properties. */
const FIXED_DATE = '2024-01-01T00:00:00Z';

export function userJson(user: DirectoryUser): Record<string, unknown> {
  return {
    id: user.id,
    displayName: user.displayName,
    userPrincipalName: user.userPrincipalName,
    mail: user.mail ?? null,
    accountEnabled: user.accountEnabled ?? true,
    userType: user.userType ?? 'Member',
  };
}

export function catalogJson(catalog: DirectoryCatalog): Record<string, unknown> {
  return {
    id: catalog.id,
    displayName: catalog.displayName,
    description: catalog.description ?? catalog.displayName,
    catalogType: 'userManaged',
    state: 'published',
    isExternallyVisible: false,
    createdDateTime: FIXED_DATE,
    modifiedDateTime: FIXED_DATE,
  };
}

export function accessPackageJson(state: EmulatorState, pkg: DirectoryAccessPackage, expand: ExpandTree): Record<string, unknown> {
  const json: Record<string, unknown> = {
    id: pkg.id,
    displayName: pkg.displayName,
    description: pkg.description ?? pkg.displayName,
    isHidden: pkg.isHidden ?? false,
    createdDateTime: FIXED_DATE,
    modifiedDateTime: FIXED_DATE,
  };
  const policies = expand.get('assignmentpolicies');
  if (policies !== undefined) json.assignmentPolicies = state.policiesOf(pkg.id).map((p) => policyJson(state, p, policies));
  if (expand.has('catalog')) {
    const catalog = state.catalogs.get(pkg.catalogId.toLowerCase());
    json.catalog = catalog === undefined ? null : catalogJson(catalog);
  }
  return json;
}

export function questionJson(question: DirectoryQuestion, sequence: number): Record<string, unknown> {
  const common = {
    id: question.id,
    sequence,
    isRequired: question.isRequired,
    isAnswerEditable: true,
    text: question.text,
    localizations: [],
  };
  if (question.kind === 'text') {
    return { '@odata.type': TEXT_QUESTION, ...common, isSingleLineQuestion: true, regexPattern: null };
  }
  return {
    '@odata.type': CHOICE_QUESTION,
    ...common,
    choices: (question.choices ?? []).map((choice) => ({ actualValue: choice, text: choice, localizations: [] })),
    isMultipleSelectionAllowed: false,
  };
}

export const TEXT_QUESTION = '#microsoft.graph.accessPackageTextInputQuestion';
export const CHOICE_QUESTION = '#microsoft.graph.accessPackageMultipleChoiceQuestion';
export const ANSWER_STRING = '#microsoft.graph.accessPackageAnswerString';

export function policyJson(state: EmulatorState, policy: DirectoryPolicy, expand: ExpandTree): Record<string, unknown> {
  const approval = policy.requiresApproval ?? false;
  const json: Record<string, unknown> = {
    id: policy.id,
    displayName: policy.displayName,
    description: policy.description ?? policy.displayName,
    allowedTargetScope: approval ? 'allMemberUsers' : 'notSpecified',
    createdDateTime: FIXED_DATE,
    modifiedDateTime: FIXED_DATE,
    expiration: { endDateTime: null, duration: null, type: 'noExpiration' },
    requestApprovalSettings: {
      isApprovalRequiredForAdd: approval,
      isApprovalRequiredForUpdate: approval,
      stages: [],
    },
  };
  if (expand.has('questions')) json.questions = (policy.questions ?? []).map((q, i) => questionJson(q, i));
  if (expand.has('accesspackage')) {
    const pkg = state.accessPackages.get(policy.accessPackageId.toLowerCase());
    json.accessPackage = pkg === undefined ? null : accessPackageJson(state, pkg, new Map());
  }
  if (expand.has('catalog')) {
    const pkg = state.accessPackages.get(policy.accessPackageId.toLowerCase());
    const catalog = pkg === undefined ? undefined : state.catalogs.get(pkg.catalogId.toLowerCase());
    json.catalog = catalog === undefined ? null : catalogJson(catalog);
  }
  return json;
}

export function subjectJson(state: EmulatorState, objectId: string): Record<string, unknown> | null {
  const subject = state.subjects.get(objectId.toLowerCase());
  if (subject === undefined) return null;
  return {
    id: subject.objectId,
    objectId: subject.objectId,
    displayName: subject.displayName,
    email: subject.email,
    principalName: subject.principalName,
    onPremisesSecurityIdentifier: null,
    subjectType: 'user',
  };
}

export function assignmentJson(state: EmulatorState, assignment: AssignmentRecord, expand: ExpandTree): Record<string, unknown> {
  const json: Record<string, unknown> = {
    id: assignment.id,
    state: assignment.state,
    status: assignment.status,
    expiredDateTime: assignment.expiredDateTime,
    schedule: assignment.schedule,
    customExtensionCalloutInstances: [],
  };
  if (expand.has('target')) json.target = subjectJson(state, assignment.targetId);
  const pkgExpand = expand.get('accesspackage');
  if (pkgExpand !== undefined) {
    const pkg = state.accessPackages.get(assignment.accessPackageId.toLowerCase());
    json.accessPackage = pkg === undefined ? null : accessPackageJson(state, pkg, pkgExpand);
  }
  const policyExpand = expand.get('assignmentpolicy');
  if (policyExpand !== undefined) {
    const policy = state.policies.get(assignment.assignmentPolicyId.toLowerCase());
    json.assignmentPolicy = policy === undefined ? null : policyJson(state, policy, policyExpand);
  }
  return json;
}

export function requestJson(state: EmulatorState, request: AssignmentRequestRecord, expand: ExpandTree): Record<string, unknown> {
  const json: Record<string, unknown> = {
    id: request.id,
    requestType: request.requestType,
    state: request.state,
    status: request.status,
    createdDateTime: request.createdDateTime,
    completedDateTime: request.completedDateTime,
    justification: request.justification,
    schedule: request.schedule,
    answers: request.answers,
    customExtensionCalloutInstances: [],
  };
  const pkgExpand = expand.get('accesspackage');
  if (pkgExpand !== undefined) {
    const pkg = state.accessPackages.get(request.accessPackageId.toLowerCase());
    json.accessPackage = pkg === undefined ? null : accessPackageJson(state, pkg, pkgExpand);
  }
  const assignmentExpand = expand.get('assignment');
  if (assignmentExpand !== undefined) {
    const assignment = request.assignmentId === null ? undefined : state.assignments.get(request.assignmentId.toLowerCase());
    json.assignment = assignment === undefined ? null : assignmentJson(state, assignment, assignmentExpand);
  }
  if (expand.has('requestor')) json.requestor = request.requestorId === null ? null : subjectJson(state, request.requestorId);
  return json;
}
