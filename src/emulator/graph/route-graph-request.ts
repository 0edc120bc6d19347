import type { EmulatorState } from '../state/emulator-state.js';
import type { PagingOptions } from './collection.js';
import { createAssignmentRequest } from './create-assignment-request.js';
import { badRequest, GraphError } from './graph-error.js';
import type { GraphRequest, GraphResponse } from './graph-request.js';
import * as read from './read-routes.js';

const EM = '/identityGovernance/entitlementManagement/';

type Handler = (state: EmulatorState, request: GraphRequest, paging: PagingOptions, id: string) => GraphResponse;

const COLLECTIONS: Record<string, { list: Handler; get: Handler; post?: Handler }> = {
  catalogs: { list: (s, r, p) => read.listCatalogs(s, r, p), get: (s, r, _p, id) => read.getCatalog(s, r, id) },
  accessPackages: { list: (s, r, p) => read.listAccessPackages(s, r, p), get: (s, r, _p, id) => read.getAccessPackage(s, r, id) },
  assignmentPolicies: { list: (s, r, p) => read.listPolicies(s, r, p), get: (s, r, _p, id) => read.getPolicy(s, r, id) },
  assignments: { list: (s, r, p) => read.listAssignments(s, r, p), get: (s, r, _p, id) => read.getAssignment(s, r, id) },
  assignmentRequests: {
    list: (s, r, p) => read.listRequests(s, r, p),
    get: (s, r, _p, id) => read.getRequest(s, r, id),
    post: (s, r) => createAssignmentRequest(s, r),
  },
};

function methodNotAllowed(method: string): GraphError {
  return new GraphError(405, 'Request_BadRequest', `The method '${method}' is not allowed on this resource.`);
}

/** Dispatches one Graph call (without `$batch`) to its handler; throws `GraphError` for error answers. */
export function routeGraphRequest(state: EmulatorState, request: GraphRequest, paging: PagingOptions): GraphResponse {
  const segments = request.path.split('/').filter((s) => s.length > 0).map((s) => decodeURIComponent(s));
  if (segments[0] === 'users') {
    if (request.method !== 'GET') throw methodNotAllowed(request.method);
    if (segments.length === 1) return read.listUsers(state, request, paging);
    if (segments.length === 2 && segments[1] !== undefined) return read.getUser(state, request, segments[1]);
  }
  if (request.path.startsWith(EM)) {
    const [collection, id, ...rest] = segments.slice(2);
    const handlers = collection === undefined ? undefined : COLLECTIONS[collection];
    if (handlers !== undefined && rest.length === 0) {
      if (id === undefined) {
        if (request.method === 'GET') return handlers.list(state, request, paging, '');
        if (request.method === 'POST' && handlers.post) return handlers.post(state, request, paging, '');
        throw methodNotAllowed(request.method);
      }
      if (request.method === 'GET') return handlers.get(state, request, paging, id);
      throw methodNotAllowed(request.method);
    }
  }
  const last = segments.at(-1) ?? '';
  throw badRequest(`Resource not found for the segment '${last}'.`);
}
