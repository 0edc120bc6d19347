import { gatherTurn } from '../core/gather-turn.js';

/**
 * Runs the writes handed over in one turn of the event loop together, in one transaction: rows that start (or
 * settle) together share one commit instead of one each. Each caller's promise resolves once its write is
 * committed and `afterCommit` (e.g. the fsync that puts it on disk) has resolved; all of them reject if either
 * fails.
 */
export function groupWrites(transaction: (work: () => void) => void, afterCommit?: () => Promise<void>): (write: () => void) => Promise<void> {
  const turn = gatherTurn<() => void, void>((writes) => {
    transaction(() => {
      for (const write of writes) write();
    });
    const committed = afterCommit ? afterCommit() : Promise.resolve();
    return writes.map(() => committed);
  });
  return (write) => turn.add(write);
}
