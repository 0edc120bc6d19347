import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { z } from 'zod';
import { UsageError } from '../../core/errors.js';
import type { EmulatorOptions, LatencyOptions } from '../../emulator/emulator-options.js';
import { FAULT_KINDS, type FaultKind, type NthRequestFault } from '../../emulator/http/fault-injector.js';
import type { RunningEmulator } from '../../emulator/start-emulator.js';

const DEFAULT_DIRECTORY = 'samples/directory.json';

const count = z.coerce.number().int().min(0);
const probability = z.coerce.number().min(0).max(1).optional();

/** `apbatch simulate` flags, as commander hands them over (strings), checked and converted. */
export const simulateOptionsSchema = z.object({
  /** HTTPS port (sign-in and Graph). @default 0 (a free port) */
  port: count.max(65535).default(0),
  /** Plain HTTP port (Graph). @default 0 */
  httpPort: count.max(65535).default(0),
  /** Directory JSON. @default samples/directory.json when it exists and no --users is given */
  directory: z.string().optional(),
  users: count.optional(),
  packages: count.optional(),
  /** @default 1 */
  seed: z.coerce.number().int().default(1),
  rate: z.coerce.number().positive().optional(),
  burst: z.coerce.number().int().positive().optional(),
  fault429: probability,
  fault503: probability,
  fault503RetryAfter: probability,
  fault504: probability,
  faultResetBefore: probability,
  faultResetAfter: probability,
  faultSlow: probability,
  faultSlowAfter: probability,
  /** `N:KIND[:METHOD]`, repeatable: a fault on the Nth call (of that method). */
  faultOn: z.array(z.string()).default([]),
  faultMethods: z.string().optional(),
  faultSeed: z.coerce.number().int().default(1),
  retryAfter: count.optional(),
  slowMs: count.optional(),
  /** `MS` or `MIN-MAX`. */
  latency: z.string().optional(),
  /** @default 3600 */
  tokenLifetime: z.coerce.number().int().positive().default(3600),
  expireTokensAfter: count.optional(),
  /** @default 200 */
  deliveryDelay: count.default(200),
  autoApprove: count.optional(),
  autoDeny: count.optional(),
  /** @default 100 */
  pageSize: z.coerce.number().int().positive().default(100),
  /** @default 1000 */
  deviceCodeDelay: count.default(1000),
  caDir: z.string().optional(),
  /** @default true */
  auth: z.boolean().default(true),
});
export type SimulateOptions = z.infer<typeof simulateOptionsSchema>;

function parseNthFault(text: string): NthRequestFault {
  const [nth, kind, method] = text.split(':');
  if (!/^\d+$/.test(nth ?? '') || !FAULT_KINDS.includes(kind as FaultKind)) {
    throw new UsageError(`--fault-on: expected N:KIND[:METHOD] with KIND one of ${FAULT_KINDS.join(', ')}, got '${text}'`);
  }
  return method === undefined ? { nth: Number(nth), kind: kind as FaultKind } : { nth: Number(nth), kind: kind as FaultKind, method };
}

function parseLatency(text: string): LatencyOptions {
  const range = /^(\d+)-(\d+)$/.exec(text);
  if (range !== null && Number(range[1]) <= Number(range[2])) return { minMs: Number(range[1]), maxMs: Number(range[2]) };
  if (/^\d+$/.test(text)) return Number(text);
  throw new UsageError(`--latency: expected milliseconds (e.g. 50) or a range MIN-MAX (e.g. 20-80), got '${text}'`);
}

/** Turns checked flags into `startEmulator` options (pure, apart from looking for the default directory file). */
export function toEmulatorOptions(options: SimulateOptions): EmulatorOptions {
  if ((options.rate === undefined) !== (options.burst === undefined)) {
    throw new UsageError('--rate and --burst go together: give both, or neither for no throttling');
  }
  if (options.autoApprove !== undefined && options.autoDeny !== undefined) {
    throw new UsageError('--auto-approve and --auto-deny exclude each other');
  }
  const generated = options.users !== undefined || options.packages !== undefined;
  if (generated && options.directory !== undefined) throw new UsageError('--directory and --users/--packages exclude each other');
  const probabilities: Partial<Record<FaultKind, number>> = {
    '429': options.fault429,
    '503': options.fault503,
    '503-retry-after': options.fault503RetryAfter,
    '504': options.fault504,
    'reset-before': options.faultResetBefore,
    'reset-after': options.faultResetAfter,
    slow: options.faultSlow,
    'slow-after': options.faultSlowAfter,
  };
  const total = Object.values(probabilities).reduce<number>((sum, p) => sum + (p ?? 0), 0);
  if (total > 1 + 1e-9) throw new UsageError(`the fault probabilities add up to ${Number(total.toFixed(6))}; expected at most 1`);
  const result: EmulatorOptions = {
    port: options.port,
    httpPort: options.httpPort,
    tokenLifetimeSeconds: options.tokenLifetime,
    deviceCodeApprovalDelayMs: options.deviceCodeDelay,
    deliveryDelayMs: options.deliveryDelay,
    pageSize: options.pageSize,
    auth: options.auth,
    throttle: options.rate !== undefined && options.burst !== undefined ? { rate: options.rate, burst: options.burst } : null,
    faults: {
      seed: options.faultSeed,
      probabilities: Object.fromEntries(Object.entries(probabilities).filter(([, p]) => p !== undefined)),
      onRequests: options.faultOn.map(parseNthFault),
      ...(options.faultMethods === undefined ? {} : { methods: options.faultMethods.split(',').map((m) => m.trim().toUpperCase()) }),
      ...(options.retryAfter === undefined ? {} : { retryAfterSeconds: options.retryAfter }),
      ...(options.slowMs === undefined ? {} : { slowMs: options.slowMs }),
    },
    latency: options.latency === undefined ? 0 : parseLatency(options.latency),
    autoApproval:
      options.autoApprove !== undefined
        ? { decision: 'approve', afterMs: options.autoApprove }
        : options.autoDeny !== undefined
          ? { decision: 'deny', afterMs: options.autoDeny }
          : null,
  };
  if (options.caDir !== undefined) result.caDir = options.caDir;
  if (generated) result.generate = { users: options.users ?? 100, packages: options.packages ?? 10, seed: options.seed };
  else if (options.directory !== undefined) result.directoryPath = options.directory;
  else if (existsSync(DEFAULT_DIRECTORY)) result.directoryPath = DEFAULT_DIRECTORY;
  return result;
}

