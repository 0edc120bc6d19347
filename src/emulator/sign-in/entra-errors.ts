import { randomUUID } from 'node:crypto';

/** One failure of the sign-in service, as Entra ID's token service describes it. */
export interface EntraErrorCase {
  status: 400 | 401;
  /** OAuth error: `invalid_client`, `invalid_request`, ... */
  error: string;
  /** The AADSTS number. */
  code: number;
  description: string;
}

/** Entra's error cases, by what went wrong. The texts follow Entra's own so a client's hints can be checked against them. */
export const entraErrors = {
  unknownTenant: (tenant: string): EntraErrorCase => ({
    status: 400,
    error: 'invalid_request',
    code: 90002,
    description: `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`,
  }),
  unknownApplication: (clientId: string, tenant: string): EntraErrorCase => ({
    status: 400,
    error: 'unauthorized_client',
    code: 700016,
    description: `Application with identifier '${clientId}' was not found in the directory '${tenant}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
  }),
  invalidClientSecret: (clientId: string): EntraErrorCase => ({
    status: 401,
    error: 'invalid_client',
    code: 7000215,
    description: `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${clientId}'.`,
  }),
  missingClientCredential: (): EntraErrorCase => ({
    status: 401,
    error: 'invalid_client',
    code: 7000218,
    description: "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
  }),
  certificateNotRegistered: (thumbprint: string): EntraErrorCase => ({
    status: 401,
    error: 'invalid_client',
    code: 700027,
    description: `The certificate with identifier used to sign the client assertion is not registered on application. [Reason - The key was not found., Thumbprint of key used by client: '${thumbprint}']`,
  }),
  assertionSignatureInvalid: (): EntraErrorCase => ({
    status: 401,
    error: 'invalid_client',
    code: 700027,
    description: 'Client assertion failed signature validation.',
  }),
  assertionOutOfTime: (nowSeconds: number, notBefore: unknown, expires: unknown): EntraErrorCase => ({
    status: 401,
    error: 'invalid_client',
    code: 700024,
    description: `Client assertion is not within its valid time range. Current time: ${new Date(nowSeconds * 1000).toISOString()}, assertion valid from ${String(notBefore)}, expiry time of assertion ${String(expires)}.`,
  }),
  assertionClientMismatch: (): EntraErrorCase => ({
    status: 401,
    error: 'invalid_client',
    code: 700021,
    description: "Client assertion application identifier doesn't match 'client_id' parameter.",
  }),
  assertionInvalid: (reason: string): EntraErrorCase => ({
    status: 400,
    error: 'invalid_request',
    code: 50027,
    description: `JWT token is invalid or malformed. ${reason}`,
  }),
  applicationDisabled: (clientId: string): EntraErrorCase => ({
    status: 400,
    error: 'unauthorized_client',
    code: 7000112,
    description: `Application '${clientId}' is disabled.`,
  }),
  unsupportedGrantType: (grantType: string): EntraErrorCase => ({
    status: 400,
    error: 'unsupported_grant_type',
    code: 70003,
    description: `The app requested an unsupported grant type '${grantType}'.`,
  }),
  missingParameter: (name: string): EntraErrorCase => ({
    status: 400,
    error: 'invalid_request',
    code: 900144,
    description: `The request body must contain the following parameter: '${name}'.`,
  }),
  scopeWithoutDefault: (scope: string): EntraErrorCase => ({
    status: 400,
    error: 'invalid_scope',
    code: 1002012,
    description: `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
  }),
  unknownResource: (resource: string, tenant: string): EntraErrorCase => ({
    status: 400,
    error: 'invalid_resource',
    code: 500011,
    description: `The resource principal named ${resource} was not found in the tenant named ${tenant}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant.`,
  }),
  consentMissing: (clientId: string, scopes: string[]): EntraErrorCase => ({
    status: 400,
    error: 'invalid_grant',
    code: 65001,
    description: `The user or administrator has not consented to use the application with ID '${clientId}'. Send an interactive authorization request for this user and resource. Scopes not granted: ${scopes.join(' ')}.`,
  }),
  authorizationPending: (): EntraErrorCase => ({
    status: 400,
    error: 'authorization_pending',
    code: 70016,
    description: 'OAuth 2.0 device flow error. Authorization is pending. Continue polling.',
  }),
  deviceCodeExpired: (): EntraErrorCase => ({
    status: 400,
    error: 'expired_token',
    code: 70020,
    description: 'The provided value for the input parameter \'device_code\' is not valid. This device code has expired.',
  }),
  invalidGrant: (what: string): EntraErrorCase => ({
    status: 400,
    error: 'invalid_grant',
    code: 70000,
    description: `Provided grant is invalid or malformed: ${what}.`,
  }),
} as const;

/** `2026-11-28 10:45:57Z`, the form Entra writes in its error bodies. */
function entraTimestamp(epochMs: number): string {
  return new Date(epochMs).toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
}

/** The JSON body Entra sends with a failure: the AADSTS code leads the description and is repeated in `error_codes`. */
export function entraErrorBody(
  failure: EntraErrorCase,
  context: { nowMs: number; correlationId?: string; authorityHost: string },
): Record<string, unknown> {
  const traceId = randomUUID();
  const correlationId = context.correlationId ?? randomUUID();
  const timestamp = entraTimestamp(context.nowMs);
  return {
    error: failure.error,
    error_description: `AADSTS${failure.code}: ${failure.description}\r\nTrace ID: ${traceId}\r\nCorrelation ID: ${correlationId}\r\nTimestamp: ${timestamp}`,
    error_codes: [failure.code],
    timestamp,
    trace_id: traceId,
    correlation_id: correlationId,
    error_uri: `${context.authorityHost}/error?code=${failure.code}`,
  };
}
