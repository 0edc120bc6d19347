import { X509Certificate, createPrivateKey } from 'node:crypto';
import { createServer, request } from 'node:https';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { generateClientCertificate, generateEmulatorTls } from '../../../src/emulator/tls/index.js';

describe('generateEmulatorTls', () => {
  it('makes a server certificate for 127.0.0.1 and localhost that a client trusting only the CA accepts', async () => {
    const tls = await generateEmulatorTls();
    const ca = new X509Certificate(tls.caCertPem);
    const server = new X509Certificate(tls.serverCertPem);
    expect(ca.ca).toBe(true);
    expect(server.ca).toBe(false);
    expect(server.verify(ca.publicKey)).toBe(true);
    expect(server.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(server.checkHost('localhost')).toBe('localhost');
    expect(server.checkPrivateKey(createPrivateKey(tls.serverKeyPem))).toBe(true);

    const https = createServer({ cert: tls.serverCertPem, key: tls.serverKeyPem }, (_req, res) => res.end('ok'));
    await new Promise<void>((resolve) => https.listen(0, '127.0.0.1', resolve));
    const { port } = https.address() as AddressInfo;
    const get = (ca: string | undefined): Promise<string> =>
      new Promise((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port, path: '/', ca }, (res) => {
          res.setEncoding('utf8');
          let text = '';
          res.on('data', (chunk: string) => (text += chunk));
          res.on('end', () => resolve(text));
        });
        req.on('error', reject);
        req.end();
      });
    try {
      expect(await get(tls.caCertPem)).toBe('ok');
      // Without the CA the default trust store refuses it: verification is never switched off.
      await expect(get(undefined)).rejects.toMatchObject({ code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' });
    } finally {
      await new Promise((resolve) => https.close(resolve));
    }
  });
});

describe('generateClientCertificate', () => {
  it('makes an RSA 2048 certificate and key pair with SHA-1 and SHA-256 thumbprints', async () => {
    const certificate = await generateClientCertificate('apbatch-test');
    const parsed = new X509Certificate(certificate.certPem);
    expect(parsed.subject).toBe('CN=apbatch-test');
    expect(parsed.publicKey.asymmetricKeyType).toBe('rsa');
    expect(parsed.publicKey.asymmetricKeyDetails?.modulusLength).toBe(2048);
    expect(parsed.checkPrivateKey(createPrivateKey(certificate.keyPem))).toBe(true);
    expect(certificate.thumbprintSha1Hex).toBe(parsed.fingerprint.replaceAll(':', '').toLowerCase());
    expect(certificate.thumbprintSha256Hex).toBe(parsed.fingerprint256.replaceAll(':', '').toLowerCase());
    expect(certificate.keyPem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
  });
});
