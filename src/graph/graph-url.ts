import type { ApiVersion } from '../core/domain.js';

/** Query parameters of a Graph call; keys keep their `$`, values are percent-encoded. */
export type GraphQuery = Record<string, string | undefined>;

/** `https://graph.microsoft.com` + `v1.0` -> `https://graph.microsoft.com/v1.0`. */
export function versionBaseUrl(graphUrl: string, api: ApiVersion): string {
  return `${graphUrl.replace(/\/+$/, '')}/${api}`;
}

/** A path under the version base (`/users/x`) or an absolute URL from Graph (`@odata.nextLink`). */
export function buildGraphUrl(baseUrl: string, pathOrUrl: string, query: GraphQuery = {}): string {
  const url = /^https?:\/\//i.test(pathOrUrl) ? pathOrUrl : `${baseUrl}${pathOrUrl.startsWith('/') ? '' : '/'}${pathOrUrl}`;
  return appendQuery(url, query);
}

export function appendQuery(url: string, query: GraphQuery): string {
  const parts = Object.entries(query).flatMap(([key, value]) => (value === undefined ? [] : [`${key}=${encodeURIComponent(value)}`]));
  if (parts.length === 0) return url;
  return `${url}${url.includes('?') ? '&' : '?'}${parts.join('&')}`;
}

/** An OData string literal: single quotes around, single quotes inside doubled (`O'Brien` -> `'O''Brien'`). */
export function odataString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** A path segment holding user input (a UPN in `/users/{upn}`), escaped so `#`, `?` and `/` stay inside it. */
export function pathSegment(value: string): string {
  return encodeURIComponent(value).replaceAll("'", '%27');
}
