import type { ValidRow } from '../../core/domain.js';
import { BATCH_LIMIT, planRowOnline, type NameResolver } from '../../graph/index.js';
import type { ValidationEvent } from '../../input/index.js';
import type { PlanLine, PlanOptions } from '../../plan/index.js';
import { settledPlanLine } from './plan-events.js';

type RowEvent = Extract<ValidationEvent, { kind: 'row' | 'invalid-row' | 'duplicate' }>;

export interface PlanOnlineOptions {
  resolver: NameResolver;
  plan: PlanOptions;
  skipExisting: boolean;
  /** Most rows held while gathering users for one `$batch`. @default 2000 */
  readAhead?: number;
}

/**
 * `plan` online: every row event, in input order, with names resolved. Rows are read ahead until 20 unknown
 * users are gathered, so users resolve through full `$batch` calls while the input still streams.
 */
export async function* planOnline(events: AsyncIterable<RowEvent>, options: PlanOnlineOptions): AsyncIterable<PlanLine> {
  const { resolver } = options;
  const readAhead = options.readAhead ?? 2000;
  let buffer: RowEvent[] = [];
  const unknownUsers = new Set<string>();
  const prepare = { resolver, plan: options.plan, skipExisting: options.skipExisting };
  async function* flush(): AsyncIterable<PlanLine> {
    const rows: ValidRow[] = buffer.flatMap((event) => (event.kind === 'row' ? [event.row] : []));
    await resolver.prefetchUsers(rows);
    const held = buffer;
    buffer = [];
    unknownUsers.clear();
    for (const event of held) yield event.kind === 'row' ? await planRowOnline(event.row, prepare) : settledPlanLine(event);
  }
  for await (const event of events) {
    buffer.push(event);
    if (event.kind === 'row') {
      const unknown = resolver.unknownUserName(event.row);
      if (unknown !== undefined) unknownUsers.add(unknown);
    }
    if (buffer.length >= readAhead || unknownUsers.size >= BATCH_LIMIT) yield* flush();
  }
  yield* flush();
}
