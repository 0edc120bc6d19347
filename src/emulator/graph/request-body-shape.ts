import { badRequest, invalidRequest } from './graph-error.js';
import type { AnswerJson, ScheduleJson } from '../state/records.js';
import { ANSWER_STRING } from './serialize.js';

/** Property names Graph v1.0 knows on each type a POST body may carry (metadata properties and navigation). */
export const KNOWN_PROPERTIES = {
  'microsoft.graph.accessPackageAssignmentRequest': [
    'id', 'requestType', 'assignment', 'schedule', 'justification', 'answers', 'state', 'status',
    'createdDateTime', 'completedDateTime', 'requestor', 'accessPackage', 'customExtensionCalloutInstances',
  ],
  'microsoft.graph.accessPackageAssignment': [
    'id', 'targetId', 'target', 'assignmentPolicyId', 'accessPackageId', 'schedule', 'state', 'status',
    'expiredDateTime', 'accessPackage', 'assignmentPolicy', 'customExtensionCalloutInstances',
  ],
  'microsoft.graph.accessPackageSubject': [
    'id', 'objectId', 'email', 'displayName', 'principalName', 'subjectType', 'onPremisesSecurityIdentifier',
    'subjectLifecycle', 'connectedOrganization',
  ],
  'microsoft.graph.entitlementManagementSchedule': ['startDateTime', 'expiration', 'recurrence'],
  'microsoft.graph.expirationPattern': ['type', 'endDateTime', 'duration'],
  'microsoft.graph.accessPackageAnswerString': ['value', 'displayValue', 'answeredQuestion'],
  'microsoft.graph.accessPackageQuestion': [
    'id', 'isRequired', 'isAnswerEditable', 'sequence', 'text', 'localizations', 'choices',
    'isMultipleSelectionAllowed', 'isSingleLineQuestion', 'regexPattern',
  ],
} as const;

export type KnownType = keyof typeof KNOWN_PROPERTIES;

/** The v1.0 `accessPackageRequestType` members. */
export const REQUEST_TYPE_MEMBERS = [
  'notSpecified', 'userAdd', 'userUpdate', 'userRemove', 'adminAdd', 'adminUpdate', 'adminRemove',
  'systemAdd', 'systemUpdate', 'systemRemove', 'onBehalfAdd', 'unknownFutureValue', 'approverRemove',
] as const;

export const EXPIRATION_TYPE_MEMBERS = ['notSpecified', 'noExpiration', 'afterDateTime', 'afterDuration'] as const;

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Graph's OData reader rejects a member its type does not declare. */
export function rejectUnknownProperties(value: JsonObject, type: KnownType, extra: readonly string[] = []): void {
  const known: readonly string[] = KNOWN_PROPERTIES[type];
  for (const name of Object.keys(value)) {
    if (name.startsWith('@odata.') || known.includes(name) || extra.includes(name)) continue;
    throw badRequest(
      `The property '${name}' does not exist on type '${type}'. Make sure to only use property names that are defined by the type or mark the type as open type.`,
    );
  }
}

/** Matches an enum member the way Graph's reader does (case-insensitively) and returns its spelling. */
export function enumMember<T extends string>(value: unknown, members: readonly T[], enumName: string): T | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw badRequest(`Cannot convert the literal '${String(value)}' to the expected type '${enumName}'.`);
  const member = members.find((m) => m.toLowerCase() === value.toLowerCase());
  if (member === undefined) throw badRequest(`Cannot convert the literal '${value}' to the expected type '${enumName}'.`);
  return member;
}

const DATE_TIME_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
const DURATION = /^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$/;

function dateTimeOrNull(value: unknown, target: string): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string' || !DATE_TIME_OFFSET.test(value) || Number.isNaN(Date.parse(value))) {
    throw badRequest(`Cannot convert the literal '${String(value)}' to the expected type 'Edm.DateTimeOffset' (${target}).`);
  }
  return value;
}

function durationOrNull(value: unknown, target: string): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string' || !DURATION.test(value)) {
    throw badRequest(`Cannot convert the literal '${String(value)}' to the expected type 'Edm.Duration' (${target}).`);
  }
  return value;
}

