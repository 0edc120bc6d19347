import { readFileSync } from 'node:fs';
import { Agent, type Dispatcher } from 'undici';
import type { FetchLike } from './graph-client.js';

/** Options of {@link createGraphDispatcher}. */
export interface GraphDispatcherOptions {
  /** Extra CA certificate(s) to trust, as PEM text (the emulator's CA). TLS verification stays on. */
  caPem?: string;
  /** Same, read from a file. */
  caPath?: string;
  /** How long an idle connection is kept for reuse, in ms. @default 30000 */
  keepAliveTimeoutMs?: number;
}

/**
 * The undici agent every Graph call goes through: keep-alive connections and, for the emulator, its CA added
 * to the trusted roots. Nothing here turns certificate checks off.
 */
export function createGraphDispatcher(options: GraphDispatcherOptions = {}): Agent {
  const ca = options.caPem ?? (options.caPath ? readFileSync(options.caPath, 'utf8') : undefined);
  return new Agent({
    keepAliveTimeout: options.keepAliveTimeoutMs ?? 30_000,
    ...(ca ? { connect: { ca } } : {}),
  });
}

/**
 * The client's {@link FetchLike} on undici's `request` rather than its WHATWG `fetch`: the same connection pool,
 * a fraction of the CPU per call (no web streams, Request/Response objects or header guards), which is most of
 * what a row costs when Graph answers fast.
 */
export function dispatcherFetch(dispatcher: Dispatcher): FetchLike {
  return async (url, init) => {
    const target = new URL(url);
    const response = await dispatcher.request({
      origin: target.origin,
      path: target.pathname + target.search,
      method: init.method as Dispatcher.HttpMethod,
      headers: init.headers,
      body: init.body,
      signal: init.signal,
    });
    const headers = response.headers;
    return {
      status: response.statusCode,
      headers: {
        get(name) {
          const value = headers[name.toLowerCase()];
          if (value === undefined) return null;
          return Array.isArray(value) ? value.join(', ') : value;
        },
      },
      text: () => response.body.text(),
    };
  };
}
