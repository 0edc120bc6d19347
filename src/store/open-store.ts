import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { AppError } from '../core/errors.js';
import { ExitCode } from '../core/exit-codes.js';
import { startBackgroundCheckpoints, type BackgroundCheckpoints } from './background-checkpoints.js';
import { createEventsRepository, type EventsRepository } from './events-repository.js';
import { migrate, newerSchemaError, SCHEMA_VERSION, schemaVersion } from './migrations.js';
import { ensurePrivateFile, restrictExistingFiles } from './private-file.js';
import { createResolutionCacheFactory, type ResolutionCache } from './resolution-cache.js';
import { createResultLinesRepository, type ResultLinesRepository } from './result-lines.js';
import { createRowsRepository, type RowsRepository } from './rows-repository.js';
import { createRunsRepository, type RunsRepository } from './runs-repository.js';
import { createWalSync } from './wal-sync.js';

export interface OpenStoreOptions {
  /** Open an existing database without writing to it (no file created, no migration). @default false */
  readonly?: boolean;
  /** Where timestamps the store fills in come from. @default () => new Date() */
  clock?: () => Date;
  /** How long a statement waits for another process's lock before failing. @default 5000 */
  busyTimeoutMs?: number;
  /**
   * Checkpoint the write-ahead log from a worker thread (see `startBackgroundCheckpoints`) rather than inside
   * commits: for a run, which commits hundreds of times a second. Ignored when `readonly`. @default false
   */
  checkpointInBackground?: boolean;
}

/** The state database: every function a stage needs, over statements prepared once. */
export interface Store extends RunsRepository, RowsRepository, ResultLinesRepository, EventsRepository {
  readonly path: string;
  /** The connection itself, for tests and one-off maintenance; stages use the functions. */
  readonly db: Database.Database;
  /** The per-run cache of names resolved in Graph. */
  resolutionCache(runId: string): ResolutionCache;
  /** Runs `work` in one transaction. */
  transaction<T>(work: () => T): T;
  /**
   * Resolves once every commit made so far would survive a power cut or an OS crash too, not only a killed
   * process: the write-ahead log is fsynced off the event loop, one fsync for every caller waiting meanwhile.
   * Await it between marking rows in flight and sending their POSTs.
   */
  syncToDisk(): Promise<void>;
  close(): void;
}

/**
 * Opens (creating if needed) the state database at `path`, mode 0600 with its -wal and -shm, and brings its
 * schema up to date.
 *
 * Durability: WAL with `synchronous=NORMAL`, so a killed process loses nothing and ordinary commits (loading,
 * results, cache) cost no fsync. The one commit that must survive a power cut or an OS crash too (a laptop running
 * out of battery overnight) is the one marking a row in flight before its POST: losing it would make resume send
 * the row again without looking for its request first, a duplicate. So the POST leaves only after
 * `syncToDisk` has fsynced the WAL, and with it every earlier commit (what `synchronous=FULL` would do inside
 * the commit, blocking). A result lost to a power cut leaves its row in flight, and resume then finds its
 * request in Graph.
 */
export function openStore(path: string, options: OpenStoreOptions = {}): Store {
  const clock = options.clock ?? (() => new Date());
  const readonly = options.readonly ?? false;
  const companions = [`${path}-wal`, `${path}-shm`];
  if (readonly && !existsSync(path)) {
    throw new AppError(`Expected a state database at ${path}, found no file there.`, ExitCode.BadInput, {
      hint: 'Pass the --db a run used, or start a run first.',
    });
  }
  if (!readonly) ensurePrivateFile(path);

  const db = new Database(path, { readonly, fileMustExist: readonly });
  try {
    db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
    db.pragma('foreign_keys = ON');
    // 32 MiB of page cache instead of 2: counts and reports over a million rows stay in memory.
    db.pragma('cache_size = -32768');
    if (readonly) {
      checkReadableSchema(db, path);
    } else {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      migrate(db);
      restrictExistingFiles(companions);
    }
  } catch (error) {
    db.close();
    throw error;
  }

  const walSync = createWalSync(`${path}-wal`);
  let checkpoints: BackgroundCheckpoints | undefined;
  if (options.checkpointInBackground && !readonly) {
    db.pragma('wal_autocheckpoint = 0');
    checkpoints = startBackgroundCheckpoints(path, {
      onFailure: () => {
        if (db.open) db.pragma('wal_autocheckpoint = 1000');
      },
    });
  }
  return {
    path,
    db,
    ...createRunsRepository(db, clock),
    ...createRowsRepository(db, clock),
    ...createResultLinesRepository(db),
    ...createEventsRepository(db, clock),
    resolutionCache: createResolutionCacheFactory(db),
    transaction: (work) => db.transaction(work)(),
    syncToDisk: () => walSync.sync(),
    close() {
      checkpoints?.stop();
      walSync.close();
      if (db.open) db.close();
    },
  };
}

function checkReadableSchema(db: Database.Database, path: string): void {
  const version = schemaVersion(db);
  if (version > SCHEMA_VERSION) throw newerSchemaError(version, SCHEMA_VERSION);
  if (version < SCHEMA_VERSION) {
    throw new AppError(
      `The state database ${path} has schema version ${version}, expected ${SCHEMA_VERSION}; a read-only command cannot upgrade it.`,
      ExitCode.BadInput,
      { hint: 'Run `apbatch resume` (or any command that writes) once to upgrade it.' },
    );
  }
}
