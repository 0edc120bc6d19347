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

/** What one read of pending rows gave: the rows, or what `fetchPending` threw. */
type Fetched<Row> = { rows: Row[] } | { error: unknown };

/**
 * Feeds pending rows to `executeRow`, at most `windowSize` at a time, in input order, such that rows with the
 * same key (the same user and package) keep file order and are never in flight together. The throttling itself
 * is the Graph limiter's job; the window only bounds memory and keeps the limiter's queue fed.
 *
 * The next batch is read (and its names looked up, by `fetchPending`) while the current one is dispatched:
 * read only once the current one is all started, its look-ups would queue behind the current batch's requests
 * and the limiter's queue would run dry at every batch boundary. At most three windows of rows are held: the
 * rows started, the rest of the current batch and the next batch.
 */
export async function pumpRows<Row extends PumpRow>(options: PumpOptions<Row>): Promise<PumpResult> {
  const { signal, windowSize } = options;
  const active = new Set<Promise<void>>();
  const keyTails = new Map<string, Promise<void>>();
  let executed = 0;
  let failure: { error: unknown } | undefined;
  let stoppedEarly = false;

  const stopped = () => signal?.aborted === true || failure !== undefined;
  // Never rejects, so a read-ahead nobody awaits yet cannot become an unhandled rejection.
  const fetchAfter = async (afterSeq: number): Promise<Fetched<Row>> => {
    try {
      return { rows: await options.fetchPending(afterSeq, windowSize) };
    } catch (error) {
      return { error };
    }
  };

  const start = (row: Row) => {
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
  };

  let next: Promise<Fetched<Row>> | undefined = stopped() ? undefined : fetchAfter(Number.NEGATIVE_INFINITY);
  outer: while (next !== undefined && !stopped()) {
    const fetched = await next;
    next = undefined;
    if ('error' in fetched) {
      failure ??= { error: fetched.error };
      break;
    }
    const batch = fetched.rows;
    const last = batch.at(-1);
    if (last === undefined || stopped()) break;
    // The rows of this batch are still pending: the cursor is its last row, not the last row started.
    next = fetchAfter(last.seq);
    for (const row of batch) {
      while (active.size >= windowSize && !stopped()) await Promise.race(active);
      if (stopped()) break outer;
      start(row);
    }
  }
  // A read-ahead still running when the pump stops: its rows stay pending, but its look-ups must end here.
  if (next !== undefined) await next;
  if (signal?.aborted) stoppedEarly = true;
  await Promise.all(active);
  if (failure) throw failure.error;
  return { executed, stoppedEarly };
}
