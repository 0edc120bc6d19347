import { isGuid } from '../directory/seeded-random.js';
import type { EmulatorState } from '../state/emulator-state.js';
import type { AssignmentRecord, AssignmentRequestRecord } from '../state/records.js';
import type { DirectoryAccessPackage, DirectoryCatalog, DirectoryPolicy, DirectoryUser } from '../directory/directory-schema.js';
import { entityResponse, listCollection, type PagingOptions } from './collection.js';
import { badRequest, GraphError, notFound } from './graph-error.js';
import type { GraphRequest, GraphResponse } from './graph-request.js';
import { checkExpand, parseExpand } from './odata-query.js';
import { accessPackageJson, assignmentJson, catalogJson, policyJson, requestJson, userJson } from './serialize.js';

const EM = 'identityGovernance/entitlementManagement';

function requireGuid(id: string): void {
  if (!isGuid(id)) throw badRequest(`Invalid object identifier '${id}'.`);
}

function found<T>(item: T | undefined, detailCode: string, what: string, id: string): T {
  if (item === undefined) throw notFound(detailCode, `The ${what} '${id}' was not found.`, id);
  return item;
}

/** GET /users/{id | userPrincipalName}: Graph's directory answer for an unknown user is `Request_ResourceNotFound`. */
export function getUser(state: EmulatorState, request: GraphRequest, idOrUpn: string): GraphResponse {
  const user = state.findUser(idOrUpn);
  if (user === undefined) {
    throw new GraphError(
      404,
      'Request_ResourceNotFound',
      `Resource '${idOrUpn}' does not exist or one of its queried reference-property objects are not present.`,
    );
  }
  return entityResponse(request, 'users', userJson(user));
}

export function listUsers(state: EmulatorState, request: GraphRequest, paging: PagingOptions): GraphResponse {
  return listCollection<DirectoryUser>(request, paging, state.users.values(), {
    typeName: 'microsoft.graph.user',
    contextPath: 'users',
    fields: {
      id: (u) => u.id,
      userPrincipalName: (u) => u.userPrincipalName,
      mail: (u) => u.mail ?? null,
      displayName: (u) => u.displayName,
    },
    toJson: userJson,
  });
}

export function listCatalogs(state: EmulatorState, request: GraphRequest, paging: PagingOptions): GraphResponse {
  checkExpand(parseExpand(request.query.get('$expand')), [], 'microsoft.graph.accessPackageCatalog');
  return listCollection<DirectoryCatalog>(request, paging, state.catalogs.values(), {
    typeName: 'microsoft.graph.accessPackageCatalog',
    contextPath: `${EM}/catalogs`,
    fields: { id: (c) => c.id, displayName: (c) => c.displayName },
    toJson: catalogJson,
  });
}

export function getCatalog(state: EmulatorState, request: GraphRequest, id: string): GraphResponse {
  requireGuid(id);
  const catalog = found(state.catalogs.get(id.toLowerCase()), 'CatalogNotFound', 'catalog', id);
  return entityResponse(request, `${EM}/catalogs`, catalogJson(catalog));
}

const PACKAGE_NAVIGATION = ['assignmentPolicies', 'catalog'];

export function listAccessPackages(state: EmulatorState, request: GraphRequest, paging: PagingOptions): GraphResponse {
  const expand = parseExpand(request.query.get('$expand'));
  checkExpand(expand, PACKAGE_NAVIGATION, 'microsoft.graph.accessPackage');
  return listCollection<DirectoryAccessPackage>(request, paging, state.accessPackages.values(), {
    typeName: 'microsoft.graph.accessPackage',
    contextPath: `${EM}/accessPackages`,
    fields: {
      id: (p) => p.id,
      displayName: (p) => p.displayName,
      'catalog/id': (p) => p.catalogId,
      isHidden: (p) => p.isHidden ?? false,
    },
    toJson: (p) => accessPackageJson(state, p, expand),
  });
}

export function getAccessPackage(state: EmulatorState, request: GraphRequest, id: string): GraphResponse {
  requireGuid(id);
  const expand = parseExpand(request.query.get('$expand'));
  checkExpand(expand, PACKAGE_NAVIGATION, 'microsoft.graph.accessPackage');
  const pkg = found(state.accessPackages.get(id.toLowerCase()), 'AccessPackageNotFound', 'access package', id);
  return entityResponse(request, `${EM}/accessPackages`, accessPackageJson(state, pkg, expand));
}

const POLICY_NAVIGATION = ['questions', 'accessPackage', 'catalog'];

export function listPolicies(state: EmulatorState, request: GraphRequest, paging: PagingOptions): GraphResponse {
  const expand = parseExpand(request.query.get('$expand'));
  checkExpand(expand, POLICY_NAVIGATION, 'microsoft.graph.accessPackageAssignmentPolicy');
  return listCollection<DirectoryPolicy>(request, paging, state.policies.values(), {
    typeName: 'microsoft.graph.accessPackageAssignmentPolicy',
    contextPath: `${EM}/assignmentPolicies`,
    fields: {
      id: (p) => p.id,
      displayName: (p) => p.displayName,
      'accessPackage/id': (p) => p.accessPackageId,
      'catalog/id': (p) => state.accessPackages.get(p.accessPackageId.toLowerCase())?.catalogId ?? null,
    },
    toJson: (p) => policyJson(state, p, expand),
  });
}

