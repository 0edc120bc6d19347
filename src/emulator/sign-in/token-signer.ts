import { createHash, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { base64UrlJson, type CompactJwt } from './compact-jwt.js';

/** The emulator's own signing key for the tokens it issues (ES256: quick to make at every start). */
export interface TokenSigner {
  readonly keyId: string;
  sign(payload: Record<string, unknown>): string;
  verify(jwt: CompactJwt): boolean;
  /** The JWKS document served at `jwks_uri`. */
  jwks(): { keys: Record<string, unknown>[] };
}

export function createTokenSigner(): TokenSigner {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const publicJwk = publicKey.export({ format: 'jwk' });
  const keyId = createHash('sha256').update(JSON.stringify(publicJwk)).digest('base64url').slice(0, 27);
  const header = { typ: 'JWT', alg: 'ES256', kid: keyId };
  const signWith = (key: KeyObject, input: string): Buffer => sign('sha256', Buffer.from(input), { key, dsaEncoding: 'ieee-p1363' });
  return {
    keyId,
    sign(payload) {
      const signingInput = `${base64UrlJson(header)}.${base64UrlJson(payload)}`;
      return `${signingInput}.${signWith(privateKey, signingInput).toString('base64url')}`;
    },
    verify(jwt) {
      if (jwt.header.alg !== 'ES256' || jwt.header.kid !== keyId) return false;
      return verify('sha256', Buffer.from(jwt.signingInput), { key: publicKey, dsaEncoding: 'ieee-p1363' }, jwt.signature);
    },
    jwks() {
      return { keys: [{ ...publicJwk, kid: keyId, use: 'sig', alg: 'ES256' }] };
    },
  };
}
