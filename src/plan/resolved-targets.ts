import type { ApiVersion, QuestionKind, ValidRow } from '../core/domain.js';

/**
 * The Graph ids known for a row so far: offline only those the row gives as GUIDs, online also those
 * name resolution found. A member left undefined means "not known", never "does not exist".
 */
export interface ResolvedTargets {
  userId?: string;
  accessPackageId?: string;
  policyId?: string;
  assignmentId?: string;
  /** The policy's questions by id (online). Undefined offline: the answers' own `"type"` is used. */
  questionKinds?: ReadonlyMap<string, QuestionKind>;
}

export interface PlanOptions {
  /** Graph API version the body is for. @default 'v1.0' */
  api: ApiVersion;
  /**
   * `--invite`: an `adminAdd` whose user has no directory id is sent for `assignment.target.email`, so
   * Graph invites them. Online that means the lookup found no such user; offline, where nothing is
   * looked up, every user named by email or UPN is planned that way. @default false
   */
  invite: boolean;
}

export const DEFAULT_PLAN_OPTIONS: Readonly<PlanOptions> = { api: 'v1.0', invite: false };

/** The targets a row names by id itself, which need no Graph call. */
export function resolveOffline(row: ValidRow): ResolvedTargets {
  const resolved: ResolvedTargets = {};
  if (row.user?.kind === 'id') resolved.userId = row.user.id;
  if (row.accessPackage?.kind === 'id') resolved.accessPackageId = row.accessPackage.id;
  if (row.policy?.kind === 'id') resolved.policyId = row.policy.id;
  if (row.assignmentId !== undefined) resolved.assignmentId = row.assignmentId;
  return resolved;
}
