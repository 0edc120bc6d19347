import { ServerError, type INetworkModule } from '@azure/msal-node';

/** The authority msal-node signs in against: `<authority host>/<tenant>`. */
export function authorityUrl(authorityHost: string, tenantId: string): string {
  return `${authorityHost}/${tenantId}`;
}

interface EntraErrorBody {
  error?: string;
  error_description?: string;
  error_codes?: number[];
  correlation_id?: string;
}

/**
 * Reads the tenant's OpenID configuration before msal does, for two reasons: msal turns an unknown tenant into a bare
 * `endpoints_resolution_error` while Entra's answer says AADSTS90002, and an unreachable or untrusted host is best
 * reported here, before any credential is sent. Returns the document as msal's `authorityMetadata` string.
 */
export async function fetchAuthorityMetadata(networkClient: INetworkModule, authorityHost: string, tenantId: string): Promise<string> {
  const url = `${authorityUrl(authorityHost, tenantId)}/v2.0/.well-known/openid-configuration`;
  const response = await networkClient.sendGetRequestAsync<Record<string, unknown> & EntraErrorBody>(url);
  const body = response.body;
  if (response.status === 200 && typeof body.token_endpoint === 'string' && typeof body.issuer === 'string') return JSON.stringify(body);
  const code = Array.isArray(body.error_codes) && body.error_codes.length > 0 ? String(body.error_codes[0]) : undefined;
  throw new ServerError(
    body.error ?? `http_${response.status}`,
    body.correlation_id ?? '',
    body.error_description ?? `The OpenID configuration at ${url} answered HTTP ${response.status} without an OpenID document.`,
    undefined,
    code,
    response.status,
  );
}
