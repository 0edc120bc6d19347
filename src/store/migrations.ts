import type Database from 'better-sqlite3';
import { AppError } from '../core/errors.js';
import { ExitCode } from '../core/exit-codes.js';

export interface Migration {
  /** The `PRAGMA user_version` the database has once this migration ran; 1, 2, 3... without gaps. */
  version: number;
  description: string;
  up(db: Database.Database): void;
}

/**
 * The schema's history, oldest first. Never edit a migration that shipped: append a new one, so that every
 * database, whatever version it stopped at, reaches the same schema.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'runs, their inputs, rows and the resolution cache',
    up(db) {
      db.exec(`
        CREATE TABLE runs (
          id TEXT PRIMARY KEY,
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL,
          status TEXT NOT NULL CHECK (status IN ('loading', 'running', 'waiting', 'finished', 'interrupted')),
          options_json TEXT NOT NULL,
          api_version TEXT NOT NULL,
          graph_url TEXT NOT NULL,
          tenant TEXT,
          finished_at TEXT,
          exit_code INTEGER
        );
        CREATE INDEX runs_by_status ON runs (status, id);

        CREATE TABLE run_inputs (
          run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
          position INTEGER NOT NULL,
          file TEXT NOT NULL,
          absolute_path TEXT NOT NULL,
          sha256 TEXT NOT NULL,
          size_bytes INTEGER NOT NULL,
          row_count INTEGER,
          PRIMARY KEY (run_id, position)
        );
        CREATE INDEX run_inputs_by_sha256 ON run_inputs (sha256);

        CREATE TABLE rows (
          id INTEGER PRIMARY KEY,
          run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
          seq INTEGER NOT NULL,
          file TEXT NOT NULL,
          line INTEGER NOT NULL,
          key TEXT,
          action TEXT,
          request_type TEXT,
          -- A valid row keeps its ValidRow (cells included), an invalid one its cells and problems:
          -- one JSON text a row, as loading a million rows is mostly JSON.stringify.
          row_json TEXT,
          cells_json TEXT,
          problems_json TEXT,
          user_id TEXT,
          access_package_id TEXT,
          policy_id TEXT,
          assignment_id TEXT,
          body_json TEXT,
          phase TEXT NOT NULL CHECK (phase IN ('pending', 'in-flight', 'waiting', 'done')),
          outcome TEXT,
          reason TEXT,
          request_id TEXT,
          request_state TEXT,
          http_status INTEGER,
          error_code TEXT,
          error_message TEXT,
          attempts INTEGER NOT NULL DEFAULT 0,
          graph_request_id TEXT,
          attempt_started_at TEXT,
          submitted_at TEXT,
          finished_at TEXT,
          -- The exactly-one-outcome invariant, held by the database itself.
          CHECK ((row_json IS NULL) <> (cells_json IS NULL)),
          CHECK (CASE phase
            WHEN 'done' THEN outcome IS NOT NULL
            WHEN 'waiting' THEN outcome = 'submitted'
            ELSE outcome IS NULL END)
        );
        CREATE UNIQUE INDEX rows_in_input_order ON rows (run_id, seq);
        CREATE INDEX rows_by_phase ON rows (run_id, phase, seq);

        CREATE TABLE resolution_cache (
          run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
          kind TEXT NOT NULL,
          key TEXT NOT NULL,
          value TEXT NOT NULL,
          PRIMARY KEY (run_id, kind, key)
        ) WITHOUT ROWID;
      `);
    },
  },
  {
    version: 2,
    description: 'run events and outcome counts for the report',
    up(db) {
      db.exec(`
        CREATE TABLE events (
          id INTEGER PRIMARY KEY,
          run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
          at TEXT NOT NULL,
          kind TEXT NOT NULL,
          detail_json TEXT NOT NULL
        );
        CREATE INDEX events_by_run ON events (run_id, at);
        CREATE INDEX rows_by_outcome ON rows (run_id, phase, outcome, reason); -- covers countOutcomes
      `);
    },
  },
];

export const SCHEMA_VERSION = MIGRATIONS.length;

export function schemaVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Brings the database to the last version of `migrations`, each step in its own transaction so a failed
 * step leaves the database at the previous version. Refuses a database written by a newer apbatch.
 */
export function migrate(db: Database.Database, migrations: readonly Migration[] = MIGRATIONS): number {
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new Error(`Migration list out of order: expected version ${index + 1} at index ${index}, got ${migration.version}`);
    }
  });
  const latest = migrations.length;
  const current = schemaVersion(db);
  if (current > latest) throw newerSchemaError(current, latest);
  for (const migration of migrations.slice(current)) {
    db.transaction(() => {
      migration.up(db);
      db.pragma(`user_version = ${migration.version}`);
    })();
  }
  return latest;
}

export function newerSchemaError(found: number, known: number): AppError {
  return new AppError(
    `The state database has schema version ${found}, this apbatch knows versions up to ${known}.`,
    ExitCode.BadInput,
    { hint: 'Use the apbatch version that wrote this database, or another --db.' },
  );
}
