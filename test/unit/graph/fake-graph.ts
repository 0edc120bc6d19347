import type { FetchInit, FetchLike, FetchResponse } from '../../../src/graph/graph-client.js';
import type { TokenProvider } from '../../../src/graph/token-provider.js';

export const GRAPH = 'https://graph.test';

export interface FakeReply {
  status: number;
  body?: unknown;
  /** The body as sent, instead of `body` as JSON. */
  raw?: string;
  headers?: Record<string, string>;
}

export interface SeenRequest {
  method: string;
  /** Path and query under the version base, percent-decoded: `/users/a@b.com?$select=id`. */
  target: string;
  headers: Record<string, string>;
  body: unknown;
}

type Responder = FakeReply | Error | ((request: SeenRequest) => FakeReply | Error | Promise<FakeReply | Error>);

interface Route {
  method: string;
  target: string | RegExp;
  replies: Responder[];
}

/**
 * A fetch that answers only the requests a test expects, in order per route, and fails loudly on any other
 * (the way cli-microsoft365's tests throw `Invalid request`).
 */
export class FakeGraph {
  readonly seen: SeenRequest[] = [];
  /** Requests no route expected; the client may retry them, so tests also assert this stays empty. */
  readonly unexpected: string[] = [];
  private readonly routes: Route[] = [];

  on(method: string, target: string | RegExp, ...replies: Responder[]): this {
    this.routes.push({ method, target, replies });
    return this;
  }

  readonly fetch: FetchLike = async (url: string, init: FetchInit): Promise<FetchResponse> => {
    const target = decodeURIComponent(url.replace(/^https:\/\/graph\.test\/(v1\.0|beta)/, ''));
    const request: SeenRequest = { method: init.method, target, headers: init.headers, body: init.body === undefined ? undefined : JSON.parse(init.body) };
    this.seen.push(request);
    const route = this.routes.find(
      (r) => r.method === init.method && (typeof r.target === 'string' ? r.target === target : r.target.test(target)) && r.replies.length > 0,
    );
    if (!route) {
      this.unexpected.push(`${init.method} ${target}`);
      throw new Error(`Invalid request ${init.method} ${target}`);
    }
    const responder = route.replies.length > 1 ? route.replies.shift()! : route.replies[0]!;
    const reply = typeof responder === 'function' ? await responder(request) : responder;
    if (reply instanceof Error) throw reply;
    const headers = new Map(Object.entries(reply.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
    return {
      status: reply.status,
      headers: { get: (name: string) => headers.get(name.toLowerCase()) ?? null },
      text: async () => reply.raw ?? (reply.body === undefined ? '' : JSON.stringify(reply.body)),
    };
  };

  /** Requests seen, as `METHOD target`. */
  calls(): string[] {
    return this.seen.map((r) => `${r.method} ${r.target}`);
  }
}

export function staticTokens(...tokens: string[]): TokenProvider & { calls: Array<{ forceRefresh?: boolean } | undefined> } {
  const calls: Array<{ forceRefresh?: boolean } | undefined> = [];
  let index = 0;
  return {
    kind: 'static',
    calls,
    async getToken(options) {
      calls.push(options);
      if (options?.forceRefresh) index = Math.min(index + 1, tokens.length - 1);
      return tokens[index] ?? 'token';
    },
  };
}

export function graphError(status: number, code: string, extra: { details?: string[]; headers?: Record<string, string>; message?: string } = {}): FakeReply {
  return {
    status,
    headers: { 'request-id': `req-${status}-${code}`, ...extra.headers },
    body: { error: { code, message: extra.message ?? `${code} happened`, details: (extra.details ?? []).map((c) => ({ code: c, message: c })) } },
  };
}

/** A network failure the way undici reports it. */
export function socketError(code: string): Error {
  return Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error(code), { code }) });
}

/** A clock whose sleeps return at once and advance time, recording every wait. */
export class FakeClock {
  readonly sleeps: number[] = [];
  constructor(public time = Date.parse('2026-11-28T10:00:00Z')) {}
  now = (): number => this.time;
  sleep = async (ms: number): Promise<void> => {
    this.sleeps.push(ms);
    this.time += ms;
  };
}
