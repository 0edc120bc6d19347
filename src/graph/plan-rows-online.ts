import { ASSIGNMENT_REQUESTS_PATH, formatRowRef, type ValidRow } from '../core/domain.js';
import type { PlanLine } from '../plan/index.js';
import { prepareRow, type PrepareRowOptions } from './prepare-row.js';
import { BATCH_LIMIT } from './batch.js';

/** Options of {@link planRowsOnline}. */
export interface PlanRowsOnlineOptions extends PrepareRowOptions {
  /** Most rows held in memory while gathering unknown users for one `$batch`. @default 2000 */
  readAhead?: number;
}

/**
 * `apbatch plan` online: every row with its names resolved, as the same JSON object as `plan --offline`
 * (SPEC section 3), in input order. Rows are read ahead until 20 unknown users are gathered, so users resolve
 * through full `$batch` calls while the input still streams.
 */
export async function* planRowsOnline(rows: AsyncIterable<ValidRow>, options: PlanRowsOnlineOptions): AsyncIterable<PlanLine> {
  const readAhead = options.readAhead ?? 2000;
  let buffer: ValidRow[] = [];
  const unknownUsers = new Set<string>();
  const flush = async function* (): AsyncIterable<PlanLine> {
    await options.resolver.prefetchUsers(buffer);
    const planned = buffer;
    buffer = [];
    unknownUsers.clear();
    for (const row of planned) yield await planRowOnline(row, options);
  };
  for await (const row of rows) {
    buffer.push(row);
    const unknown = options.resolver.unknownUserName(row);
    if (unknown !== undefined) unknownUsers.add(unknown);
    if (buffer.length >= readAhead || unknownUsers.size >= BATCH_LIMIT) yield* flush();
  }
  yield* flush();
}

/** The `plan` line of one row, online. */
export async function planRowOnline(row: ValidRow, options: PrepareRowOptions): Promise<PlanLine> {
  const head = { row: formatRowRef(row.ref), key: row.key };
  const prepared = await prepareRow(row, options);
  switch (prepared.kind) {
    case 'send':
      return { ...head, outcome: 'would-send', method: 'POST', path: ASSIGNMENT_REQUESTS_PATH, body: prepared.body };
    case 'skipped':
      return { ...head, outcome: 'skipped', reason: prepared.reason };
    default:
      return { ...head, outcome: prepared.kind, reason: prepared.reason };
  }
}
