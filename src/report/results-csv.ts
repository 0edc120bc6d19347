import { formatRowRef, type NameOrId, type UserRef } from '../core/domain.js';
import type { StoredRow } from '../store/store-types.js';
import { csvRecord, UTF8_BOM } from './csv-cell.js';

/** The columns of results.csv, in order (SPEC section 6). */
export const RESULTS_COLUMNS = [
  'row',
  'action',
  'requestType',
  'user',
  'userId',
  'accessPackage',
  'accessPackageId',
  'policy',
  'policyId',
  'outcome',
  'reason',
  'requestId',
  'state',
  'httpStatus',
  'errorCode',
  'errorMessage',
  'attempts',
  'graphRequestId',
  'submittedAt',
  'finishedAt',
] as const;
export type ResultsColumn = (typeof RESULTS_COLUMNS)[number];

/**
 * The results.csv cells of one row, before escaping. Names are the cells as read; ids are what was resolved,
 * or the id the row gave.
 */
export function resultsCells(row: StoredRow): Record<ResultsColumn, string | number | undefined> {
  return {
    row: formatRowRef(row.ref),
    action: row.action,
    requestType: row.requestType,
    user: row.cells.user,
    userId: row.userId ?? givenUserId(row.row?.user),
    accessPackage: row.cells.accessPackage,
    accessPackageId: row.accessPackageId ?? givenId(row.row?.accessPackage),
    policy: row.cells.policy,
    policyId: row.policyId ?? givenId(row.row?.policy),
    outcome: row.outcome,
    reason: row.reason,
    requestId: row.requestId,
    state: row.requestState,
    httpStatus: row.httpStatus,
    errorCode: row.errorCode,
    errorMessage: row.errorMessage,
    attempts: row.attempts,
    graphRequestId: row.graphRequestId,
    submittedAt: row.submittedAt,
    finishedAt: row.finishedAt,
  };
}

function givenUserId(user: UserRef | undefined): string | undefined {
  return user?.kind === 'id' ? user.id : undefined;
}

function givenId(ref: NameOrId | undefined): string | undefined {
  return ref?.kind === 'id' ? ref.id : undefined;
}

/**
 * results.csv as chunks of text: BOM and header, then one CRLF-ended record per row in the order given,
 * gathered into chunks of about `chunkChars` so a million rows are not a million stream writes.
 */
export function* resultsCsvChunks(rows: Iterable<StoredRow>, chunkChars = 64 * 1024): Generator<string> {
  let chunk = UTF8_BOM + csvRecord(RESULTS_COLUMNS);
  for (const row of rows) {
    const cells = resultsCells(row);
    chunk += csvRecord(RESULTS_COLUMNS.map((column) => cells[column]));
    if (chunk.length >= chunkChars) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk.length > 0) yield chunk;
}
