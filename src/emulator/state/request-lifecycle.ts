import type { EmulatorState } from './emulator-state.js';
import type { AssignmentRequestRecord } from './records.js';

const iso = (ms: number): string => new Date(ms).toISOString();

/**
 * One request's state machine: `submitted` -> `delivering` (at half the delivery delay) -> `delivered`;
 * `pendingApproval` waits for a decision (manual, or automatic when configured). Delivery applies the
 * request: an add's assignment becomes `delivered`, a removal's becomes `expired`, an update's takes the
 * new schedule.
 */
export function advanceRequest(state: EmulatorState, request: AssignmentRequestRecord, now: number): void {
  if (request.state === 'pendingApproval' && request.decisionAt !== null && now >= request.decisionAt) {
    const decision = state.options.autoApproval?.decision ?? 'approve';
    if (decision === 'approve') approveRequest(state, request, request.decisionAt);
    else denyRequest(request, request.decisionAt);
  }
  if (request.state === 'submitted' && request.deliveringAt !== null && now >= request.deliveringAt) {
    request.state = 'delivering';
    request.status = 'Delivering';
  }
  if (request.state === 'delivering' && request.deliveredAt !== null && now >= request.deliveredAt) {
    deliver(state, request, request.deliveredAt);
  }
}

function deliver(state: EmulatorState, request: AssignmentRequestRecord, at: number): void {
  request.state = 'delivered';
  request.status = 'Delivered';
  request.completedDateTime = iso(at);
  request.deliveringAt = null;
  request.deliveredAt = null;
  const assignment = request.assignmentId === null ? undefined : state.assignments.get(request.assignmentId.toLowerCase());
  if (assignment === undefined) return;
  if (request.kind === 'add') {
    assignment.state = 'delivered';
    assignment.status = 'Delivered';
    if (assignment.schedule.startDateTime === null) assignment.schedule.startDateTime = iso(at);
  } else if (request.kind === 'remove') {
    assignment.state = 'expired';
    assignment.status = 'Expired';
    assignment.expiredDateTime = iso(at);
  } else if (request.schedule.expiration.type !== 'notSpecified' || request.schedule.startDateTime !== null) {
    assignment.schedule = structuredClone(request.schedule);
  }
}

/** Creates the add's assignment (`delivering`) and schedules delivery from `at`. */
export function approveRequest(state: EmulatorState, request: AssignmentRequestRecord, at: number): void {
  const delay = state.options.deliveryDelayMs;
  request.decisionAt = null;
  request.state = 'submitted';
  request.status = 'Accepted';
  request.deliveringAt = at + delay / 2;
  request.deliveredAt = at + delay;
  if (request.kind === 'add' && request.assignmentId === null) {
    const id = state.newId();
    request.assignmentId = id;
    state.addAssignment({
      id,
      accessPackageId: request.accessPackageId,
      assignmentPolicyId: request.assignmentPolicyId,
      targetId: request.targetId,
      state: 'delivering',
      status: 'Delivering',
      schedule: structuredClone(request.schedule),
      expiredDateTime: null,
    });
  }
}

export function denyRequest(request: AssignmentRequestRecord, at: number): void {
  request.decisionAt = null;
  request.state = 'denied';
  request.status = 'Denied';
  request.completedDateTime = iso(at);
}
