import type Database from 'better-sqlite3';
import { redactOptions } from './redact-options.js';
import { newRunId } from './run-id.js';
import type { NewRun, NewRunInput, RunInputRecord, RunRecord, RunStatus } from './store-types.js';

interface RunRow {
  id: string;
  created_at: string;
  updated_at: string;
  status: RunStatus;
  options_json: string;
  api_version: string;
  graph_url: string;
  tenant: string | null;
  finished_at: string | null;
  exit_code: number | null;
}

interface RunInputRow {
  run_id: string;
  position: number;
  file: string;
  absolute_path: string;
  sha256: string;
  size_bytes: number;
  row_count: number | null;
}

export interface RunMatch {
  run: RunRecord;
  /** The inputs of `run` whose sha256 was asked about. */
  inputs: RunInputRecord[];
}

export interface RunsRepository {
  createRun(run: NewRun): RunRecord;
  getRun(runId: string): RunRecord | undefined;
  /** Newest first. */
  listRuns(): RunRecord[];
  /** The newest run whose status is not `finished`. */
  latestUnfinishedRun(): RunRecord | undefined;
  /**
   * Sets the status; `finished` also sets `finished_at` (now unless given). `exitCode` is kept as given.
   * Throws when the run does not exist.
   */
  setRunStatus(runId: string, status: RunStatus, options?: { exitCode?: number; finishedAt?: string }): void;
  /** Records the inputs in command line order (positions continue after existing ones). */
  addInputs(runId: string, inputs: readonly NewRunInput[]): RunInputRecord[];
  setInputRowCount(runId: string, position: number, rowCount: number): void;
  inputs(runId: string): RunInputRecord[];
  /** The newest run holding a file with one of these contents, so `run` can point to `resume`. */
  findRunByInputHash(sha256s: readonly string[]): RunMatch | undefined;
  /** Removes a run and everything it owns (rows, cache, events). */
  deleteRun(runId: string): void;
}

export function createRunsRepository(db: Database.Database, clock: () => Date): RunsRepository {
  const insertRun = db.prepare(`
    INSERT INTO runs (id, created_at, updated_at, status, options_json, api_version, graph_url, tenant)
    VALUES (@id, @now, @now, 'loading', @options, @apiVersion, @graphUrl, @tenant)`);
  const selectRun = db.prepare<[string], RunRow>('SELECT * FROM runs WHERE id = ?');
  const selectRuns = db.prepare<[], RunRow>('SELECT * FROM runs ORDER BY created_at DESC, id DESC');
  const selectLatestUnfinished = db.prepare<[], RunRow>(
    "SELECT * FROM runs WHERE status <> 'finished' ORDER BY created_at DESC, id DESC LIMIT 1",
  );
  const updateStatus = db.prepare(`
    UPDATE runs SET status = @status, updated_at = @now,
      finished_at = CASE WHEN @status = 'finished' THEN @finishedAt ELSE finished_at END,
      exit_code = COALESCE(@exitCode, exit_code)
    WHERE id = @runId`);
  const selectMaxPosition = db.prepare<[string], { next: number }>(
    'SELECT COALESCE(MAX(position) + 1, 0) AS next FROM run_inputs WHERE run_id = ?',
  );
  const insertInput = db.prepare(`
    INSERT INTO run_inputs (run_id, position, file, absolute_path, sha256, size_bytes)
    VALUES (@runId, @position, @file, @absolutePath, @sha256, @sizeBytes)`);
  const updateInputRowCount = db.prepare('UPDATE run_inputs SET row_count = ? WHERE run_id = ? AND position = ?');
  const selectInputs = db.prepare<[string], RunInputRow>('SELECT * FROM run_inputs WHERE run_id = ? ORDER BY position');
  const selectInputsByHash = db.prepare<[string], RunInputRow>(`
    SELECT i.* FROM run_inputs i JOIN runs r ON r.id = i.run_id
    WHERE i.sha256 IN (SELECT value FROM json_each(?))
    ORDER BY r.created_at DESC, r.id DESC, i.position`);
  const removeRun = db.prepare('DELETE FROM runs WHERE id = ?');

  const getRun = (runId: string): RunRecord | undefined => {
    const row = selectRun.get(runId);
    return row && toRunRecord(row);
  };

  return {
    createRun(run) {
      const now = clock();
      const id = run.id ?? newRunId(now);
      insertRun.run({
        id,
        now: now.toISOString(),
        options: JSON.stringify(redactOptions(run.options)),
        apiVersion: run.apiVersion,
        graphUrl: run.graphUrl,
        tenant: run.tenant ?? null,
      });
      return getRun(id) as RunRecord;
    },
    getRun,
    listRuns: () => selectRuns.all().map(toRunRecord),
    latestUnfinishedRun() {
      const row = selectLatestUnfinished.get();
      return row && toRunRecord(row);
    },
    setRunStatus(runId, status, options = {}) {
      const now = clock().toISOString();
      const { changes } = updateStatus.run({
        runId,
        status,
        now,
        finishedAt: options.finishedAt ?? now,
        exitCode: options.exitCode ?? null,
      });
      if (changes !== 1) throw new Error(`Expected run ${runId} in the state database, found none`);
    },
    addInputs(runId, inputs) {
      return db.transaction(() => {
        let position = selectMaxPosition.get(runId)?.next ?? 0;
        for (const input of inputs) insertInput.run({ runId, position: position++, ...input });
        return selectInputs.all(runId).map(toInputRecord);
      })();
    },
    setInputRowCount(runId, position, rowCount) {
      updateInputRowCount.run(rowCount, runId, position);
    },
    inputs: (runId) => selectInputs.all(runId).map(toInputRecord),
    findRunByInputHash(sha256s) {
      const matches = selectInputsByHash.all(JSON.stringify(sha256s));
      const newest = matches[0];
      if (!newest) return undefined;
      return {
        run: getRun(newest.run_id) as RunRecord,
        inputs: matches.filter((input) => input.run_id === newest.run_id).map(toInputRecord),
      };
    },
    deleteRun(runId) {
      removeRun.run(runId);
    },
  };
}

function toRunRecord(row: RunRow): RunRecord {
  return {
    id: row.id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    status: row.status,
    options: JSON.parse(row.options_json) as Record<string, unknown>,
    apiVersion: row.api_version,
    graphUrl: row.graph_url,
    tenant: row.tenant ?? undefined,
    finishedAt: row.finished_at ?? undefined,
    exitCode: row.exit_code ?? undefined,
  };
}

function toInputRecord(row: RunInputRow): RunInputRecord {
  return {
    runId: row.run_id,
    position: row.position,
    file: row.file,
    absolutePath: row.absolute_path,
    sha256: row.sha256,
    sizeBytes: row.size_bytes,
    rowCount: row.row_count ?? undefined,
  };
}
