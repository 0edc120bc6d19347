import { compileFilter, parseFilter, type FilterFields } from './odata-filter.js';
import { applySelect, makeSkipToken, parseSelect, parseSkipToken, parseTop } from './odata-query.js';
import type { GraphRequest, GraphResponse } from './graph-request.js';

export interface PagingOptions {
  pageSize: number;
  maxPageSize: number;
}

/**
 * A collection answer: `$filter` (with the fields the type supports), paging by `$top`/`$skiptoken` with
 * `@odata.nextLink` on the origin the call came in on, then `$select` on each page item.
 */
export function listCollection<T>(
  request: GraphRequest,
  paging: PagingOptions,
  items: Iterable<T>,
  spec: { typeName: string; contextPath: string; fields: FilterFields<T>; toJson: (item: T) => Record<string, unknown> },
): GraphResponse {
  const filterText = request.query.get('$filter');
  let matching = [...items];
  if (filterText !== null) {
    const predicate = compileFilter(parseFilter(filterText), spec.fields, spec.typeName);
    matching = matching.filter(predicate);
  }
  const pageSize = parseTop(request.query.get('$top'), paging.maxPageSize) ?? paging.pageSize;
  const offset = parseSkipToken(request.query.get('$skiptoken'));
  const page = matching.slice(offset, offset + pageSize);
  const select = parseSelect(request.query.get('$select'));
  const expanded = expandedNames(request);
  const body: Record<string, unknown> = {
    '@odata.context': `${request.origin}/${request.version}/$metadata#${spec.contextPath}`,
    value: page.map((item) => applySelect(spec.toJson(item), select, expanded)),
  };
  if (offset + pageSize < matching.length) {
    const next = new URL(request.rawPathAndQuery, request.origin);
    next.searchParams.set('$skiptoken', makeSkipToken(offset + pageSize));
    body['@odata.nextLink'] = next.toString();
  }
  return { status: 200, body };
}

/** Expanded navigation properties stay in the answer whatever `$select` says. */
function expandedNames(request: GraphRequest): string[] {
  const expand = request.query.get('$expand');
  return expand === null ? [] : expand.split(',').map((s) => s.split('(')[0]?.trim() ?? '');
}

/** One entity, with `$select` applied. */
export function entityResponse(request: GraphRequest, contextPath: string, json: Record<string, unknown>): GraphResponse {
  const select = parseSelect(request.query.get('$select'));
  const selected = select === null ? json : applySelect(json, select, expandedNames(request));
  return {
    status: 200,
    body: { '@odata.context': `${request.origin}/${request.version}/$metadata#${contextPath}/$entity`, ...selected },
  };
}
