import { randomBytes, webcrypto } from 'node:crypto';
import { exportPrivateKeyPem } from './key-pem.js';
import { useNodeWebCrypto } from './x509-provider.js';

export interface EmulatorTls {
  /** The CA that clients trust (`--ca-file`, `NODE_EXTRA_CA_CERTS`). */
  caCertPem: string;
  /** Server certificate for `127.0.0.1` and `localhost`, signed by the CA. */
  serverCertPem: string;
  serverKeyPem: string;
}

export interface EmulatorTlsOptions {
  /** @default 1 (days the certificates stay valid; the emulator makes new ones at every start) */
  validityDays?: number;
}

const ecdsa = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const signingAlgorithm = { name: 'ECDSA', hash: 'SHA-256' } as const;
const day = 24 * 60 * 60 * 1000;

function serialNumber(): string {
  // Positive and non-zero: the top bit clear, as DER INTEGER serials must be.
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0]! & 0x7f) | 0x01;
  return bytes.toString('hex');
}

/**
 * Makes, in memory, a CA and a server certificate for the emulator's HTTPS listeners (ECDSA P-256: fast to make,
 * and accepted by Node's TLS). Nothing is written to disk here; the caller writes the CA where clients can read it.
 */
export async function generateEmulatorTls(options: EmulatorTlsOptions = {}): Promise<EmulatorTls> {
  const x509 = useNodeWebCrypto();
  const validityDays = options.validityDays ?? 1;
  // A little slack backwards so a client whose clock is slightly behind still accepts the certificate.
  const notBefore = new Date(Date.now() - 60 * 60 * 1000);
  const notAfter = new Date(Date.now() + validityDays * day);

  const caKeys = (await webcrypto.subtle.generateKey(ecdsa, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const caName = 'CN=apbatch emulator CA, O=apbatch';
  const caCert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serialNumber(),
    name: caName,
    notBefore,
    notAfter,
    signingAlgorithm,
    keys: caKeys,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(caKeys.publicKey),
    ],
  });

  const serverKeys = (await webcrypto.subtle.generateKey(ecdsa, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const serverCert = await x509.X509CertificateGenerator.create({
    serialNumber: serialNumber(),
    subject: 'CN=127.0.0.1, O=apbatch',
    issuer: caCert.subject,
    notBefore,
    notAfter,
    signingAlgorithm,
    publicKey: serverKeys.publicKey,
    signingKey: caKeys.privateKey,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyAgreement, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension([
        { type: 'ip', value: '127.0.0.1' },
        { type: 'dns', value: 'localhost' },
      ]),
      await x509.SubjectKeyIdentifierExtension.create(serverKeys.publicKey),
      await x509.AuthorityKeyIdentifierExtension.create(caKeys.publicKey),
    ],
  });

  return {
    caCertPem: caCert.toString('pem'),
    serverCertPem: serverCert.toString('pem'),
    serverKeyPem: await exportPrivateKeyPem(serverKeys.privateKey),
  };
}
