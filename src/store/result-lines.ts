import type Database from 'better-sqlite3';
import type { RowOutcome } from '../core/domain.js';
import type { ResultLine } from './store-types.js';
import { pagesBySeq } from './table-records.js';

export interface ResultLinesRepository {
  /** What results.csv shows of every row of a run, in input order, read a page at a time. */
  resultLines(runId: string, pageSize?: number): Generator<ResultLine>;
}

/** A cell of the row: from the parsed row of a valid row, from the cells kept alone for an invalid one. */
const cell = (column: string) => `CASE WHEN row_json IS NULL THEN json_extract(cells_json, '$.${column}') ELSE json_extract(row_json, '$.cells.${column}') END`;
/** What was resolved, else the id the row gave (only a `{ kind: 'id' }` reference has an `id`). */
const resolvedOrGiven = (column: string, member: string) => `COALESCE(${column}, json_extract(row_json, '$.${member}.id'))`;

// The order of the columns is the order `toResultLine` reads them in.
const SELECT_PAGE = `
  SELECT seq, file, line, action, request_type, ${cell('user')}, ${cell('accessPackage')}, ${cell('policy')},
         ${resolvedOrGiven('user_id', 'user')}, ${resolvedOrGiven('access_package_id', 'accessPackage')}, ${resolvedOrGiven('policy_id', 'policy')},
         outcome, reason, request_id, request_state, http_status, error_code, error_message, attempts, graph_request_id,
         submitted_at, finished_at
  FROM rows WHERE run_id = ? AND seq > ? ORDER BY seq LIMIT ?`;

type Value = string | number | null;

export function createResultLinesRepository(db: Database.Database): ResultLinesRepository {
  const selectPage = db.prepare<[string, number, number], Value[]>(SELECT_PAGE).raw(true);
  return {
    resultLines: (runId, pageSize = 1000) =>
      pagesBySeq((afterSeq, limit) => selectPage.all(runId, afterSeq, limit).map(toResultLine), (line) => line.seq, pageSize),
  };
}

function toResultLine(values: Value[]): ResultLine {
  const text = (index: number) => (values[index] as string | null) ?? undefined;
  return {
    seq: values[0] as number,
    ref: { file: values[1] as string, line: values[2] as number },
    action: text(3),
    requestType: text(4),
    user: text(5),
    accessPackage: text(6),
    policy: text(7),
    userId: text(8),
    accessPackageId: text(9),
    policyId: text(10),
    outcome: text(11) as RowOutcome | undefined,
    reason: text(12),
    requestId: text(13),
    requestState: text(14),
    httpStatus: (values[15] as number | null) ?? undefined,
    errorCode: text(16),
    errorMessage: text(17),
    attempts: values[18] as number,
    graphRequestId: text(19),
    submittedAt: text(20),
    finishedAt: text(21),
  };
}
