import type { Logger } from 'pino';
import type { ApiVersion } from '../../core/domain.js';
import { createTokenProvider, resolveConnection, type ConnectionSettings } from '../../graph/auth/index.js';
import { createGraphStage, type GraphStage, type TokenProvider } from '../../graph/index.js';
import type { ConnectionOptions } from './connection-options.js';

/** Everything a command needs to talk to Graph, opened once and closed at the end. */
export interface GraphSession extends GraphStage {
  settings: ConnectionSettings;
  tokenProvider: TokenProvider;
}

export interface GraphSessionOptions {
  api?: ApiVersion;
  invite?: boolean;
  logger?: Logger;
  /** @default process.env */
  env?: NodeJS.ProcessEnv;
}

/**
 * Resolves the connection from flags and environment and signs in (failing with exit code 3 before anything is
 * sent), then builds the one client and limiter every call of the command goes through.
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
  const stage = createGraphStage({
    tokenProvider,
    graphUrl: settings.graphBaseUrl,
    api: sessionOptions.api ?? 'v1.0',
    rate: options.rate,
    concurrency: options.concurrency,
    maxRetries: options.maxRetries,
    timeoutMs: options.timeout * 1000,
    caPath: settings.caFile,
    invite: sessionOptions.invite ?? false,
    logger: sessionOptions.logger,
  });
  return { ...stage, settings, tokenProvider };
}
