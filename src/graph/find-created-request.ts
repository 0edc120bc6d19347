import type { GraphClient } from './graph-client.js';
import { ASSIGNMENT_REQUESTS_PATH, requestTargetOf, type AssignmentRequestJson } from './entitlement-paths.js';
import { isGraphError, isRecord } from './graph-error.js';
import { odataString } from './graph-url.js';

/** What identifies the request a POST may have created. */
export interface RequestFingerprint {
  requestType: string;
  /** Known for adds (in the body) and, from resolution, for removals and updates. */
  accessPackageId?: string;
  /** The user by directory id (`targetId` or `target.objectId`). */
  targetId?: string;
  /** The user by email (`--invite`). */
  targetEmail?: string;
  /** For removals and updates: the assignment acted on. */
  assignmentId?: string;
}

export interface FoundRequest {
  id: string;
  state: string | undefined;
  status: string | undefined;
  createdDateTime: string | undefined;
}

/**
 * The fingerprint of the request a body would create, from the body itself plus what resolution knew.
 */
export function fingerprintOf(body: unknown, known: { accessPackageId?: string; targetId?: string } = {}): RequestFingerprint {
  const record = isRecord(body) ? body : {};
  const assignment = isRecord(record['assignment']) ? record['assignment'] : {};
  const target = isRecord(assignment['target']) ? assignment['target'] : {};
  const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
  const accessPackageId = text(assignment['accessPackageId']) ?? known.accessPackageId;
  const targetId = text(assignment['targetId']) ?? text(target['objectId']) ?? known.targetId;
  const targetEmail = text(target['email']);
  const assignmentId = text(assignment['id']);
  return {
    requestType: text(record['requestType']) ?? 'unknown',
    ...(accessPackageId ? { accessPackageId } : {}),
    ...(targetId ? { targetId } : {}),
    ...(targetEmail ? { targetEmail } : {}),
    ...(assignmentId ? { assignmentId } : {}),
  };
}

/**
 * Whether a listed request is the one the fingerprint describes. Pure. `targetFiltered`: the list was already
 * filtered on the target, so a request whose target Graph did not spell out (an add still waiting for approval has
 * no assignment yet) counts as that target's.
 */
export function matchesFingerprint(request: AssignmentRequestJson, fingerprint: RequestFingerprint, options: { targetFiltered?: boolean } = {}): boolean {
  if ((request.requestType ?? '').toLowerCase() !== fingerprint.requestType.toLowerCase()) return false;
  if (fingerprint.assignmentId !== undefined) {
    return (request.assignment?.id ?? '').toLowerCase() === fingerprint.assignmentId.toLowerCase();
  }
  const target = requestTargetOf(request);
  if (fingerprint.targetId !== undefined) {
    if (target.objectId === undefined) return options.targetFiltered === true;
    return target.objectId.toLowerCase() === fingerprint.targetId.toLowerCase();
  }
  if (fingerprint.targetEmail !== undefined) return (target.email ?? '').toLowerCase() === fingerprint.targetEmail.toLowerCase();
  // A self-service request: the signed-in user is the target, so the package and type are all there is.
  return true;
}

/**
 * Looks for the assignment request a POST may have created although its answer never arrived: requests of the
 * same type for the same package and target (or assignment) created at or after `since` (ms since the epoch).
 * Used after a timeout, a reset or a 5xx, and by resume for rows that were in flight when a run died.
 */
export async function findCreatedRequest(client: GraphClient, fingerprint: RequestFingerprint, since: number): Promise<FoundRequest | undefined> {
  const clauses = [`createdDateTime ge ${new Date(since).toISOString()}`];
  if (fingerprint.accessPackageId !== undefined) clauses.unshift(`accessPackage/id eq ${odataString(fingerprint.accessPackageId)}`);
  if (fingerprint.targetId !== undefined && fingerprint.assignmentId === undefined) {
    try {
      return await earliestMatch(client, [...clauses, `target/objectId eq ${odataString(fingerprint.targetId)}`], fingerprint, true);
    } catch (error) {
      // Not every Graph deployment filters requests on their target: then the package's list is read instead.
      if (!(isGraphError(error) && error.status === 400)) throw error;
    }
  }
  return earliestMatch(client, clauses, fingerprint, false);
}

async function earliestMatch(client: GraphClient, clauses: string[], fingerprint: RequestFingerprint, targetFiltered: boolean): Promise<FoundRequest | undefined> {
  const query = { $filter: clauses.join(' and '), $expand: 'assignment($expand=target)' };
  let best: AssignmentRequestJson | undefined;
  for await (const request of client.paginate<AssignmentRequestJson>(ASSIGNMENT_REQUESTS_PATH, query)) {
    if (!matchesFingerprint(request, fingerprint, { targetFiltered })) continue;
    // The earliest match is ours: a later one would be somebody else's retry.
    if (!best || (request.createdDateTime ?? '') < (best.createdDateTime ?? '')) best = request;
  }
  if (!best) return undefined;
  return { id: best.id, state: best.state, status: best.status, createdDateTime: best.createdDateTime ?? undefined };
}
