import { formatRowRef } from '../core/domain.js';
import type { ResultLine } from '../store/store-types.js';
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

/** The results.csv cells of one row, before escaping. */
export function resultsCells(line: ResultLine): Record<ResultsColumn, string | number | undefined> {
  return {
    row: formatRowRef(line.ref),
    action: line.action,
    requestType: line.requestType,
    user: line.user,
    userId: line.userId,
    accessPackage: line.accessPackage,
    accessPackageId: line.accessPackageId,
    policy: line.policy,
    policyId: line.policyId,
    outcome: line.outcome,
    reason: line.reason,
    requestId: line.requestId,
    state: line.requestState,
    httpStatus: line.httpStatus,
    errorCode: line.errorCode,
    errorMessage: line.errorMessage,
    attempts: line.attempts,
    graphRequestId: line.graphRequestId,
    submittedAt: line.submittedAt,
    finishedAt: line.finishedAt,
  };
}

/**
 * results.csv as chunks of text: BOM and header, then one CRLF-ended record per row in the order given,
 * gathered into chunks of about `chunkChars` so a million rows are not a million stream writes.
 */
export function* resultsCsvChunks(lines: Iterable<ResultLine>, chunkChars = 64 * 1024): Generator<string> {
  let chunk = UTF8_BOM + csvRecord(RESULTS_COLUMNS);
  for (const line of lines) {
    const cells = resultsCells(line);
    chunk += csvRecord(RESULTS_COLUMNS.map((column) => cells[column]));
    if (chunk.length >= chunkChars) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk.length > 0) yield chunk;
}
