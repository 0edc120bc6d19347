import { createServer, request } from 'node:https';
import type { AddressInfo } from 'node:net';
import { createSignInService, type SignInService, type SignInServiceOptions } from '../../../../src/emulator/sign-in/index.js';
import { generateEmulatorTls } from '../../../../src/emulator/tls/index.js';

export interface SignInServer {
  authorityHost: string;
  caCertPem: string;
  service: SignInService;
  /** Every request path the server saw, in order. */
  paths: string[];
  close(): Promise<void>;
}

/** A minimal HTTPS server around the sign-in service, as the emulator mounts it; 404 for anything else. */
export async function startSignInServer(options: SignInServiceOptions): Promise<SignInServer> {
  const tls = await generateEmulatorTls();
  const service = createSignInService(options);
  const paths: string[] = [];
  let authorityHost = '';
  const server = createServer({ cert: tls.serverCertPem, key: tls.serverKeyPem }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', authorityHost);
      paths.push(`${req.method} ${url.pathname}`);
      if (!service.handle(req, res, url, Buffer.concat(chunks).toString('utf8'), authorityHost)) {
        res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not_found"}');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  authorityHost = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    authorityHost,
    caCertPem: tls.caCertPem,
    service,
    paths,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface JsonResponse {
  status: number;
  body: Record<string, unknown>;
}

/** A plain HTTPS call trusting only the server's CA. */
export function callJson(server: SignInServer, method: 'GET' | 'POST', path: string, form?: Record<string, string>, headers: Record<string, string> = {}): Promise<JsonResponse> {
  const url = new URL(path, server.authorityHost);
  const payload = form ? new URLSearchParams(form).toString() : undefined;
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method,
        ca: server.caCertPem,
        headers: { ...(payload ? { 'content-type': 'application/x-www-form-urlencoded' } : {}), ...headers },
      },
      (res) => {
        res.setEncoding('utf8');
        let text = '';
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as Record<string, unknown> }));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}
