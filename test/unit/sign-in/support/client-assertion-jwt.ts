import { constants, createHash, sign, X509Certificate } from 'node:crypto';

export interface AssertionOptions {
  certPem: string;
  keyPem: string;
  clientId: string;
  audience: string;
  nowSeconds: number;
  algorithm?: 'RS256' | 'PS256';
  /** Overrides of the payload, e.g. a wrong `iss`. */
  claims?: Record<string, unknown>;
  /** Thumbprint header computed from this certificate instead (to sign with one key and name another). */
  headerCertPem?: string;
}

/** A client assertion as msal-node builds one: x5t (RS256) or x5t#S256 (PS256), aud = token endpoint, 10 minutes. */
export function makeClientAssertion(options: AssertionOptions): string {
  const algorithm = options.algorithm ?? 'PS256';
  const der = new X509Certificate(options.headerCertPem ?? options.certPem).raw;
  const header =
    algorithm === 'PS256'
      ? { alg: 'PS256', typ: 'JWT', 'x5t#S256': createHash('sha256').update(der).digest('base64url') }
      : { alg: 'RS256', typ: 'JWT', x5t: createHash('sha1').update(der).digest('base64url') };
  const payload = {
    aud: options.audience,
    exp: options.nowSeconds + 600,
    iss: options.clientId,
    sub: options.clientId,
    nbf: options.nowSeconds,
    jti: 'test-jti',
    ...options.claims,
  };
  const input = `${Buffer.from(JSON.stringify(header)).toString('base64url')}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`;
  const padding = algorithm === 'PS256' ? { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST } : { padding: constants.RSA_PKCS1_PADDING };
  return `${input}.${sign('sha256', Buffer.from(input), { key: options.keyPem, ...padding }).toString('base64url')}`;
}
