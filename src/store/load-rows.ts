import type { Store } from './open-store.js';
import type { RowInput } from './store-types.js';

export interface LoadRowsOptions {
  /** Rows per transaction. @default 1000 */
  batchSize?: number;
  /** Called after each committed batch with the rows loaded so far. */
  onBatch?: (loaded: number) => void;
}

/**
 * Streams rows into a run in batched transactions: memory holds one batch whatever the file size, and a
 * crash loses at most the batch being written (the run is still `loading`, so it is never resumed half-read).
 * Returns the number of rows loaded.
 */
export async function loadRows(
  store: Pick<Store, 'insertRows'>,
  runId: string,
  rows: AsyncIterable<RowInput> | Iterable<RowInput>,
  options: LoadRowsOptions = {},
): Promise<number> {
  const batchSize = options.batchSize ?? 1000;
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new Error(`Expected batchSize to be an integer >= 1, got ${String(batchSize)}`);
  }
  let batch: RowInput[] = [];
  let loaded = 0;
  const flush = (): void => {
    if (batch.length === 0) return;
    store.insertRows(runId, batch);
    loaded += batch.length;
    batch = [];
    options.onBatch?.(loaded);
  };
  for await (const row of rows) {
    batch.push(row);
    if (batch.length >= batchSize) flush();
  }
  flush();
  return loaded;
}
