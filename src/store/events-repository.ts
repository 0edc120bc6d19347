import type Database from 'better-sqlite3';
import type { EventKind, RunEvent } from './store-types.js';

export interface EventsRepository {
  /** `at` defaults to the store's clock. */
  addEvent(runId: string, event: { kind: EventKind; detail?: Record<string, unknown>; at?: string }): void;
  /** A run's events, oldest first. */
  events(runId: string, kind?: EventKind): RunEvent[];
}

export function createEventsRepository(db: Database.Database, clock: () => Date): EventsRepository {
  const insert = db.prepare('INSERT INTO events (run_id, at, kind, detail_json) VALUES (?, ?, ?, ?)');
  const select = db.prepare<[string, string | null, string | null], { at: string; kind: EventKind; detail_json: string }>(
    'SELECT at, kind, detail_json FROM events WHERE run_id = ? AND (? IS NULL OR kind = ?) ORDER BY at, id',
  );
  return {
    addEvent(runId, event) {
      insert.run(runId, event.at ?? clock().toISOString(), event.kind, JSON.stringify(event.detail ?? {}));
    },
    events(runId, kind) {
      return select.all(runId, kind ?? null, kind ?? null).map((row) => ({
        at: row.at,
        kind: row.kind,
        detail: JSON.parse(row.detail_json) as Record<string, unknown>,
      }));
    },
  };
}
