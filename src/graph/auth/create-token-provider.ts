import { ConfidentialClientApplication, InteractionRequiredAuthError, PublicClientApplication, type AccountInfo, type AuthenticationResult } from '@azure/msal-node';
import type { TokenProvider } from '../token-provider.js';
import { fetchAuthorityMetadata } from './authority-metadata.js';
import { readCaFile, readCertificateCredential } from './certificate-credential.js';
import type { ConnectionSettings } from './connection-settings.js';
import { createHttpsNetworkClient } from './https-network-client.js';
import { msalConfiguration } from './msal-configuration.js';
import { RenewingTokenProvider, type AcquireToken } from './renewing-token-provider.js';
import { toSignInError, type SignInContext } from './sign-in-failure.js';
import type { SignInLogger } from './sign-in-logger.js';
import { createStaticTokenProvider } from './static-token-provider.js';
import { readTokenClaims } from './token-claims.js';

export interface TokenProviderOptions {
  logger?: SignInLogger;
  /** Shows the device code instructions. @default writes them to stderr */
  deviceCodePrompt?: (message: string) => void;
  /** Delegated permissions asked for with `--device-code`, on the cloud's Graph resource. @default ['EntitlementManagement.ReadWrite.All'] */
  delegatedPermissions?: string[];
  /** Get the first token now, so a wrong secret or tenant stops the program before anything is sent. @default true */
  signInNow?: boolean;
  /** Clock in epoch milliseconds, for renewal decisions. @default Date.now */
  now?: () => number;
  /** Timeout of each sign-in HTTP call. @default 30000 */
  timeoutMs?: number;
}

/** msal's `expiresOn` counts from a clock rounded to the second; the token's own `exp`, when readable, is the truth. */
function expiryOf(result: AuthenticationResult | null): { accessToken: string; expiresAt: number } {
  if (!result?.accessToken || !result.expiresOn) throw new Error('msal-node returned no access token');
  const exp = readTokenClaims(result.accessToken)?.exp;
  const expiresAt = typeof exp === 'number' ? Math.min(exp * 1000, result.expiresOn.getTime()) : result.expiresOn.getTime();
  return { accessToken: result.accessToken, expiresAt };
}

/**
 * The token provider for the resolved connection: client secret or certificate (app-only, `<graph resource>/.default`),
 * device code (delegated), or `APBATCH_ACCESS_TOKEN` as is. Every sign-in failure is a SignInError (exit 3) with
 * Entra's code and a hint; by default the first token is fetched before this returns.
 */
export async function createTokenProvider(settings: ConnectionSettings, options: TokenProviderOptions = {}): Promise<TokenProvider> {
  const credential = settings.credential;
  if (credential.kind === 'access-token') return createStaticTokenProvider(credential.accessToken, { ...options });

  const tenantId = settings.tenantId!;
  const clientId = settings.clientId!;
  const networkClient = createHttpsNetworkClient({
    ...(settings.caFile ? { extraCaPem: await readCaFile(settings.caFile) } : {}),
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
  });
  const context: SignInContext = { authorityHost: settings.authorityHost, tenantId, clientId, lastNetworkError: () => networkClient.lastNetworkError() };
  const certificate = credential.kind === 'certificate' ? await readCertificateCredential(credential.certificatePath) : undefined;

  let authorityMetadata: string | undefined;
  const configuration = async (): Promise<ReturnType<typeof msalConfiguration>> => {
    authorityMetadata ??= await fetchAuthorityMetadata(networkClient, settings.authorityHost, tenantId);
    return msalConfiguration({
      authorityHost: settings.authorityHost,
      tenantId,
      clientId,
      networkClient,
      authorityMetadata,
      ...(credential.kind === 'client-secret' ? { clientSecret: credential.clientSecret } : {}),
      ...(certificate ? { certificate } : {}),
      log: (message) => options.logger?.debug?.(`msal: ${message}`),
    });
  };

  let acquire: AcquireToken;
  if (credential.kind === 'device-code') {
    const scopes = (options.delegatedPermissions ?? ['EntitlementManagement.ReadWrite.All']).map((permission) => `${settings.graphResource}/${permission}`);
    const prompt = options.deviceCodePrompt ?? ((message: string) => process.stderr.write(`${message}\n`));
    let application: PublicClientApplication | undefined;
    let account: AccountInfo | undefined;
    acquire = async ({ forceRefresh }) => {
      application ??= new PublicClientApplication(await configuration());
      if (account) {
        try {
          return expiryOf(await application.acquireTokenSilent({ account, scopes, forceRefresh }));
        } catch (error) {
          if (!(error instanceof InteractionRequiredAuthError)) throw error;
          options.logger?.warn('The delegated sign-in can no longer be renewed silently; signing in again with a device code.');
        }
      }
      const result = await application.acquireTokenByDeviceCode({ scopes, deviceCodeCallback: (response) => prompt(response.message) });
      account = result?.account ?? undefined;
      return expiryOf(result);
    };
  } else {
    const scopes = [`${settings.graphResource}/.default`];
    let application: ConfidentialClientApplication | undefined;
    acquire = async ({ forceRefresh }) => {
      application ??= new ConfidentialClientApplication(await configuration());
      return expiryOf(await application.acquireTokenByClientCredential({ scopes, skipCache: forceRefresh }));
    };
  }

  const provider = new RenewingTokenProvider({
    kind: credential.kind === 'device-code' ? 'delegated' : 'app',
    acquire: async (request) => {
      try {
        return await acquire(request);
      } catch (error) {
        throw toSignInError(error, context);
      }
    },
    ...(options.now ? { now: options.now } : {}),
  });
  if (options.signInNow ?? true) await provider.getToken();
  return provider;
}
