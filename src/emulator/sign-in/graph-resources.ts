/** Graph's resource identifiers in every cloud; a token's `aud` is the one the client asked for. */
export const graphResources: readonly string[] = [
  'https://graph.microsoft.com',
  'https://graph.microsoft.us',
  'https://dod-graph.microsoft.us',
  'https://microsoftgraph.chinacloudapi.cn',
  '00000003-0000-0000-c000-000000000000',
];

const oidcScopes = new Set(['openid', 'profile', 'offline_access', 'email']);

export interface RequestedScopes {
  /** Graph resource the scopes are for (`aud` of the token). */
  resource: string;
  /** Permission names without the resource prefix; `.default` means every permission granted. */
  permissions: string[];
  /** A scope naming a resource other than Graph. */
  unknownResource?: string;
}

/** Reads an OAuth `scope` parameter: `https://graph.microsoft.com/.default`, or bare names meaning Graph. */
export function parseRequestedScopes(scope: string): RequestedScopes {
  let resource: string | undefined;
  const permissions: string[] = [];
  for (const item of scope.split(/\s+/).filter(Boolean)) {
    if (oidcScopes.has(item)) continue;
    const slash = item.lastIndexOf('/');
    const itemResource = slash === -1 ? graphResources[0]! : item.slice(0, slash).replace(/\/$/, '');
    const permission = slash === -1 ? item : item.slice(slash + 1);
    if (!graphResources.includes(itemResource)) return { resource: itemResource, permissions: [], unknownResource: itemResource };
    resource ??= itemResource;
    permissions.push(permission);
  }
  return { resource: resource ?? graphResources[0]!, permissions };
}