/** The one line `apbatch simulate` prints when ready. */
export function readyLine(emulator: RunningEmulator): string {
  return JSON.stringify({
    graphUrl: emulator.graphUrl,
    graphHttpUrl: emulator.graphHttpUrl,
    authorityHost: emulator.authorityHost,
    caCertPath: emulator.caCertPath,
    tenantId: emulator.tenantId,
    clients: emulator.clients,
  });
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

export function registerSimulateCommand(program: Command): void {
  program
    .command('simulate')
    .description('start the local Graph emulator; prints one JSON line with its URLs, runs until Ctrl-C')
    .option('--port <n>', 'HTTPS port for sign-in and Graph (0: a free port)', '0')
    .option('--http-port <n>', 'plain HTTP port for Graph (0: a free port)', '0')
    .option('--directory <file>', `tenant JSON (default ${DEFAULT_DIRECTORY} when present)`)
    .option('--users <n>', 'generate a tenant with this many users')
    .option('--packages <n>', 'generate a tenant with this many access packages')
    .option('--seed <s>', 'seed of the generated tenant', '1')
    .option('--rate <r>', 'throttling: requests per second per client (token bucket)')
    .option('--burst <b>', 'throttling: bucket size')
    .option('--fault-429 <p>', 'probability of 429 TooManyRequests with Retry-After (--retry-after), not carried out')
    .option('--fault-503 <p>', 'probability of 503 without Retry-After')
    .option('--fault-503-retry-after <p>', 'probability of 503 with Retry-After')
    .option('--fault-504 <p>', 'probability of 504')
    .option('--fault-reset-before <p>', 'probability of a connection reset before the call is carried out')
    .option('--fault-reset-after <p>', 'probability of a connection reset after the call is carried out')
    .option('--fault-slow <p>', 'probability of a slow answer (--slow-ms), before the call is carried out')
    .option('--fault-slow-after <p>', 'probability of a slow answer (--slow-ms), after the call is carried out')
    .option('--fault-on <n:kind[:method]>', 'a fault on the Nth call (of that method); repeatable', collect, [])
    .option('--fault-methods <list>', 'probabilistic faults only for these methods, e.g. POST')
    .option('--fault-seed <s>', 'seed of the fault draw', '1')
    .option('--retry-after <s>', 'Retry-After of 429 and 503-retry-after faults, seconds')
    .option('--slow-ms <ms>', 'delay of a slow answer')
    .option('--latency <ms|min-max>', 'delay added to every Graph call')
    .option('--token-lifetime <s>', 'access token lifetime, seconds', '3600')
    .option('--expire-tokens-after <s>', 'make every token die this many seconds from start')
    .option('--delivery-delay <ms>', 'time from submitted to delivered', '200')
    .option('--auto-approve <ms>', 'approve pendingApproval requests after this delay')
    .option('--auto-deny <ms>', 'deny pendingApproval requests after this delay')
    .option('--page-size <n>', 'items per page without $top', '100')
    .option('--device-code-delay <ms>', 'delay before a device code is approved', '1000')
    .option('--ca-dir <dir>', 'where to write the CA certificate (default: a temporary directory)')
    .option('--no-auth', 'answer Graph calls without checking tokens')
    .action(async (raw: Record<string, unknown>) => {
      const parsed = simulateOptionsSchema.safeParse(raw);
      if (!parsed.success) {
        const problems = parsed.error.issues.map((issue) => `--${issue.path.map(String).join('.').replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}: ${issue.message}`);
        throw new UsageError(`invalid simulate options:\n  ${problems.join('\n  ')}`);
      }
      const { startEmulator } = await import('../../emulator/start-emulator.js');
      const emulator = await startEmulator(toEmulatorOptions(parsed.data));
      if (parsed.data.expireTokensAfter !== undefined) emulator.expireTokensAfter(parsed.data.expireTokensAfter);
      process.stdout.write(`${readyLine(emulator)}\n`);
      await new Promise<void>((resolve) => {
        const stop = (): void => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          resolve();
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
      await emulator.close();
    });
}
