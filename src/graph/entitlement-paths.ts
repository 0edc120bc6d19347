/** Graph paths of entitlement management that apbatch reads, under the version base. */
export const ENTITLEMENT_MANAGEMENT = '/identityGovernance/entitlementManagement';
export const ACCESS_PACKAGES_PATH = `${ENTITLEMENT_MANAGEMENT}/accessPackages`;
export const ASSIGNMENT_POLICIES_PATH = `${ENTITLEMENT_MANAGEMENT}/assignmentPolicies`;
export const ASSIGNMENTS_PATH = `${ENTITLEMENT_MANAGEMENT}/assignments`;
export const ASSIGNMENT_REQUESTS_PATH = `${ENTITLEMENT_MANAGEMENT}/assignmentRequests`;

/** Request states in which Graph still works on a request: a new one for the same user and package is refused. */
export const OPEN_REQUEST_STATES: ReadonlySet<string> = new Set(['submitted', 'pendingapproval', 'delivering', 'scheduled']);

/** `accessPackageAssignmentRequest` as listed, with the members apbatch reads. */
export interface AssignmentRequestJson {
  id: string;
  requestType?: string;
  state?: string;
  status?: string;
  createdDateTime?: string | null;
  assignment?: {
    id?: string;
    targetId?: string;
    target?: { objectId?: string | null; email?: string | null } | null;
  } | null;
  target?: { objectId?: string | null; email?: string | null } | null;
}

/** The user an assignment request is for, from whichever member Graph filled in. */
export function requestTargetOf(request: AssignmentRequestJson): { objectId?: string; email?: string } {
  const target = request.assignment?.target ?? request.target ?? undefined;
  const objectId = target?.objectId ?? request.assignment?.targetId ?? undefined;
  const email = target?.email ?? undefined;
  return { ...(objectId ? { objectId } : {}), ...(email ? { email } : {}) };
}
