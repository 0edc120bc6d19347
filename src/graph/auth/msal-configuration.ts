import { LogLevel, type Configuration, type INetworkModule } from '@azure/msal-node';
import type { CertificateCredential } from './certificate-credential.js';
import { authorityUrl } from './authority-metadata.js';
import { microsoftAuthorityHosts } from './national-clouds.js';

export interface MsalConfigurationInput {
  authorityHost: string;
  tenantId: string;
  clientId: string;
  networkClient: INetworkModule;
  /** The tenant's OpenID configuration, already fetched (JSON). */
  authorityMetadata: string;
  clientSecret?: string;
  certificate?: CertificateCredential;
  /** Where msal's own warnings go (never with personal data). */
  log?: (message: string) => void;
}

/**
 * msal-node's configuration. For a sign-in host msal does not know (the emulator, a proxy), the host is listed in
 * `knownAuthorities`: msal's instance discovery always asks login.microsoftonline.com, which knows nothing of it.
 */
export function msalConfiguration(input: MsalConfigurationInput): Configuration {
  const host = new URL(input.authorityHost).host;
  const custom = !microsoftAuthorityHosts.includes(host.toLowerCase());
  return {
    auth: {
      clientId: input.clientId,
      authority: authorityUrl(input.authorityHost, input.tenantId),
      authorityMetadata: input.authorityMetadata,
      ...(custom ? { knownAuthorities: [host] } : {}),
      ...(input.clientSecret ? { clientSecret: input.clientSecret } : {}),
      ...(input.certificate
        ? { clientCertificate: { thumbprintSha256: input.certificate.thumbprintSha256Hex, privateKey: input.certificate.privateKeyPem } }
        : {}),
    },
    system: {
      networkClient: input.networkClient,
      loggerOptions: {
        logLevel: LogLevel.Warning,
        piiLoggingEnabled: false,
        loggerCallback: (level, message, containsPii) => {
          if (!containsPii && level <= LogLevel.Warning) input.log?.(message);
        },
      },
    },
  };
}
