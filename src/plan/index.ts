/** The plan stage: a validated row and the ids resolved so far become a Graph request body. Pure. */
export type {
  AnswerString,
  AssignmentForDirectoryUser,
  AssignmentForInvitee,
  AssignmentForRequestor,
  AssignmentMember,
  AssignmentRequestBody,
  ExistingAssignmentRef,
  ExpirationPattern,
  QuestionODataType,
  RequestSchedule,
} from './assignment-request-body.js';
export { ANSWER_STRING_TYPE, CHOICE_QUESTION_TYPE, TEXT_QUESTION_TYPE } from './assignment-request-body.js';
export { buildAnswers, type AnswersResult } from './answers.js';
export { BODY_SHAPES, shapeBodyFor, type BodyShape } from './body-shapes.js';
export { buildAssignmentRequest, type AssignmentRequestPlan } from './build-assignment-request.js';
export { planLine, planLineOffline, type NotSentLine, type PlanLine, type WouldSendLine } from './plan-line.js';
export { DEFAULT_PLAN_OPTIONS, resolveOffline, type PlanOptions, type ResolvedTargets } from './resolved-targets.js';
export { buildSchedule } from './schedule.js';
