import type { RequestType, SkipReason, ValidRow } from '../core/domain.js';
import type { ResolvedTargets } from '../plan/index.js';
import type { PackageIndexes } from './assignment-index.js';

/** What Graph holds for a row's user and package, as far as the pre-check needs it. */
export interface ExistingAccess {
  /** The user holds a delivered assignment of the package. */
  holdsDeliveredAssignment: boolean;
  /** The row names an assignment id and it is one of the package's delivered assignments. */
  namedAssignmentDelivered: boolean | undefined;
  /** A request for the same user and package is still open. */
  hasOpenRequest: boolean;
}

/**
 * The skip-existing pre-check (SPEC section 4), pure: an add for a user who already holds the package is
 * `already-assigned`, a removal or update of nothing is `not-assigned`, a row whose user already has a request
 * open for the package is `open-request`. `undefined`: send it.
 */
export function decideSkip(requestType: RequestType, existing: ExistingAccess): SkipReason | undefined {
  const isAdd = requestType === 'adminAdd' || requestType === 'userAdd';
  if (isAdd && existing.holdsDeliveredAssignment) return 'already-assigned';
  if (!isAdd) {
    const holds = existing.namedAssignmentDelivered ?? existing.holdsDeliveredAssignment;
    if (!holds) return 'not-assigned';
  }
  if (existing.hasOpenRequest) return 'open-request';
  return undefined;
}

/**
 * Reads what the pre-check needs from the package's lists (one paged list of each per package and run) and
 * decides. Rows whose user or package is not known by id (a self-service request) are not checked.
 */
export async function checkExisting(row: ValidRow, resolved: ResolvedTargets, indexes: PackageIndexes): Promise<SkipReason | undefined> {
  const accessPackageId = resolved.accessPackageId;
  const targetKey = resolved.userId ?? (row.user?.kind === 'email' ? row.user.email : row.user?.kind === 'upn' ? row.user.upn : undefined);
  if (accessPackageId === undefined || targetKey === undefined) return undefined;
  const [heldAssignment, openRequest] = await Promise.all([
    resolved.userId === undefined ? Promise.resolve(undefined) : indexes.deliveredAssignmentOf(accessPackageId, resolved.userId),
    indexes.openRequestOf(accessPackageId, targetKey),
  ]);
  return decideSkip(row.requestType, {
    holdsDeliveredAssignment: heldAssignment !== undefined,
    namedAssignmentDelivered: resolved.assignmentId === undefined ? undefined : await isDelivered(indexes, accessPackageId, resolved.assignmentId, heldAssignment),
    hasOpenRequest: openRequest !== undefined,
  });
}

async function isDelivered(indexes: PackageIndexes, accessPackageId: string, assignmentId: string, heldByUser: string | undefined): Promise<boolean> {
  if (heldByUser?.toLowerCase() === assignmentId.toLowerCase()) return true;
  const delivered = await indexes.deliveredAssignments(accessPackageId);
  return [...delivered.values()].some((id) => id.toLowerCase() === assignmentId.toLowerCase());
}