export function getPolicy(state: EmulatorState, request: GraphRequest, id: string): GraphResponse {
  requireGuid(id);
  const expand = parseExpand(request.query.get('$expand'));
  checkExpand(expand, POLICY_NAVIGATION, 'microsoft.graph.accessPackageAssignmentPolicy');
  const policy = found(state.policies.get(id.toLowerCase()), 'AssignmentPolicyNotFound', 'assignment policy', id);
  return entityResponse(request, `${EM}/assignmentPolicies`, policyJson(state, policy, expand));
}

const ASSIGNMENT_NAVIGATION = ['target', 'accessPackage', 'assignmentPolicy'];

/**
 * GET .../assignments. `$filter` fields: `accessPackage/id`, `target/objectId`, `assignmentPolicy/id`,
 * `state`, `status`, `id`, `target/email`, `target/principalName`; compare with eq/ne, join with `and`.
 */
export function listAssignments(state: EmulatorState, request: GraphRequest, paging: PagingOptions): GraphResponse {
  const expand = parseExpand(request.query.get('$expand'));
  checkExpand(expand, ASSIGNMENT_NAVIGATION, 'microsoft.graph.accessPackageAssignment');
  state.advance();
  const subject = (a: AssignmentRecord) => state.subjects.get(a.targetId.toLowerCase());
  return listCollection<AssignmentRecord>(request, paging, state.assignments.values(), {
    typeName: 'microsoft.graph.accessPackageAssignment',
    contextPath: `${EM}/assignments`,
    fields: {
      id: (a) => a.id,
      state: (a) => a.state,
      status: (a) => a.status,
      'accessPackage/id': (a) => a.accessPackageId,
      'assignmentPolicy/id': (a) => a.assignmentPolicyId,
      'target/objectId': (a) => a.targetId,
      'target/email': (a) => subject(a)?.email ?? null,
      'target/principalName': (a) => subject(a)?.principalName ?? null,
    },
    toJson: (a) => assignmentJson(state, a, expand),
  });
}

export function getAssignment(state: EmulatorState, request: GraphRequest, id: string): GraphResponse {
  requireGuid(id);
  const expand = parseExpand(request.query.get('$expand'));
  checkExpand(expand, ASSIGNMENT_NAVIGATION, 'microsoft.graph.accessPackageAssignment');
  state.advance();
  const assignment = found(state.assignments.get(id.toLowerCase()), 'AssignmentNotFound', 'assignment', id);
  return entityResponse(request, `${EM}/assignments`, assignmentJson(state, assignment, expand));
}

const REQUEST_NAVIGATION = ['accessPackage', 'assignment', 'requestor'];

/**
 * GET .../assignmentRequests. `$filter` fields: `id`, `state`, `status`, `requestType`,
 * `accessPackage/id`, `requestor/objectId`, `assignment/id`, `assignment/target/objectId` (also
 * `target/objectId`), `createdDateTime` and `completedDateTime` (with gt/ge/lt/le and a bare date-time);
 * join with `and`.
 */
export function listRequests(state: EmulatorState, request: GraphRequest, paging: PagingOptions): GraphResponse {
  const expand = parseExpand(request.query.get('$expand'));
  checkExpand(expand, REQUEST_NAVIGATION, 'microsoft.graph.accessPackageAssignmentRequest');
  state.advance();
  return listCollection<AssignmentRequestRecord>(request, paging, state.requests.values(), {
    typeName: 'microsoft.graph.accessPackageAssignmentRequest',
    contextPath: `${EM}/assignmentRequests`,
    fields: {
      id: (r) => r.id,
      state: (r) => r.state,
      status: (r) => r.status,
      requestType: (r) => r.requestType,
      'accessPackage/id': (r) => r.accessPackageId,
      'requestor/objectId': (r) => r.requestorId,
      'assignment/id': (r) => r.assignmentId,
      'assignment/target/objectId': (r) => r.targetId,
      'target/objectId': (r) => r.targetId,
      createdDateTime: (r) => r.createdDateTime,
      completedDateTime: (r) => r.completedDateTime,
    },
    toJson: (r) => requestJson(state, r, expand),
  });
}

export function getRequest(state: EmulatorState, request: GraphRequest, id: string): GraphResponse {
  requireGuid(id);
  const expand = parseExpand(request.query.get('$expand'));
  checkExpand(expand, REQUEST_NAVIGATION, 'microsoft.graph.accessPackageAssignmentRequest');
  state.advance();
  const found_ = found(state.requests.get(id.toLowerCase()), 'AssignmentRequestNotFound', 'assignment request', id);
  return entityResponse(request, `${EM}/assignmentRequests`, requestJson(state, found_, expand));
}
