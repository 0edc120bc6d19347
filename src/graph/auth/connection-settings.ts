import { inspect } from 'node:util';
import { z } from 'zod';
import { UsageError } from '../../core/errors.js';
import { cloudNames, nationalClouds, type CloudName } from './national-clouds.js';

/** Connection flags as the CLI parses them (SPEC section 1, "Connection options"). */
export const connectionFlagsSchema = z.object({
  tenant: z.string().optional(),
  clientId: z.string().optional(),
  certificate: z.string().optional(),
  deviceCode: z.boolean().optional(),
  cloud: z.string().optional(),
  graphUrl: z.string().optional(),
  authorityHost: z.string().optional(),
  caFile: z.string().optional(),
});
export type ConnectionFlags = z.infer<typeof connectionFlagsSchema>;

/** The environment variables read; anything else in the environment is ignored. */
export type ConnectionEnvironment = Readonly<Record<string, string | undefined>>;

/** How apbatch signs in. The secret and the token are held here in memory only; `toJSON` never shows them. */
export type Credential =
  | { kind: 'client-secret'; clientSecret: string }
  | { kind: 'certificate'; certificatePath: string }
  | { kind: 'device-code' }
  | { kind: 'access-token'; accessToken: string };

export interface ConnectionSettings {
  /** Tenant id or domain; absent only with `APBATCH_ACCESS_TOKEN`. */
  tenantId: string | undefined;
  /** App registration; absent only with `APBATCH_ACCESS_TOKEN`. */
  clientId: string | undefined;
  cloud: CloudName;
  /** Where Graph requests go, without a trailing slash, e.g. `https://graph.microsoft.com` or the emulator. */
  graphBaseUrl: string;
  /** The Graph resource of the cloud: token audience, and scopes are `<graphResource>/.default`. */
  graphResource: string;
  /** Sign-in host, e.g. `https://login.microsoftonline.com`. */
  authorityHost: string;
  /** PEM file of a private CA to trust besides the system roots (the emulator's). */
  caFile: string | undefined;
  credential: Credential;
  /** What may be logged or stored: everything but the secret and the token. */
  toJSON(): RedactedConnectionSettings;
}

export interface RedactedConnectionSettings {
  tenantId: string | undefined;
  clientId: string | undefined;
  cloud: CloudName;
  graphBaseUrl: string;
  graphResource: string;
  authorityHost: string;
  caFile: string | undefined;
  credential: { kind: Credential['kind']; certificatePath?: string };
}

const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const domainName = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;
const loopbackHosts = new Set(['127.0.0.1', 'localhost', '[::1]']);

const nonEmpty = (value: string | undefined): string | undefined => {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
};

function parseBaseUrl(value: string, what: string, allowLoopbackHttp: boolean, problems: string[]): string {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `https://${value}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    problems.push(`${what}: expected an https URL such as https://host, got \`${value}\``);
    return value;
  }
  const plainHttpAllowed = allowLoopbackHttp && url.protocol === 'http:' && loopbackHosts.has(url.hostname);
  if (url.protocol !== 'https:' && !plainHttpAllowed) {
    problems.push(`${what}: expected an https URL${allowLoopbackHttp ? ' (http only on 127.0.0.1 or localhost)' : ''}, got \`${value}\``);
  }
  if (url.search || url.hash) problems.push(`${what}: expected a base URL without query or fragment, got \`${value}\``);
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}

/**
 * Resolves the connection from flags and environment: flags win over environment, `--cloud` sets both endpoints and
 * `--graph-url`/`--authority-host` override one each. Exactly one way to sign in must be given. Every problem is
 * reported at once, in one UsageError.
 */
