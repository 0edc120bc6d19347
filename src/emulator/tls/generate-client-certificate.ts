import { X509Certificate as NodeX509Certificate, createHash, randomBytes, webcrypto } from 'node:crypto';
import { exportPrivateKeyPem } from './key-pem.js';
import { useNodeWebCrypto } from './x509-provider.js';

export interface ClientCertificate {
  /** The public certificate, as uploaded to the app registration. */
  certPem: string;
  /** PKCS#8 private key; the client signs its assertions with it. */
  keyPem: string;
  thumbprintSha1Hex: string;
  thumbprintSha256Hex: string;
}

/**
 * Makes a self-signed RSA 2048 certificate for an app registration's certificate credential. RSA because msal-node
 * signs client assertions with RS256 (SHA-1 thumbprint) or PS256 (SHA-256 thumbprint), both RSA-only.
 */
export async function generateClientCertificate(subject: string): Promise<ClientCertificate> {
  const x509 = useNodeWebCrypto();
  const algorithm = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', publicExponent: new Uint8Array([1, 0, 1]), modulusLength: 2048 };
  const keys = (await webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const serial = randomBytes(16);
  serial[0] = (serial[0]! & 0x7f) | 0x01;
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial.toString('hex'),
    name: `CN=${subject}`,
    notBefore: new Date(Date.now() - 60 * 60 * 1000),
    notAfter: new Date(Date.now() + 365 * 24 * 60 * 60 * 1000),
    signingAlgorithm: algorithm,
    keys: keys,
  });
  const der = Buffer.from(certificate.rawData);
  const certPem = certificate.toString('pem');
  // Cross-check with Node's own parser so a certificate Node cannot read never leaves here.
  new NodeX509Certificate(certPem);
  return {
    certPem,
    keyPem: await exportPrivateKeyPem(keys.privateKey),
    thumbprintSha1Hex: createHash('sha1').update(der).digest('hex'),
    thumbprintSha256Hex: createHash('sha256').update(der).digest('hex'),
  };
}
