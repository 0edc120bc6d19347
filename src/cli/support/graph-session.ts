import type { Logger } from 'pino';
import { resolveConnection, type ConnectionSettings } from '../../graph/auth/connection-settings.js';
import { createTokenProvider } from '../../graph/auth/index.js';
import { readCaFile } from '../../graph/auth/certificate-credential.js';
import { createGraphClient, NameResolver, RequestLimiter, type GraphClient, type ResolutionCache, type TokenProvider } from '../../graph/index.js';
import type { ApiVersion } from '../../core/domain.js';
import type { ConnectionOptions } from './connection-options.js';

/** Everything a command needs to talk to Graph, opened once and closed at the end. */
export interface GraphSession {
  settings: ConnectionSettings;
  tokenProvider: TokenProvider;
  limiter: RequestLimiter;
  client: GraphClient;
  /** Name resolution for this session, its cache in memory or (for a run) in the state database. */
  createResolver(cache?: ResolutionCache): NameResolver;
  close(): Promise<void>;
}

export interface GraphSessionOptions {
  api?: ApiVersion;
  invite?: boolean;
  logger?: Logger;
  logLevel?: string;
  env?: NodeJS.ProcessEnv;
}

/**
 * Resolves the connection, signs in (failing with exit code 3 before anything is sent) and builds the client
 * every call goes through, under one limiter.
 */
export async function openGraphSession(options: ConnectionOptions, sessionOptions: GraphSessionOptions = {}): Promise<GraphSession> {
  const settings = resolveConnection(
    {
      tenant: options.tenant,
      clientId: options.clientId,
      certificate: options.certificate,
      deviceCode: options.deviceCode,
      cloud: options.cloud,
      graphUrl: options.graphUrl,
      authorityHost: options.authorityHost,
      caFile: options.caFile,
    },
    sessionOptions.env ?? process.env,
  );
  const tokenProvider = await createTokenProvider(settings, { logger: sessionOptions.logger });
  const limiter = new RequestLimiter({ rate: options.rate, concurrency: options.concurrency });
  const caPem = settings.caFile ? await readCaFile(settings.caFile) : undefined;
  const client = createGraphClient({
    tokenProvider,
    graphUrl: settings.graphBaseUrl,
    api: sessionOptions.api ?? 'v1.0',
    timeoutMs: options.timeout * 1000,
    maxRetries: options.maxRetries,
    limiter,
    caPem,
    logger: sessionOptions.logger,
  });
  return {
    settings,
    tokenProvider,
    limiter,
    client,
    createResolver: (cache) => new NameResolver({ client, cache, invite: sessionOptions.invite ?? false }),
    close: () => client.close(),
  };
}