export function resolveConnection(flags: ConnectionFlags, env: ConnectionEnvironment): ConnectionSettings {
  const parsedFlags = connectionFlagsSchema.safeParse(flags);
  if (!parsedFlags.success) {
    throw new UsageError(`Invalid connection options: ${parsedFlags.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
  }
  const given = parsedFlags.data;
  const problems: string[] = [];

  const cloudText = (nonEmpty(given.cloud) ?? nonEmpty(env.APBATCH_CLOUD) ?? 'global').toLowerCase();
  const cloud = (cloudNames as string[]).includes(cloudText) ? (cloudText as CloudName) : undefined;
  if (!cloud) problems.push(`--cloud: expected one of ${cloudNames.join(', ')}, got \`${cloudText}\``);
  const endpoints = nationalClouds[cloud ?? 'global'];

  const graphUrlText = nonEmpty(given.graphUrl) ?? nonEmpty(env.APBATCH_GRAPH_URL);
  const authorityText = nonEmpty(given.authorityHost) ?? nonEmpty(env.AZURE_AUTHORITY_HOST);
  const graphBaseUrl = graphUrlText ? parseBaseUrl(graphUrlText, '--graph-url', true, problems) : endpoints.graphBaseUrl;
  const authorityHost = authorityText ? parseBaseUrl(authorityText, '--authority-host', false, problems) : endpoints.authorityHost;

  const tenantId = nonEmpty(given.tenant) ?? nonEmpty(env.AZURE_TENANT_ID);
  const clientId = nonEmpty(given.clientId) ?? nonEmpty(env.AZURE_CLIENT_ID);
  const clientSecret = nonEmpty(env.AZURE_CLIENT_SECRET);
  const certificatePath = nonEmpty(given.certificate) ?? nonEmpty(env.AZURE_CLIENT_CERTIFICATE_PATH);
  const accessToken = nonEmpty(env.APBATCH_ACCESS_TOKEN);
  const caFile = nonEmpty(given.caFile) ?? nonEmpty(env.APBATCH_CA_FILE);

  const offered: { name: string; credential: Credential }[] = [];
  if (clientSecret) offered.push({ name: 'AZURE_CLIENT_SECRET', credential: { kind: 'client-secret', clientSecret } });
  if (certificatePath) offered.push({ name: given.certificate ? '--certificate' : 'AZURE_CLIENT_CERTIFICATE_PATH', credential: { kind: 'certificate', certificatePath } });
  if (given.deviceCode) offered.push({ name: '--device-code', credential: { kind: 'device-code' } });
  if (accessToken) offered.push({ name: 'APBATCH_ACCESS_TOKEN', credential: { kind: 'access-token', accessToken } });

  if (offered.length === 0) {
    problems.push('no way to sign in: set AZURE_CLIENT_SECRET, give --certificate (or AZURE_CLIENT_CERTIFICATE_PATH), --device-code, or set APBATCH_ACCESS_TOKEN');
  } else if (offered.length > 1) {
    problems.push(`expected one way to sign in, got ${offered.length}: ${offered.map((item) => item.name).join(', ')}; remove all but one`);
  }
  const credential = offered[0]?.credential;

  if (credential && credential.kind !== 'access-token') {
    if (!tenantId) problems.push('missing tenant: give --tenant or set AZURE_TENANT_ID (the directory id or a domain such as contoso.onmicrosoft.com)');
    else if (!guid.test(tenantId) && !domainName.test(tenantId)) problems.push(`--tenant: expected a directory id (GUID) or a domain such as contoso.onmicrosoft.com, got \`${tenantId}\``);
    if (!clientId) problems.push('missing client id: give --client-id or set AZURE_CLIENT_ID (the app registration\'s Application (client) ID)');
    else if (!guid.test(clientId)) problems.push(`--client-id: expected the Application (client) ID, a GUID, got \`${clientId}\``);
  }

  if (problems.length > 0 || !credential || !cloud) {
    throw new UsageError(problems.length === 1 ? `Connection: ${problems[0]}` : `Connection options have ${problems.length} problems:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }

  const redacted: RedactedConnectionSettings = {
    tenantId,
    clientId,
    cloud,
    graphBaseUrl,
    graphResource: endpoints.graphBaseUrl,
    authorityHost,
    caFile,
    credential: credential.kind === 'certificate' ? { kind: credential.kind, certificatePath: credential.certificatePath } : { kind: credential.kind },
  };
  return { ...redacted, credential: hideSecret(credential, redacted.credential), toJSON: () => redacted };
}

/** The secret stays readable by code but not by JSON.stringify, util.inspect or console.log of the credential. */
function hideSecret(credential: Credential, redacted: RedactedConnectionSettings['credential']): Credential {
  const shown = (): RedactedConnectionSettings['credential'] => redacted;
  Object.defineProperty(credential, 'toJSON', { value: shown, enumerable: false });
  Object.defineProperty(credential, inspect.custom, { value: shown, enumerable: false });
  return credential;
}
