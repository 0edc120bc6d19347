import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/core/errors.js';
import { resolveConnection, type ConnectionEnvironment, type ConnectionFlags } from '../../../src/graph/auth/connection-settings.js';

const tenant = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const client = '11111111-1111-4111-8111-111111111111';
const secretEnv = { AZURE_TENANT_ID: tenant, AZURE_CLIENT_ID: client, AZURE_CLIENT_SECRET: 's3cr3t-value' };

function usageMessage(flags: ConnectionFlags, env: ConnectionEnvironment): string {
  try {
    resolveConnection(flags, env);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).exitCode).toBe(2);
    return (error as UsageError).message;
  }
  throw new Error('expected a UsageError');
}

describe('resolveConnection: endpoints', () => {
  it.each([
    ['global', 'https://graph.microsoft.com', 'https://login.microsoftonline.com'],
    ['usgov', 'https://graph.microsoft.us', 'https://login.microsoftonline.us'],
    ['usgovdod', 'https://dod-graph.microsoft.us', 'https://login.microsoftonline.us'],
    ['china', 'https://microsoftgraph.chinacloudapi.cn', 'https://login.chinacloudapi.cn'],
  ])('--cloud %s sets Graph %s and sign-in %s', (cloud, graph, authority) => {
    const settings = resolveConnection({ cloud }, secretEnv);
    expect(settings).toMatchObject({ cloud, graphBaseUrl: graph, graphResource: graph, authorityHost: authority });
  });

  it('defaults to the global cloud, takes APBATCH_CLOUD, and lets the flag win over the environment', () => {
    expect(resolveConnection({}, secretEnv).cloud).toBe('global');
    expect(resolveConnection({}, { ...secretEnv, APBATCH_CLOUD: 'China' }).cloud).toBe('china');
    expect(resolveConnection({ cloud: 'usgov' }, { ...secretEnv, APBATCH_CLOUD: 'china' }).cloud).toBe('usgov');
  });

  it('overrides each endpoint on its own and keeps the cloud Graph resource for scopes', () => {
    const settings = resolveConnection(
      { graphUrl: 'http://127.0.0.1:8080/', authorityHost: 'https://127.0.0.1:8443' },
      { ...secretEnv, APBATCH_CLOUD: 'usgov' },
    );
    expect(settings).toMatchObject({ graphBaseUrl: 'http://127.0.0.1:8080', authorityHost: 'https://127.0.0.1:8443', graphResource: 'https://graph.microsoft.us' });
    const fromEnv = resolveConnection({}, { ...secretEnv, APBATCH_GRAPH_URL: 'https://graph.example.test/', AZURE_AUTHORITY_HOST: 'login.microsoftonline.us' });
    expect(fromEnv).toMatchObject({ graphBaseUrl: 'https://graph.example.test', authorityHost: 'https://login.microsoftonline.us' });
  });

  it('takes the CA file from --ca-file or APBATCH_CA_FILE', () => {
    expect(resolveConnection({ caFile: '/tmp/ca.pem' }, secretEnv).caFile).toBe('/tmp/ca.pem');
    expect(resolveConnection({}, { ...secretEnv, APBATCH_CA_FILE: '/tmp/env-ca.pem' }).caFile).toBe('/tmp/env-ca.pem');
    expect(resolveConnection({}, secretEnv).caFile).toBeUndefined();
  });
});

