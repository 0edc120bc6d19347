import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src/core/errors.js';
import { migrate, MIGRATIONS, SCHEMA_VERSION, schemaVersion, type Migration } from '../../../src/store/migrations.js';
import { openStore } from '../../../src/store/open-store.js';
import { useTempDirs } from './store-fixtures.js';

const tempDir = useTempDirs();

function tables(db: Database.Database): string[] {
  return db
    .prepare<[], { name: string }>("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
    .all()
    .map((row) => row.name);
}

describe('schema migrations', () => {
  it('creates a fresh database at the latest version with every table', () => {
    const store = openStore(join(tempDir(), 'fresh.db'));
    expect(SCHEMA_VERSION).toBe(2);
    expect(schemaVersion(store.db)).toBe(2);
    expect(tables(store.db)).toEqual(['events', 'resolution_cache', 'rows', 'run_inputs', 'runs']);
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.db.pragma('synchronous', { simple: true })).toBe(1); // NORMAL: syncToDisk fsyncs what must be
    expect(store.db.pragma('foreign_keys', { simple: true })).toBe(1);
    store.close();
  });

  it('upgrades a version-1 database and keeps its runs and rows', () => {
    const path = join(tempDir(), 'old.db');
    const old = new Database(path);
    migrate(old, MIGRATIONS.slice(0, 1));
    old.exec(`
      INSERT INTO runs (id, created_at, updated_at, status, options_json, api_version, graph_url)
      VALUES ('20250101-000000-0000', '2025-01-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z', 'interrupted', '{}', 'v1.0', 'https://graph.microsoft.com');
      INSERT INTO rows (run_id, seq, file, line, cells_json, phase) VALUES ('20250101-000000-0000', 1, 'a.csv', 2, '{}', 'pending');`);
    expect(schemaVersion(old)).toBe(1);
    expect(tables(old)).not.toContain('events');
    old.close();

    const store = openStore(path);
    expect(schemaVersion(store.db)).toBe(2);
    expect(store.latestUnfinishedRun()?.id).toBe('20250101-000000-0000');
    expect(store.nextPendingRows('20250101-000000-0000', 0, 10).map((row) => row.ref)).toEqual([{ file: 'a.csv', line: 2 }]);
    store.addEvent('20250101-000000-0000', { kind: 'resumed', at: '2025-01-02T00:00:00.000Z' });
    expect(store.events('20250101-000000-0000')).toEqual([{ at: '2025-01-02T00:00:00.000Z', kind: 'resumed', detail: {} }]);
    store.close();
  });

  it('reaches the same schema by upgrading as by creating afresh', () => {
    const schemaOf = (db: Database.Database): string[] =>
      db
        .prepare<[], { sql: string }>("SELECT sql FROM sqlite_schema WHERE sql IS NOT NULL ORDER BY name")
        .all()
        .map((row) => row.sql);
    const upgradedPath = join(tempDir(), 'upgraded.db');
    const old = new Database(upgradedPath);
    migrate(old, MIGRATIONS.slice(0, 1));
    old.close();
    const upgraded = openStore(upgradedPath);
    const fresh = openStore(join(tempDir(), 'fresh.db'));
    expect(schemaOf(upgraded.db)).toEqual(schemaOf(fresh.db));
    upgraded.close();
    fresh.close();
  });

  it('leaves the database at the previous version when a migration fails', () => {
    const db = new Database(join(tempDir(), 'failing.db'));
    const failing: Migration[] = [
      { version: 1, description: 'first', up: (d) => d.exec('CREATE TABLE a (x)') },
      { version: 2, description: 'broken', up: (d) => d.exec('CREATE TABLE b (y); CREATE TABLE a (x)') },
    ];
    expect(() => migrate(db, failing)).toThrow(/table a already exists/);
    expect(schemaVersion(db)).toBe(1);
    expect(tables(db)).toEqual(['a']);
    db.close();
  });

  it('refuses a migration list with a gap', () => {
    const db = new Database(':memory:');
    expect(() => migrate(db, [{ version: 2, description: 'gap', up: () => undefined }])).toThrow(
      'Migration list out of order: expected version 1 at index 0, got 2',
    );
    db.close();
  });

  it('refuses a database written by a newer apbatch, read-only or not', () => {
    const path = join(tempDir(), 'newer.db');
    const db = new Database(path);
    db.pragma('user_version = 99');
    db.close();
    expect(() => openStore(path)).toThrow(AppError);
    expect(() => openStore(path)).toThrow('The state database has schema version 99, this apbatch knows versions up to 2.');
    expect(() => openStore(path, { readonly: true })).toThrow('schema version 99');
  });

  it('opens read-only without creating or migrating anything', () => {
    const dir = tempDir();
    expect(() => openStore(join(dir, 'missing.db'), { readonly: true })).toThrow(
      `Expected a state database at ${join(dir, 'missing.db')}, found no file there.`,
    );
    expect(existsSync(join(dir, 'missing.db'))).toBe(false);

    const oldPath = join(dir, 'old.db');
    const old = new Database(oldPath);
    migrate(old, MIGRATIONS.slice(0, 1));
    old.close();
    expect(() => openStore(oldPath, { readonly: true })).toThrow(/has schema version 1, expected 2; a read-only command cannot upgrade it/);

    const writable = openStore(join(dir, 'ok.db'));
    writable.createRun({ id: 'r1', options: {}, apiVersion: 'v1.0', graphUrl: 'https://graph.microsoft.com' });
    writable.close();
    const reader = openStore(join(dir, 'ok.db'), { readonly: true });
    expect(reader.listRuns().map((run) => run.id)).toEqual(['r1']);
    expect(() => reader.createRun({ id: 'r2', options: {}, apiVersion: 'v1.0', graphUrl: 'x' })).toThrow(/readonly/);
    reader.close();
  });
});
