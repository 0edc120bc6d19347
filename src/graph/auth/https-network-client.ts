import { Agent, request } from 'node:https';
import { rootCertificates } from 'node:tls';
import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from '@azure/msal-node';

export interface HttpsNetworkClientOptions {
  /** A private CA (PEM) trusted in addition to the system roots. Certificate checks always stay on. */
  extraCaPem?: string;
  /** @default 30000 */
  timeoutMs?: number;
}

/** The failure of a sign-in HTTP call before any answer came back; `code` is Node's (ECONNREFUSED, UNABLE_TO_VERIFY_LEAF_SIGNATURE...). */
export class SignInNetworkError extends Error {
  readonly code: string | undefined;
  readonly url: string;

  constructor(url: string, cause: unknown) {
    const code = typeof cause === 'object' && cause !== null && 'code' in cause ? String((cause as { code: unknown }).code) : undefined;
    super(`Network request to ${url} failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'SignInNetworkError';
    this.code = code;
    this.url = url;
  }
}

/**
 * msal-node's network module on node:https, so a private CA (the emulator's) can be trusted for sign-in alone,
 * next to the system roots, without touching process-wide TLS settings. Bodies are parsed as JSON, as msal expects.
 */
export interface HttpsNetworkClient extends INetworkModule {
  /** The last transport failure, for error messages: msal hides it behind `network_error`. */
  lastNetworkError(): SignInNetworkError | undefined;
}

export function createHttpsNetworkClient(options: HttpsNetworkClientOptions = {}): HttpsNetworkClient {
  let lastFailure: SignInNetworkError | undefined;
  const fail = (reject: (error: Error) => void, url: string, cause: unknown): void => {
    lastFailure = new SignInNetworkError(url, cause);
    reject(lastFailure);
  };
  const agent = new Agent({
    keepAlive: true,
    ...(options.extraCaPem ? { ca: [...rootCertificates, options.extraCaPem] } : {}),
  });
  const timeoutMs = options.timeoutMs ?? 30_000;

  function send<T>(method: 'GET' | 'POST', url: string, requestOptions: NetworkRequestOptions | undefined, timeout: number | undefined): Promise<NetworkResponse<T>> {
    return new Promise((resolve, reject) => {
      const body = method === 'POST' ? (requestOptions?.body ?? '') : undefined;
      const headers: Record<string, string | number> = { ...requestOptions?.headers };
      if (body !== undefined) headers['content-length'] = Buffer.byteLength(body);
      const req = request(url, { method, agent, headers, timeout: timeout ?? timeoutMs }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', (error) => fail(reject, url, error));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const responseHeaders: Record<string, string> = {};
          for (const [name, value] of Object.entries(res.headers)) {
            if (value !== undefined) responseHeaders[name] = Array.isArray(value) ? value.join(', ') : value;
          }
          let parsed: T;
          try {
            parsed = (text ? JSON.parse(text) : {}) as T;
          } catch (error) {
            fail(reject, url, new Error(`Failed to parse response as JSON (HTTP ${res.statusCode ?? 0}): ${(error as Error).message}`));
            return;
          }
          resolve({ status: res.statusCode ?? 0, headers: responseHeaders, body: parsed });
        });
      });
      req.on('timeout', () => req.destroy(Object.assign(new Error(`no answer within ${timeout ?? timeoutMs} ms`), { code: 'ETIMEDOUT' })));
      req.on('error', (error) => fail(reject, url, error));
      req.end(body);
    });
  }

  return {
    lastNetworkError: () => lastFailure,
    sendGetRequestAsync: <T>(url: string, requestOptions?: NetworkRequestOptions, timeout?: number) => send<T>('GET', url, requestOptions, timeout),
    sendPostRequestAsync: <T>(url: string, requestOptions?: NetworkRequestOptions) => send<T>('POST', url, requestOptions, undefined),
  };
}
