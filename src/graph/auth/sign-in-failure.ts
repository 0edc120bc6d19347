import { AuthError, ServerError } from '@azure/msal-node';
import { SignInError } from '../../core/errors.js';
import { SignInNetworkError } from './https-network-client.js';

/** A sign-in failure with Entra's error code (`AADSTS7000215`), when Entra gave one. */
export class EntraSignInError extends SignInError {
  /** e.g. `AADSTS7000215`; undefined for network failures. */
  readonly entraErrorCode: string | undefined;

  constructor(message: string, entraErrorCode: string | undefined, options: { cause?: unknown; hint?: string }) {
    super(message, options);
    this.name = 'EntraSignInError';
    this.entraErrorCode = entraErrorCode;
  }
}

export interface SignInContext {
  authorityHost: string;
  tenantId: string | undefined;
  clientId: string | undefined;
  /** The last transport failure seen by the network client: msal replaces it with a bare `network_error`. */
  lastNetworkError?: () => SignInNetworkError | undefined;
}

/** Plain-words hints for the AADSTS codes an administrator running apbatch meets. */
function hintFor(code: number, context: SignInContext): string {
  switch (code) {
    case 7000215:
      return 'The client secret is wrong or expired: create a new one in the app registration (Certificates & secrets) and set AZURE_CLIENT_SECRET to its Value, not its Secret ID.';
    case 7000222:
      return 'The client secret has expired: create a new one in the app registration (Certificates & secrets) and set AZURE_CLIENT_SECRET to it.';
    case 90002:
      return `Tenant '${context.tenantId ?? ''}' does not exist at ${context.authorityHost}: check --tenant, and --cloud if the tenant lives in a national cloud.`;
    case 700016:
      return `No application with client id '${context.clientId ?? ''}' in tenant '${context.tenantId ?? ''}': check --client-id (the Application (client) ID) and that the app is registered in this tenant.`;
    case 700027:
      return 'The certificate is not the one registered on the app registration: upload its public certificate under Certificates & secrets, or point --certificate at the right file.';
    case 700024:
      return "The client assertion is outside its valid time: check this computer's clock.";
    case 7000112:
      return 'The app registration is disabled in this tenant: ask an administrator to enable it.';
    case 7000218:
      return 'The app expects a credential: set AZURE_CLIENT_SECRET or give --certificate.';
    case 65001:
      return 'Consent is missing: an administrator must grant consent for EntitlementManagement.ReadWrite.All on the app registration (API permissions).';
    case 50076:
    case 50079:
    case 53003:
      return 'A Conditional Access policy blocked this sign-in: ask an administrator to exclude this app or use another sign-in method.';
    default:
      return `See ${context.authorityHost}/error?code=${code} for what Entra means by it.`;
  }
}

const tlsTrustCodes = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_GET_ISSUER_CERT',
  'CERT_UNTRUSTED',
]);

/** The AADSTS number from an msal error: `error_codes[0]`, else the `AADSTSnnnn:` in the description. */
export function entraErrorNumber(error: unknown): number | undefined {
  if (error instanceof ServerError && error.errorNo && /^\d+$/.test(String(error.errorNo))) return Number(error.errorNo);
  const text = error instanceof AuthError ? error.errorMessage : error instanceof Error ? error.message : '';
  const match = /AADSTS(\d+)/.exec(text);
  return match ? Number(match[1]) : undefined;
}

/** Turns whatever sign-in threw into a SignInError (exit 3) that says what failed and what to do. */
export function toSignInError(error: unknown, context: SignInContext): SignInError {
  if (error instanceof SignInError) return error;
  const network = findNetworkError(error) ?? (isMsalNetworkError(error) ? context.lastNetworkError?.() : undefined);
  if (network) {
    if (network.code && tlsTrustCodes.has(network.code)) {
      return new EntraSignInError(`Sign-in failed: the certificate of ${context.authorityHost} is not trusted (${network.code})`, undefined, {
        cause: error,
        hint: 'Trust its CA with --ca-file (APBATCH_CA_FILE) or NODE_EXTRA_CA_CERTS; for the emulator, use the caCertPath it printed.',
      });
    }
    return new EntraSignInError(`Sign-in failed: cannot reach ${context.authorityHost} (${network.code ?? network.message})`, undefined, {
      cause: error,
      hint: 'Check the network or proxy, and --authority-host / --cloud.',
    });
  }
  const code = entraErrorNumber(error);
  if (code !== undefined) {
    const oauthError = error instanceof AuthError ? error.errorCode : 'error';
    const description = describeEntraError(error, code);
    return new EntraSignInError(`Sign-in failed: AADSTS${code} ${oauthError}: ${description}`, `AADSTS${code}`, { cause: error, hint: hintFor(code, context) });
  }
  const message = error instanceof AuthError ? `${error.errorCode}: ${error.errorMessage}` : error instanceof Error ? error.message : String(error);
  return new EntraSignInError(`Sign-in failed: ${message}`, undefined, { cause: error, hint: `Check --tenant, --client-id and the credential; the sign-in host is ${context.authorityHost}.` });
}

/** The first sentence of Entra's description, without the trace and correlation ids msal appends. */
function describeEntraError(error: unknown, code: number): string {
  const text = error instanceof AuthError ? error.errorMessage : error instanceof Error ? error.message : '';
  const match = new RegExp(`AADSTS${code}: ([^\\r\\n]*?)(?:\\s*-\\s*Correlation ID:|\\r|\\n|$)`).exec(text);
  return (match?.[1] ?? text).trim();
}

function findNetworkError(error: unknown): SignInNetworkError | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current; depth += 1) {
    if (current instanceof SignInNetworkError) return current;
    current = current instanceof Error ? current.cause : undefined;
  }
  return undefined;
}

function isMsalNetworkError(error: unknown): boolean {
  return error instanceof AuthError && error.errorCode === 'network_error';
}
