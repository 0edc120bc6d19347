import type { GraphClient } from './graph-client.js';
import { ASSIGNMENTS_PATH, ASSIGNMENT_REQUESTS_PATH, OPEN_REQUEST_STATES, requestTargetOf, type AssignmentRequestJson } from './entitlement-paths.js';
import { odataString } from './graph-url.js';

/** Delivered assignments of one package, by target user id (lower-cased) -> assignment id. */
export type DeliveredAssignments = ReadonlyMap<string, string>;

/** Open requests of one package, by target user id or email (lower-cased) -> request id. */
export type OpenRequests = ReadonlyMap<string, string>;

interface AssignmentJson {
  id?: unknown;
  targetId?: unknown;
  target?: { objectId?: unknown } | null;
}

/**
 * One paged list per package and run instead of one call per row: the delivered assignments (for removals,
 * updates and the skip-existing check) and the open requests (for the skip-existing check).
 */
export class PackageIndexes {
  private readonly delivered = new Map<string, Promise<DeliveredAssignments>>();
  private readonly open = new Map<string, Promise<OpenRequests>>();
  /** `package|target` pairs this run sent a request for, with when: the lists above are older than that. */
  private readonly changed = new Map<string, number>();

  constructor(private readonly client: GraphClient) {}

  /**
   * The run sent a request for this target (user id or email) and package: later rows for the same pair (an add
   * then a removal in one file) are checked against Graph as it is now, not against the lists read earlier.
   */
  noteChanged(accessPackageId: string, target: string): void {
    const key = pairKey(accessPackageId, target);
    if (!this.changed.has(key)) this.changed.set(key, this.client.clock.now());
  }

  /** The delivered assignment the target holds in the package, if any. */
  async deliveredAssignmentOf(accessPackageId: string, userId: string): Promise<string | undefined> {
    if (!this.changed.has(pairKey(accessPackageId, userId))) return (await this.deliveredAssignments(accessPackageId)).get(userId.toLowerCase());
    const query = {
      $filter: `accessPackage/id eq ${odataString(accessPackageId)} and target/objectId eq ${odataString(userId)} and state eq 'delivered'`,
      $expand: 'target',
    };
    for await (const assignment of this.client.paginate<AssignmentJson>(ASSIGNMENTS_PATH, query)) {
      if (typeof assignment.id === 'string') return assignment.id;
    }
    return undefined;
  }

  /** The id of a request still open for the target (user id or email) in the package, if any. */
  async openRequestOf(accessPackageId: string, target: string): Promise<string | undefined> {
    const changedAt = this.changed.get(pairKey(accessPackageId, target));
    if (changedAt === undefined) return (await this.openRequests(accessPackageId)).get(target.toLowerCase());
    // Requests made before this run's change are in the list read earlier; only newer ones need reading.
    const since = new Date(changedAt - 120_000).toISOString();
    const query = { $filter: `accessPackage/id eq ${odataString(accessPackageId)} and createdDateTime ge ${since}`, $expand: 'assignment($expand=target)' };
    for await (const request of this.client.paginate<AssignmentRequestJson>(ASSIGNMENT_REQUESTS_PATH, query)) {
      if (!OPEN_REQUEST_STATES.has((request.state ?? '').toLowerCase())) continue;
      const found = requestTargetOf(request);
      if (found.objectId?.toLowerCase() === target.toLowerCase() || found.email?.toLowerCase() === target.toLowerCase()) return request.id;
    }
    return undefined;
  }

  deliveredAssignments(accessPackageId: string): Promise<DeliveredAssignments> {
    return memo(this.delivered, accessPackageId, () => this.listDelivered(accessPackageId));
  }

  openRequests(accessPackageId: string): Promise<OpenRequests> {
    return memo(this.open, accessPackageId, () => this.listOpen(accessPackageId));
  }

  private async listDelivered(accessPackageId: string): Promise<DeliveredAssignments> {
    const byUser = new Map<string, string>();
    const query = { $filter: `accessPackage/id eq ${odataString(accessPackageId)} and state eq 'delivered'`, $expand: 'target' };
    for await (const assignment of this.client.paginate<AssignmentJson>(ASSIGNMENTS_PATH, query)) {
      const userId = typeof assignment.target?.objectId === 'string' ? assignment.target.objectId : assignment.targetId;
      if (typeof assignment.id === 'string' && typeof userId === 'string') byUser.set(userId.toLowerCase(), assignment.id);
    }
    return byUser;
  }

  private async listOpen(accessPackageId: string): Promise<OpenRequests> {
    const byTarget = new Map<string, string>();
    // Graph's `$filter` on requests takes no `or`, so the open states are picked here.
    const query = { $filter: `accessPackage/id eq ${odataString(accessPackageId)}`, $expand: 'assignment($expand=target)' };
    for await (const request of this.client.paginate<AssignmentRequestJson>(ASSIGNMENT_REQUESTS_PATH, query)) {
      if (!OPEN_REQUEST_STATES.has((request.state ?? '').toLowerCase())) continue;
      const target = requestTargetOf(request);
      if (target.objectId) byTarget.set(target.objectId.toLowerCase(), request.id);
      if (target.email) byTarget.set(target.email.toLowerCase(), request.id);
    }
    return byTarget;
  }
}

function pairKey(accessPackageId: string, target: string): string {
  return `${accessPackageId}|${target}`.toLowerCase();
}

function memo<T>(store: Map<string, Promise<T>>, key: string, load: () => Promise<T>): Promise<T> {
  const lower = key.toLowerCase();
  let pending = store.get(lower);
  if (!pending) {
    pending = load();
    // A failed list is not remembered: the next row asks again.
    pending.catch(() => store.delete(lower));
    store.set(lower, pending);
  }
  return pending;
}
