/**
 * Runs the writes handed over in one turn of the event loop together, in one transaction: rows that start (or
 * settle) together share one commit instead of one each. Each caller's promise resolves once its write is
 * committed and `afterCommit` (e.g. the fsync that puts it on disk) has resolved; all of them reject if either
 * fails.
 */
export function groupWrites(transaction: (work: () => void) => void, afterCommit?: () => Promise<void>): (write: () => void) => Promise<void> {
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
    if (!afterCommit) {
      for (const entry of taken) entry.resolve();
      return;
    }
    afterCommit().then(
      () => taken.forEach((entry) => entry.resolve()),
      (error: unknown) => taken.forEach((entry) => entry.reject(error)),
    );
  }

  return (write) =>
    new Promise<void>((resolve, reject) => {
      if (waiting.length === 0) setImmediate(flush);
      waiting.push({ write, resolve, reject });
    });
}