/** Checks a `schedule` and returns it with every member present, as Graph echoes it. */
export function readSchedule(value: unknown, target: string, now: number): ScheduleJson {
  const schedule: ScheduleJson = {
    startDateTime: null,
    recurrence: null,
    expiration: { endDateTime: null, duration: null, type: 'notSpecified' },
  };
  if (value === undefined || value === null) return schedule;
  if (!isObject(value)) throw badRequest(`Expected an object for '${target}'.`);
  rejectUnknownProperties(value, 'microsoft.graph.entitlementManagementSchedule');
  schedule.startDateTime = dateTimeOrNull(value.startDateTime, `${target}.startDateTime`);
  const expiration = value.expiration;
  if (expiration === undefined || expiration === null) return schedule;
  if (!isObject(expiration)) throw badRequest(`Expected an object for '${target}.expiration'.`);
  rejectUnknownProperties(expiration, 'microsoft.graph.expirationPattern');
  const type = enumMember(expiration.type, EXPIRATION_TYPE_MEMBERS, 'microsoft.graph.expirationPatternType') ?? 'notSpecified';
  const endDateTime = dateTimeOrNull(expiration.endDateTime, `${target}.expiration.endDateTime`);
  const duration = durationOrNull(expiration.duration, `${target}.expiration.duration`);
  if (type === 'afterDateTime') {
    if (endDateTime === null) {
      throw invalidRequest('InvalidExpiration', "An expiration of type 'afterDateTime' needs 'endDateTime'.", `${target}.expiration.endDateTime`);
    }
    if (Date.parse(endDateTime) <= now) {
      throw invalidRequest('InvalidExpiration', `The expiration '${endDateTime}' is in the past.`, `${target}.expiration.endDateTime`);
    }
    if (schedule.startDateTime !== null && Date.parse(schedule.startDateTime) >= Date.parse(endDateTime)) {
      throw invalidRequest('InvalidExpiration', 'The schedule starts after it expires.', `${target}.expiration.endDateTime`);
    }
  }
  if (type === 'afterDuration' && duration === null) {
    throw invalidRequest('InvalidExpiration', "An expiration of type 'afterDuration' needs 'duration'.", `${target}.expiration.duration`);
  }
  schedule.expiration = {
    type,
    endDateTime: type === 'afterDateTime' ? endDateTime : null,
    duration: type === 'afterDuration' ? duration : null,
  };
  return schedule;
}

/** Checks the shape of `answers` (not yet against the policy's questions). */
export function readAnswers(value: unknown): AnswerJson[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw badRequest("Expected an array for 'answers'.");
  return value.map((answer: unknown, index) => {
    const target = `answers[${index}]`;
    if (!isObject(answer)) throw badRequest(`Expected an object for '${target}'.`);
    const type = answer['@odata.type'];
    if (type !== ANSWER_STRING && type !== ANSWER_STRING.slice(1)) {
      throw invalidRequest(
        'InvalidAnswer',
        `Expected '@odata.type' '${ANSWER_STRING}' for an answer, got '${String(type)}'.`,
        `${target}.@odata.type`,
      );
    }
    rejectUnknownProperties(answer, 'microsoft.graph.accessPackageAnswerString');
    const question = answer.answeredQuestion;
    if (!isObject(question) || typeof question.id !== 'string') {
      throw invalidRequest('InvalidAnswer', "An answer needs 'answeredQuestion' with the question's 'id'.", `${target}.answeredQuestion`);
    }
    rejectUnknownProperties(question, 'microsoft.graph.accessPackageQuestion');
    if (typeof answer.value !== 'string') {
      throw invalidRequest('InvalidAnswer', "An answer needs a string 'value'.", `${target}.value`);
    }
    const displayValue = answer.displayValue;
    if (displayValue !== undefined && displayValue !== null && typeof displayValue !== 'string') {
      throw badRequest(`Expected a string for '${target}.displayValue'.`);
    }
    return {
      '@odata.type': ANSWER_STRING,
      value: answer.value,
      displayValue: displayValue ?? null,
      answeredQuestion: {
        '@odata.type': typeof question['@odata.type'] === 'string' ? question['@odata.type'] : '',
        id: question.id,
      },
    };
  });
}
