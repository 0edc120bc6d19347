/**
 * Runs the writes handed over in one turn of the event loop together, in one transaction: rows that start (or
 * settle) together share one commit, and one fsync when `transaction` is durable, instead of one each. Each
 * caller's promise resolves once its write is committed, and rejects (all of them) if the transaction fails.
 */
export function groupWrites(transaction: (work: () => void) => void): (write: () => void) => Promise<void> {
  let waiting: Array<{ write: () => void; resolve: () => void; reject: (error: unknown) => void }> = [];

  function flush(): void {
    const taken = waiting;
    waiting = [];
    try {
      transaction(() => {
        for (const entry of taken) entry.write();
      });
    } catch (error) {
      for (const entry of taken) entry.reject(error);
      return;
    }
    for (const entry of taken) entry.resolve();
  }

  return (write) =>
    new Promise<void>((resolve, reject) => {
      if (waiting.length === 0) setImmediate(flush);
      waiting.push({ write, resolve, reject });
    });
}