describe('resolveConnection: credentials', () => {
  it.each<[string, ConnectionFlags, ConnectionEnvironment, string]>([
    ['secret from the environment', {}, secretEnv, 'client-secret'],
    ['certificate flag', { certificate: '/keys/app.pem', tenant, clientId: client }, {}, 'certificate'],
    ['certificate from the environment', {}, { AZURE_TENANT_ID: tenant, AZURE_CLIENT_ID: client, AZURE_CLIENT_CERTIFICATE_PATH: '/keys/app.pem' }, 'certificate'],
    ['device code', { deviceCode: true, tenant: 'contoso.onmicrosoft.com', clientId: client }, {}, 'device-code'],
    ['a token obtained elsewhere, no tenant needed', {}, { APBATCH_ACCESS_TOKEN: 'eyJ0eXAi.x.y' }, 'access-token'],
  ])('%s', (_name, flags, env, kind) => {
    expect(resolveConnection(flags, env).credential.kind).toBe(kind);
  });

  it('lets --tenant and --client-id win over the environment', () => {
    const other = '22222222-2222-4222-8222-222222222222';
    expect(resolveConnection({ tenant: 'fabrikam.com', clientId: other }, secretEnv)).toMatchObject({ tenantId: 'fabrikam.com', clientId: other });
  });

  it.each<[string, ConnectionFlags, ConnectionEnvironment, string]>([
    ['no credential', { tenant, clientId: client }, {}, 'Connection: no way to sign in: set AZURE_CLIENT_SECRET, give --certificate (or AZURE_CLIENT_CERTIFICATE_PATH), --device-code, or set APBATCH_ACCESS_TOKEN'],
    ['secret and certificate', { certificate: '/keys/app.pem' }, secretEnv, 'Connection: expected one way to sign in, got 2: AZURE_CLIENT_SECRET, --certificate; remove all but one'],
    ['missing tenant', { clientId: client }, { AZURE_CLIENT_SECRET: 'x' }, 'Connection: missing tenant: give --tenant or set AZURE_TENANT_ID (the directory id or a domain such as contoso.onmicrosoft.com)'],
    ['missing client id', { tenant }, { AZURE_CLIENT_SECRET: 'x' }, "Connection: missing client id: give --client-id or set AZURE_CLIENT_ID (the app registration's Application (client) ID)"],
    ['client id not a GUID', { tenant, clientId: 'my-app' }, { AZURE_CLIENT_SECRET: 'x' }, 'Connection: --client-id: expected the Application (client) ID, a GUID, got `my-app`'],
    ['tenant neither GUID nor domain', { tenant: 'not a tenant', clientId: client }, { AZURE_CLIENT_SECRET: 'x' }, 'Connection: --tenant: expected a directory id (GUID) or a domain such as contoso.onmicrosoft.com, got `not a tenant`'],
    ['unknown cloud', { cloud: 'mars' }, secretEnv, 'Connection: --cloud: expected one of global, usgov, usgovdod, china, got `mars`'],
    ['plain http sign-in', { authorityHost: 'http://127.0.0.1:8443' }, secretEnv, 'Connection: --authority-host: expected an https URL, got `http://127.0.0.1:8443`'],
    ['plain http Graph elsewhere than loopback', { graphUrl: 'http://graph.example.test' }, secretEnv, 'Connection: --graph-url: expected an https URL (http only on 127.0.0.1 or localhost), got `http://graph.example.test`'],
  ])('refuses %s', (_name, flags, env, message) => {
    expect(usageMessage(flags, env)).toBe(message);
  });

  it('reports every problem at once', () => {
    expect(usageMessage({ cloud: 'mars' }, {})).toBe(
      'Connection options have 2 problems:\n  - --cloud: expected one of global, usgov, usgovdod, china, got `mars`\n  - no way to sign in: set AZURE_CLIENT_SECRET, give --certificate (or AZURE_CLIENT_CERTIFICATE_PATH), --device-code, or set APBATCH_ACCESS_TOKEN',
    );
  });
});

describe('resolveConnection: secrets stay out of logs', () => {
  it('never shows the secret or the token in JSON or inspect output, yet keeps it readable', () => {
    const settings = resolveConnection({}, secretEnv);
    expect(settings.credential).toMatchObject({ kind: 'client-secret' });
    expect(settings.credential.kind === 'client-secret' && settings.credential.clientSecret).toBe('s3cr3t-value');
    expect(JSON.parse(JSON.stringify(settings))).toEqual({
      tenantId: tenant,
      clientId: client,
      cloud: 'global',
      graphBaseUrl: 'https://graph.microsoft.com',
      graphResource: 'https://graph.microsoft.com',
      authorityHost: 'https://login.microsoftonline.com',
      credential: { kind: 'client-secret' },
    });
    expect(JSON.stringify({ settings: { ...settings } })).not.toContain('s3cr3t-value');
    expect(inspect(settings, { depth: 5 })).not.toContain('s3cr3t-value');
    const tokenSettings = resolveConnection({}, { APBATCH_ACCESS_TOKEN: 'token-value' });
    expect(inspect(tokenSettings)).not.toContain('token-value');
    expect(JSON.stringify(tokenSettings)).not.toContain('token-value');
  });
});
