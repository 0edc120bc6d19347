/** What callers hand over in one turn of the event loop, and how many are waiting for that turn to end. */
export interface TurnGatherer<Item, Result> {
  /** Joins the current turn's items; settles as `flush` settles this item. */
  add(item: Item): Promise<Result>;
  /** Items handed over and not yet flushed. */
  readonly pending: number;
}

/**
 * Gathers the items handed over in one turn of the event loop and gives them all to `flush` when that turn ends
 * (`setImmediate`): rows that start or settle together are handled together. `flush` returns one promise per
 * item, in order, and each caller's promise settles as its own.
 */
export function gatherTurn<Item, Result>(flush: (items: Item[]) => Array<Promise<Result>>): TurnGatherer<Item, Result> {
  let waiting: Array<{ item: Item; resolve: (result: Result) => void; reject: (error: unknown) => void }> = [];

  function end(): void {
    const taken = waiting;
    waiting = [];
    let settled: Array<Promise<Result>>;
    try {
      settled = flush(taken.map((entry) => entry.item));
    } catch (error) {
      settled = taken.map(() => Promise.reject(error));
    }
    taken.forEach((entry, index) => {
      const own = settled[index] ?? Promise.reject(new Error(`flush settled no item ${index}`));
      own.then(entry.resolve, entry.reject);
    });
  }

  return {
    add: (item) =>
      new Promise<Result>((resolve, reject) => {
        if (waiting.length === 0) setImmediate(end);
        waiting.push({ item, resolve, reject });
      }),
    get pending() {
      return waiting.length;
    },
  };
}
