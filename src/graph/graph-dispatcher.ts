import { readFileSync } from 'node:fs';
import { Agent } from 'undici';

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
