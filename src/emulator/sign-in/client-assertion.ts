import { constants, verify } from 'node:crypto';
import { parseCompactJwt } from './compact-jwt.js';
import { entraErrors, type EntraErrorCase } from './entra-errors.js';
import type { RegisteredCertificate } from './registered-certificate.js';

export interface ClientAssertionCheck {
  assertion: string;
  clientId: string;
  certificates: readonly RegisteredCertificate[];
  /** Audiences Entra accepts: the token endpoint, and the tenant's issuer. */
  audiences: readonly string[];
  nowSeconds: number;
}

/** Clock skew allowed on `nbf` and `exp`, as Entra allows a few minutes. */
const skewSeconds = 300;

/**
 * Checks a certificate client assertion the way Entra does: a JWT signed (RS256 or PS256) by a certificate registered
 * on the app, named by its `x5t` or `x5t#S256` header, for this token endpoint, issued by the client, in its time window.
 * Returns the failure, or `undefined` when the assertion is good.
 */
export function checkClientAssertion(check: ClientAssertionCheck): EntraErrorCase | undefined {
  const jwt = parseCompactJwt(check.assertion);
  if (!jwt) return entraErrors.assertionInvalid('The client assertion is not a compact JWT.');
  const { header, payload } = jwt;
  const x5tS256 = typeof header['x5t#S256'] === 'string' ? header['x5t#S256'] : undefined;
  const x5t = typeof header.x5t === 'string' ? header.x5t : undefined;
  if (!x5tS256 && !x5t) return entraErrors.assertionInvalid("The client assertion header has neither 'x5t' nor 'x5t#S256'.");
  const certificate = check.certificates.find((registered) => (x5tS256 ? registered.x5tS256 === x5tS256 : registered.x5t === x5t));
  if (!certificate) {
    const thumbprint = Buffer.from((x5tS256 ?? x5t)!, 'base64url').toString('hex').toUpperCase();
    return entraErrors.certificateNotRegistered(thumbprint);
  }

  const padding =
    header.alg === 'RS256' ? { padding: constants.RSA_PKCS1_PADDING } : header.alg === 'PS256' ? { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_AUTO } : undefined;
  if (!padding) return entraErrors.assertionInvalid(`The client assertion algorithm '${String(header.alg)}' is not RS256 or PS256.`);
  if (!verifiesWith(certificate, jwt.signingInput, jwt.signature, padding)) return entraErrors.assertionSignatureInvalid();

  if (payload.iss !== check.clientId || payload.sub !== check.clientId) return entraErrors.assertionClientMismatch();
  const audiences = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
  const normalize = (value: unknown): string => String(value).replace(/\/+$/, '').toLowerCase();
  const accepted = new Set(check.audiences.map(normalize));
  if (!audiences.some((audience) => accepted.has(normalize(audience)))) {
    return entraErrors.assertionInvalid(`The audience '${String(payload.aud)}' is not the token endpoint '${check.audiences[0]}'.`);
  }
  const exp = payload.exp;
  const nbf = payload.nbf;
  if (typeof exp !== 'number') return entraErrors.assertionInvalid("The client assertion has no 'exp' claim.");
  if (exp + skewSeconds < check.nowSeconds || (typeof nbf === 'number' && nbf - skewSeconds > check.nowSeconds)) {
    return entraErrors.assertionOutOfTime(check.nowSeconds, nbf, exp);
  }
  return undefined;
}

function verifiesWith(certificate: RegisteredCertificate, signingInput: string, signature: Buffer, padding: { padding: number; saltLength?: number }): boolean {
  try {
    return verify('sha256', Buffer.from(signingInput), { key: certificate.publicKey, ...padding }, signature);
  } catch {
    // A signature of the wrong length or a key of the wrong type is simply not a valid signature.
    return false;
  }
}
