/**
 * How each Graph API version spells the assignment request body: the one place to change if beta and
 * v1.0 drift apart.
 *
 * Today they do not. The beta endpoint `/identityGovernance/entitlementManagement/assignmentRequests`
 * takes the v1.0 body: the assignment under `assignment` and camelCase `requestType` (`adminAdd`). Only
 * the retired beta path `.../accessPackageAssignmentRequests` wanted `accessPackageAssignment` and
 * `AdminAdd`, and apbatch never calls it. So `--api beta` changes the base URL and nothing in the body.
 */
import type { ApiVersion } from '../core/domain.js';
import type { AssignmentRequestBody } from './assignment-request-body.js';

/** Member names of the request body that have differed between API versions. */
export interface BodyShape {
  /** Member holding the assignment (the old beta name was `accessPackageAssignment`). */
  readonly assignmentMember: 'assignment';
}

export const BODY_SHAPES = {
  'v1.0': { assignmentMember: 'assignment' },
  beta: { assignmentMember: 'assignment' },
} as const satisfies Readonly<Record<ApiVersion, BodyShape>>;

/**
 * The body as `api` wants it, from the v1.0-shaped body the planner builds: a new object with the
 * member order of SPEC section 3 (`requestType`, `assignment`, `schedule`, `justification`, `answers`).
 */
export function shapeBodyFor(api: ApiVersion, body: AssignmentRequestBody): AssignmentRequestBody {
  const { assignmentMember } = BODY_SHAPES[api];
  // A divergence is then a change to BODY_SHAPES (and, through its literal type, to this return type).
  const shaped: AssignmentRequestBody = { requestType: body.requestType, [assignmentMember]: body.assignment };
  if (body.schedule !== undefined) shaped.schedule = body.schedule;
  if (body.justification !== undefined) shaped.justification = body.justification;
  if (body.answers !== undefined) shaped.answers = body.answers;
  return shaped;
}
