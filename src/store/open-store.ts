import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { AppError } from '../core/errors.js';
import { ExitCode } from '../core/exit-codes.js';
import { createEventsRepository, type EventsRepository } from './events-repository.js';
import { migrate, newerSchemaError, SCHEMA_VERSION, schemaVersion } from './migrations.js';
import { ensurePrivateFile, restrictExistingFiles } from './private-file.js';
import { createResolutionCacheFactory, type ResolutionCache } from './resolution-cache.js';
import { createRowsRepository, type RowsRepository } from './rows-repository.js';
import { createRunsRepository, type RunsRepository } from './runs-repository.js';

export interface OpenStoreOptions {
  /** Open an existing database without writing to it (no file created, no migration). @default false */
  readonly?: boolean;
  /** Where timestamps the store fills in come from. @default () => new Date() */
  clock?: () => Date;
  /** How long a statement waits for another process's lock before failing. @default 5000 */
  busyTimeoutMs?: number;
}

/** The state database: every function a stage needs, over statements prepared once. */
export interface Store extends RunsRepository, RowsRepository, EventsRepository {
  readonly path: string;
  /** The connection itself, for tests and one-off maintenance; stages use the functions. */
  readonly db: Database.Database;
  /** The per-run cache of names resolved in Graph. */
  resolutionCache(runId: string): ResolutionCache;
  /** Runs `work` in one transaction (e.g. `recordPlan` and `markInFlight` committed together). */
  transaction<T>(work: () => T): T;
  close(): void;
}

/**
 * Opens (creating if needed) the state database at `path`, mode 0600 with its -wal and -shm, and brings its
 * schema up to date.
 *
 * `synchronous=FULL`: in WAL mode NORMAL already survives the process being killed, but a power cut or an
 * OS crash (a laptop running out of battery overnight) can lose the last commits. Losing the commit that
 * marks a row in flight would make resume send that row again without looking for its request first, a
 * duplicate. FULL syncs the WAL at each commit; at a few requests per second that costs nothing noticeable,
 * and loading commits once per batch of rows.
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
      db.pragma('synchronous = FULL');
      migrate(db);
      restrictExistingFiles(companions);
    }
  } catch (error) {
    db.close();
    throw error;
  }

  return {
    path,
    db,
    ...createRunsRepository(db, clock),
    ...createRowsRepository(db, clock),
    ...createEventsRepository(db, clock),
    resolutionCache: createResolutionCacheFactory(db),
    transaction: (work) => db.transaction(work)(),
    close() {
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
