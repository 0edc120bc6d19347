import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import pino, { type Logger } from 'pino';

/** Paths pino blanks out wherever they appear: tokens, secrets and Authorization headers never reach a log. */
export const REDACTED_PATHS = [
  'authorization',
  'Authorization',
  '*.authorization',
  '*.Authorization',
  'headers.authorization',
  '*.headers.authorization',
  'accessToken',
  '*.accessToken',
  'token',
  '*.token',
  'clientSecret',
  '*.clientSecret',
  'client_secret',
  '*.client_secret',
  'privateKey',
  '*.privateKey',
  'password',
  '*.password',
];

export interface LoggerOptions {
  /** pino level name. @default 'info' */
  level?: string;
  /** JSON lines go to this file, created readable by the owner only. Without it, logs are discarded. */
  file?: string;
}

/**
 * The run's logger: pino JSON lines in a file (mode 0600). The terminal gets the progress display and the
 * summary instead, so the log never interleaves with them.
 */
export function createLogger(options: LoggerOptions): Logger {
  const redact = { paths: REDACTED_PATHS, censor: '[redacted]' };
  if (!options.file) return pino({ level: 'silent' });
  mkdirSync(dirname(options.file), { recursive: true, mode: 0o700 });
  const destination = pino.destination({ dest: options.file, mkdir: true, sync: false, mode: 0o600 });
  return pino({ level: options.level ?? 'info', redact, base: { pid: process.pid } }, destination);
}
