/**
 * The JSON body of `POST /identityGovernance/entitlementManagement/assignmentRequests`, with Graph v1.0
 * property names. Members are declared in the order apbatch writes them (SPEC section 3), because a
 * plan printed twice must read the same and people diff these lines.
 */
import type { RequestType } from '../core/domain.js';

/** `assignment` of an `adminAdd` for a user already in the directory. */
export interface AssignmentForDirectoryUser {
  targetId: string;
  assignmentPolicyId: string;
  accessPackageId: string;
}

/** `assignment` of an `adminAdd` for someone not in the directory yet (`--invite`): Graph invites them. */
export interface AssignmentForInvitee {
  target: { email: string };
  assignmentPolicyId: string;
  accessPackageId: string;
}

/** `assignment` of a `userAdd`: the signed-in user asks for themselves, or for a direct report (`target`). */
export interface AssignmentForRequestor {
  accessPackageId: string;
  assignmentPolicyId: string;
  target?: { objectId: string };
}

/** `assignment` of an update or removal: the existing assignment. */
export interface ExistingAssignmentRef {
  id: string;
}

export type AssignmentMember =
  | AssignmentForDirectoryUser
  | AssignmentForInvitee
  | AssignmentForRequestor
  | ExistingAssignmentRef;

/** Graph's `expirationPattern` with only the members that apply to its `type`. */
export type ExpirationPattern =
  | { type: 'noExpiration' }
  | { type: 'afterDateTime'; endDateTime: string }
  | { type: 'afterDuration'; duration: string };

/** Graph's `entitlementManagementSchedule`; at least one member is present when it is sent at all. */
export interface RequestSchedule {
  startDateTime?: string;
  expiration?: ExpirationPattern;
}

export const TEXT_QUESTION_TYPE = '#microsoft.graph.accessPackageTextInputQuestion';
export const CHOICE_QUESTION_TYPE = '#microsoft.graph.accessPackageMultipleChoiceQuestion';
export const ANSWER_STRING_TYPE = '#microsoft.graph.accessPackageAnswerString';

export type QuestionODataType = typeof TEXT_QUESTION_TYPE | typeof CHOICE_QUESTION_TYPE;

export interface AnswerString {
  '@odata.type': typeof ANSWER_STRING_TYPE;
  value: string;
  displayValue?: string;
  answeredQuestion: { '@odata.type': QuestionODataType; id: string };
}

export interface AssignmentRequestBody {
  requestType: RequestType;
  assignment: AssignmentMember;
  schedule?: RequestSchedule;
  justification?: string;
  answers?: AnswerString[];
}
