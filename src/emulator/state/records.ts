/** The mutable records the emulator keeps besides the directory: Graph's shapes, minus navigation. */

export interface ExpirationJson {
  endDateTime: string | null;
  duration: string | null;
  type: string;
}

/** `entitlementManagementSchedule` as Graph returns it (every member present, `null` when unset). */
export interface ScheduleJson {
  startDateTime: string | null;
  recurrence: null;
  expiration: ExpirationJson;
}

export interface AnswerJson {
  '@odata.type': string;
  value: string;
  displayValue: string | null;
  answeredQuestion: { '@odata.type': string; id: string };
}

/** Someone an assignment is for: a directory user, or a subject known only by email (`--invite`). */
export interface SubjectRecord {
  objectId: string;
  displayName: string | null;
  email: string | null;
  principalName: string | null;
}

export interface AssignmentRecord {
  id: string;
  accessPackageId: string;
  assignmentPolicyId: string;
  targetId: string;
  state: 'delivering' | 'delivered' | 'expired' | 'deliveryFailed';
  status: string;
  schedule: ScheduleJson;
  expiredDateTime: string | null;
}

export const OPEN_REQUEST_STATES = ['submitted', 'pendingApproval', 'delivering', 'scheduled'] as const;

export type RequestState =
  | 'submitted'
  | 'pendingApproval'
  | 'delivering'
  | 'delivered'
  | 'deliveryFailed'
  | 'denied'
  | 'scheduled'
  | 'canceled';

export type RequestKind = 'add' | 'update' | 'remove';

export interface AssignmentRequestRecord {
  id: string;
  requestType: string;
  kind: RequestKind;
  state: RequestState;
  status: string;
  createdDateTime: string;
  completedDateTime: string | null;
  justification: string | null;
  schedule: ScheduleJson;
  answers: AnswerJson[];
  accessPackageId: string;
  assignmentPolicyId: string;
  targetId: string;
  /** The assignment it creates, changes or ends; `null` while an add waits for approval. */
  assignmentId: string | null;
  requestorId: string | null;
  /** Epoch ms of the next transitions, `null` when not scheduled (waiting for approval, or final). */
  deliveringAt: number | null;
  deliveredAt: number | null;
  /** Automatic approval decision time, when the emulator was told to decide on its own. */
  decisionAt: number | null;
}

export function emptySchedule(): ScheduleJson {
  return { startDateTime: null, recurrence: null, expiration: { endDateTime: null, duration: null, type: 'notSpecified' } };
}
