import { ASSIGNMENT_REQUESTS_PATH, formatRowRef, type ValidRow } from '../core/domain.js';
import type { PlanLine } from '../plan/index.js';
import { prepareRow, type PrepareRowOptions } from './prepare-row.js';
import { BATCH_LIMIT } from './batch.js';

/** Options of {@link planRowsOnline}. */
export interface PlanRowsOnlineOptions extends PrepareRowOptions {
  /** Most rows held in memory while gathering unknown users for one `$batch`. @default 2000 */
  readAhead?: number;
}

/** What the online plan reads: a row to resolve and plan, or a line already settled offline (invalid, duplicate). */
export type PlanInput = { kind: 'row'; row: ValidRow } | { kind: 'settled'; line: PlanLine };

/**
 * `apbatch plan` online: a line per input, in input order, rows with their names resolved (SPEC section 3, the
 * same JSON object as `plan --offline`). Inputs are read ahead until 20 unknown users are gathered, so users
 * resolve through full `$batch` calls while the input still streams.
 */
export async function* planInputsOnline(inputs: AsyncIterable<PlanInput>, options: PlanRowsOnlineOptions): AsyncIterable<PlanLine> {
  const readAhead = options.readAhead ?? 2000;
  let buffer: PlanInput[] = [];
  const unknownUsers = new Set<string>();
  const flush = async function* (): AsyncIterable<PlanLine> {
    await options.resolver.prefetchUsers(buffer.flatMap((input) => (input.kind === 'row' ? [input.row] : [])));
    const planned = buffer;
    buffer = [];
    unknownUsers.clear();
    for (const input of planned) yield input.kind === 'row' ? await planRowOnline(input.row, options) : input.line;
  };
  for await (const input of inputs) {
    buffer.push(input);
    const unknown = input.kind === 'row' ? options.resolver.unknownUserName(input.row) : undefined;
    if (unknown !== undefined) unknownUsers.add(unknown);
    if (buffer.length >= readAhead || unknownUsers.size >= BATCH_LIMIT) yield* flush();
  }
  yield* flush();
}

/** {@link planInputsOnline} for rows alone. */
export async function* planRowsOnline(rows: AsyncIterable<ValidRow>, options: PlanRowsOnlineOptions): AsyncIterable<PlanLine> {
  async function* asInputs(): AsyncIterable<PlanInput> {
    for await (const row of rows) yield { kind: 'row', row };
  }
  yield* planInputsOnline(asInputs(), options);
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
