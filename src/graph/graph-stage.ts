import type { ApiVersion } from '../core/domain.js';
import { createGraphClient, type FetchLike, type GraphClient, type GraphLogger } from './graph-client.js';
import { NameResolver } from './name-resolver.js';
import { RequestLimiter } from './request-limiter.js';
import type { ResolutionCache } from './resolution-cache.js';
import type { TokenProvider } from './token-provider.js';

/** The options of `run`, `resume` and online `plan` that concern Graph (SPEC section 1). */
export interface GraphStageOptions {
  tokenProvider: TokenProvider;
  /** `--graph-url`. @default 'https://graph.microsoft.com' */
  graphUrl?: string;
  /** `--api`. @default 'v1.0' */
  api?: ApiVersion;
  /** `--rate`, requests per second across all calls. @default 5 */
  rate?: number;
  /** `--concurrency`, requests in flight. @default 4 */
  concurrency?: number;
  /** `--max-retries`. @default 8 */
  maxRetries?: number;
  /** Per-attempt timeout in ms. @default 30000 */
  timeoutMs?: number;
  /** A private CA to trust (the emulator's). */
  caPath?: string;
  caPem?: string;
  /** `--invite`. @default false */
  invite?: boolean;
  logger?: GraphLogger;
  /** Tests only. */
  fetch?: FetchLike;
}

export interface GraphStage {
  client: GraphClient;
  limiter: RequestLimiter;
  /** Name resolution over this client; a run passes its cache in the state database, so resume re-asks nothing. */
  createResolver(cache?: ResolutionCache): NameResolver;
  close(): Promise<void>;
}

/** One limiter and one client for a whole command, so `--rate` and `--concurrency` hold across every call. */
export function createGraphStage(options: GraphStageOptions): GraphStage {
  const limiter = new RequestLimiter({ rate: options.rate ?? 5, concurrency: options.concurrency ?? 4 });
  const client = createGraphClient({
    tokenProvider: options.tokenProvider,
    limiter,
    ...(options.graphUrl !== undefined ? { graphUrl: options.graphUrl } : {}),
    ...(options.api !== undefined ? { api: options.api } : {}),
    ...(options.maxRetries !== undefined ? { maxRetries: options.maxRetries } : {}),
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.caPath !== undefined ? { caPath: options.caPath } : {}),
    ...(options.caPem !== undefined ? { caPem: options.caPem } : {}),
    ...(options.logger !== undefined ? { logger: options.logger } : {}),
    ...(options.fetch !== undefined ? { fetch: options.fetch } : {}),
  });
  return {
    client,
    limiter,
    createResolver: (cache) => new NameResolver({ client, invite: options.invite ?? false, ...(cache ? { cache } : {}) }),
    async close() {
      await limiter.stop();
      await client.close();
    },
  };
}
