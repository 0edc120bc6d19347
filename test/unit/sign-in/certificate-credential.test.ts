import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/core/errors.js';
import { generateClientCertificate, type ClientCertificate } from '../../../src/emulator/tls/index.js';
import { parseCertificateCredential, readCaFile, readCertificateCredential } from '../../../src/graph/auth/certificate-credential.js';

let certificate: ClientCertificate;
let other: ClientCertificate;
let dir: string;

beforeAll(async () => {
  [certificate, other] = await Promise.all([generateClientCertificate('app'), generateClientCertificate('other')]);
});

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'apbatch-cert-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function usageMessage(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as UsageError).message;
  }
  throw new Error('expected a UsageError');
}

describe('parseCertificateCredential', () => {
  it('reads key and certificate in either order and gives msal a PKCS#8 key and the SHA-256 thumbprint', () => {
    for (const pem of [`${certificate.keyPem}${certificate.certPem}`, `${certificate.certPem}\n${certificate.keyPem}`]) {
      const credential = parseCertificateCredential(pem, 'app.pem');
      expect(credential.thumbprintSha256Hex).toBe(certificate.thumbprintSha256Hex);
      expect(credential.thumbprintSha1Hex).toBe(certificate.thumbprintSha1Hex);
      expect(credential.privateKeyPem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    }
  });

  it('accepts a PKCS#1 RSA key and converts it', () => {
    const pkcs1 = createPrivateKey(certificate.keyPem).export({ format: 'pem', type: 'pkcs1' }).toString();
    expect(pkcs1).toMatch(/^-----BEGIN RSA PRIVATE KEY-----/);
    expect(parseCertificateCredential(`${pkcs1}${certificate.certPem}`, 'app.pem').privateKeyPem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
  });

  it.each([
    ['neither', (): string => 'hello', 'Certificate app.pem: expected a PEM file with a private key and a certificate, found neither'],
    ['no key', (): string => certificate.certPem, 'Certificate app.pem: expected a PEM file with a private key and a certificate, found only a certificate'],
    ['no certificate', (): string => certificate.keyPem, 'Certificate app.pem: expected a PEM file with a private key and a certificate, found only a private key'],
    ['a key of another certificate', (): string => `${other.keyPem}${certificate.certPem}`, 'Certificate app.pem: the private key does not belong to the certificate (CN=app)'],
    [
      'an encrypted key',
      (): string => `${createPrivateKey(certificate.keyPem).export({ format: 'pem', type: 'pkcs8', cipher: 'aes-256-cbc', passphrase: 'pw' }).toString()}${certificate.certPem}`,
      'Certificate app.pem: the private key is encrypted; expected an unencrypted key',
    ],
    [
      'an EC key',
      (): string => `${generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString()}${certificate.certPem}`,
      'Certificate app.pem: expected an RSA key (Entra signs client assertions with RS256 or PS256), got ec',
    ],
  ])('refuses %s', (_name, pem, message) => {
    expect(usageMessage(() => parseCertificateCredential(pem(), 'app.pem'))).toBe(message);
  });
});

describe('reading files', () => {
  it('reads the certificate file and reports a missing one', async () => {
    const path = join(dir, 'app.pem');
    await writeFile(path, `${certificate.keyPem}${certificate.certPem}`, { mode: 0o600 });
    expect((await readCertificateCredential(path)).thumbprintSha256Hex).toBe(certificate.thumbprintSha256Hex);
    await expect(readCertificateCredential(join(dir, 'missing.pem'))).rejects.toThrow(`Certificate ${join(dir, 'missing.pem')}: cannot read the file (ENOENT)`);
  });

  it('reads a CA file and refuses one without a certificate', async () => {
    const ca = join(dir, 'ca.pem');
    await writeFile(ca, certificate.certPem);
    expect(await readCaFile(ca)).toBe(certificate.certPem);
    await writeFile(ca, 'hello');
    await expect(readCaFile(ca)).rejects.toThrow(`CA file ${ca}: expected a PEM certificate (-----BEGIN CERTIFICATE-----), found none`);
  });
});
