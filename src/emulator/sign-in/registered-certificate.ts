import { X509Certificate, type KeyObject } from 'node:crypto';

/** A certificate credential of an app registration, with what assertion headers name it by. */
export interface RegisteredCertificate {
  /** base64url of the SHA-1 digest of the DER certificate: the `x5t` header. */
  x5t: string;
  /** base64url of the SHA-256 digest: the `x5t#S256` header. */
  x5tS256: string;
  publicKey: KeyObject;
}

export function registerCertificate(certificatePem: string): RegisteredCertificate {
  const certificate = new X509Certificate(certificatePem);
  const fromColonHex = (fingerprint: string): string => Buffer.from(fingerprint.replaceAll(':', ''), 'hex').toString('base64url');
  return { x5t: fromColonHex(certificate.fingerprint), x5tS256: fromColonHex(certificate.fingerprint256), publicKey: certificate.publicKey };
}
