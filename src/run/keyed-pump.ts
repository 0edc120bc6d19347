/** A row as the pump sees it: its place in input order and the key that serialises it. */
export interface PumpRow {
  seq: number;
  key: string;
}

export interface PumpOptions<Row extends PumpRow> {
  /** Pending rows after `afterSeq`, in input order, at most `limit` of them. */
  fetchPending(afterSeq: number, limit: number): Row[] | Promise<Row[]>;
  /** Carries a row to its outcome. Throwing stops the pump: a bug or a condition that ends the run. */
  executeRow(row: Row): Promise<void>;
  /** Rows started and not yet settled, waiting ones included. Keeps memory flat. */
  windowSize: number;
  /** Once aborted, no new row starts; rows already started run to their end. */
  signal?: AbortSignal;
}

export interface PumpResult {
  /** Rows whose execution finished. */
  executed: number;
  /** True when the signal stopped the pump before every pending row was taken. */
  stoppedEarly: boolean;
}

/**
 * Feeds pending rows to `executeRow`, at most `windowSize` at a time, in input order, such that rows with the
 * same key (the same user and package) keep file order and are never in flight together. The throttling itself
 * is the Graph limiter's job; the window only bounds memory and keeps the limiter's queue fed.
 */
export async function pumpRows<Row extends PumpRow>(options: PumpOptions<Row>): Promise<PumpResult> {
  const { signal } = options;
  const active = new Set<Promise<void>>();
  const keyTails = new Map<string, Promise<void>>();
  let cursor = Number.NEGATIVE_INFINITY;
  let executed = 0;
  let failure: { error: unknown } | undefined;
  let stoppedEarly = false;

  const stopped = () => signal?.aborted === true || failure !== undefined;

  outer: while (!stopped()) {
    const batch = await options.fetchPending(cursor, options.windowSize);
    if (batch.length === 0) break;
    for (const row of batch) {
      while (active.size >= options.windowSize && !stopped()) await Promise.race(active);
      if (stopped()) break outer;
      cursor = row.seq;
      const previous = keyTails.get(row.key) ?? Promise.resolve();
      const run: Promise<void> = previous.then(async () => {
        if (stopped()) return;
        await options.executeRow(row);
        executed += 1;
      });
      const tracked = run.then(
        () => undefined,
        (error: unknown) => {
          failure ??= { error };
        },
      );
      const settled = tracked.finally(() => {
        active.delete(settled);
        if (keyTails.get(row.key) === tracked) keyTails.delete(row.key);
      });
      keyTails.set(row.key, tracked);
      active.add(settled);
    }
  }
  if (signal?.aborted) stoppedEarly = true;
  await Promise.all(active);
  if (failure) throw failure.error;
  return { executed, stoppedEarly };
}
