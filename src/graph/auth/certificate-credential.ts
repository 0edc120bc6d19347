import { X509Certificate, createPrivateKey } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { UsageError } from '../../core/errors.js';

/** What msal-node needs to sign client assertions with a certificate. */
export interface CertificateCredential {
  /** PKCS#8 PEM (`-----BEGIN PRIVATE KEY-----`), the form msal-node requires. */
  privateKeyPem: string;
  /** Hex SHA-256 thumbprint of the certificate: msal then signs PS256 with an `x5t#S256` header. */
  thumbprintSha256Hex: string;
  thumbprintSha1Hex: string;
  certificatePem: string;
}

const certificateBlock = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/;
const keyBlock = /-----BEGIN ((?:RSA |EC |ENCRYPTED )?PRIVATE KEY)-----[\s\S]+?-----END \1-----/;

/** Reads a PEM holding the private key and the certificate (as `AZURE_CLIENT_CERTIFICATE_PATH` does) and checks they belong together. */
export function parseCertificateCredential(pem: string, source: string): CertificateCredential {
  const certificatePem = certificateBlock.exec(pem)?.[0];
  const keyMatch = keyBlock.exec(pem);
  if (!certificatePem || !keyMatch) {
    const found = keyMatch ? 'only a private key' : certificatePem ? 'only a certificate' : 'neither';
    throw new UsageError(`Certificate ${source}: expected a PEM file with a private key and a certificate, found ${found}`, {
      hint: 'Put both in one file, e.g. `cat app.key app.crt > app.pem`.',
    });
  }
  if (keyMatch[1] === 'ENCRYPTED PRIVATE KEY') {
    throw new UsageError(`Certificate ${source}: the private key is encrypted; expected an unencrypted key`, {
      hint: 'Export it without a password, e.g. `openssl pkcs8 -topk8 -nocrypt -in app.key`, and keep the file readable by you only.',
    });
  }
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(certificatePem);
  } catch (error) {
    throw new UsageError(`Certificate ${source}: the certificate cannot be read (${(error as Error).message})`, { cause: error });
  }
  let privateKeyPem: string;
  try {
    const key = createPrivateKey(keyMatch[0]);
    if (key.asymmetricKeyType !== 'rsa') {
      throw new UsageError(`Certificate ${source}: expected an RSA key (Entra signs client assertions with RS256 or PS256), got ${key.asymmetricKeyType ?? 'an unknown key type'}`);
    }
    if (!certificate.checkPrivateKey(key)) {
      throw new UsageError(`Certificate ${source}: the private key does not belong to the certificate (${certificate.subject})`);
    }
    privateKeyPem = key.export({ format: 'pem', type: 'pkcs8' }).toString();
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`Certificate ${source}: the private key cannot be read (${(error as Error).message})`, { cause: error });
  }
  const hex = (fingerprint: string): string => fingerprint.replaceAll(':', '').toLowerCase();
  return { privateKeyPem, certificatePem, thumbprintSha256Hex: hex(certificate.fingerprint256), thumbprintSha1Hex: hex(certificate.fingerprint) };
}

export async function readCertificateCredential(path: string): Promise<CertificateCredential> {
  let pem: string;
  try {
    pem = await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError(`Certificate ${path}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, { cause: error });
  }
  return parseCertificateCredential(pem, path);
}

/** Reads the private CA file given with `--ca-file`/`APBATCH_CA_FILE`. */
export async function readCaFile(path: string): Promise<string> {
  let pem: string;
  try {
    pem = await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError(`CA file ${path}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, { cause: error });
  }
  if (!certificateBlock.test(pem)) throw new UsageError(`CA file ${path}: expected a PEM certificate (-----BEGIN CERTIFICATE-----), found none`);
  return pem;
}
