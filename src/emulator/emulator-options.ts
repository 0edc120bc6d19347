import type { DirectoryFile } from './directory/directory-schema.js';
import type { GeneratedDirectoryOptions } from './directory/generate-directory.js';
import type { FaultOptions } from './http/fault-injector.js';
import type { ThrottleOptions } from './http/token-bucket.js';
import type { BearerCheck, EmulatorClient, EmulatorSignedInUser } from './sign-in/index.js';

/** Fixed latency in ms, or a uniform random range drawn per call (seeded by `faults.seed`). */
export type LatencyOptions = number | { minMs: number; maxMs: number };

export interface EmulatorOptions {
  /** HTTPS port (sign-in and Graph) on 127.0.0.1; 0 picks a free one. @default 0 */
  port?: number;
  /** Plain HTTP port (Graph only); 0 picks a free one. @default 0 */
  httpPort?: number;
  /** The tenant, already parsed. Wins over `directoryPath` and `generate`. */
  directory?: DirectoryFile;
  /** A directory JSON file (see `directory-schema.ts`), e.g. `samples/directory.json`. */
  directoryPath?: string;
  /** A generated tenant. @default { users: 100, packages: 10, seed: 1 } when no directory is given */
  generate?: GeneratedDirectoryOptions;
  /** App registrations accepted besides the directory's `clients` (e.g. a test's certificate client). @default [] */
  extraClients?: EmulatorClient[];
  /** Who a device-code sign-in signs in as. @default the directory's first user */
  deviceCodeUser?: EmulatorSignedInUser;
  /** Lifetime of issued access tokens, in seconds. @default 3600 */
  tokenLifetimeSeconds?: number;
  /** Delay before the emulator approves a device code. @default 1000 */
  deviceCodeApprovalDelayMs?: number;
  /** Graph checks bearer tokens; false answers every call as an anonymous client (Graph-surface tests). @default true */
  auth?: boolean;
  /** Replaces the sign-in service's bearer check (a test stub); accepted tokens are remembered until they expire. @default the sign-in service's `verifyBearer` */
  verifyBearer?: (authorization: string | undefined) => BearerCheck;
  /** Time from an accepted request to `delivered` (`delivering` at half). 0 delivers at the next read. @default 200 */
  deliveryDelayMs?: number;
  /** Decide `pendingApproval` requests automatically after `afterMs`. @default null (they wait for approveRequest/denyRequest) */
  autoApproval?: { decision: 'approve' | 'deny'; afterMs: number } | null;
  /** Seed of the ids of created requests and assignments. @default 1 */
  idSeed?: number;
  /** Items per page when the client gives no `$top`. @default 100 */
  pageSize?: number;
  /** Largest `$top` honoured. @default 999 */
  maxPageSize?: number;
  /** Token bucket per client. @default null (no throttling) */
  throttle?: ThrottleOptions | null;
  /** Injected faults. @default {} (none) */
  faults?: FaultOptions;
  /** Delay added to every Graph call. @default 0 */
  latency?: LatencyOptions;
  /** Where `ca.pem` is written. @default a new temporary directory, removed by close() */
  caDir?: string;
  /** Clock in epoch ms (request times, state machine, throttling, tokens). @default Date.now */
  clock?: () => number;
  /** How the emulator waits (latency, slow responses). @default setTimeout */
  sleep?: (ms: number) => Promise<void>;
}
