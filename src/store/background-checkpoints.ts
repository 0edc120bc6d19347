import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** Options of {@link startBackgroundCheckpoints}. */
export interface BackgroundCheckpointOptions {
  /** How often the worker copies the write-ahead log into the database. @default 250 */
  intervalMs?: number;
  /** How long `stop` waits for the worker to close its connection before ending it. @default 5000 */
  stopTimeoutMs?: number;
  /** Called if the worker fails: the caller turns SQLite's own checkpoints back on. */
  onFailure: (error: unknown) => void;
}

export interface BackgroundCheckpoints {
  /** Closes the worker's connection, waiting for it, so that the caller's close is the last one. */
  stop(): void;
}

// Plain JavaScript run by `new Worker(..., { eval: true })`: a file of its own would not exist next to the
// sources vitest runs. Its connection only checkpoints; a PASSIVE checkpoint never waits for the writer.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path, { fileMustExist: true });
db.pragma('busy_timeout = 5000');
const timer = setInterval(() => db.pragma('wal_checkpoint(PASSIVE)'), workerData.intervalMs);
parentPort.on('message', () => {
  clearInterval(timer);
  db.close();
  const closed = new Int32Array(workerData.closed);
  Atomics.store(closed, 0, 1);
  Atomics.notify(closed, 0);
  parentPort.close();
});
`;

/**
 * Copies the write-ahead log of the database at `path` into the database from a worker thread, every
 * `intervalMs`, so the connection that writes (with `wal_autocheckpoint = 0`) never pauses for it. A run
 * commits hundreds of times a second, and SQLite's own checkpoint, every 1,000 pages, runs inside one of those
 * commits on the event loop: about half of what committing costs there, with its two fsyncs.
 */
export function startBackgroundCheckpoints(path: string, options: BackgroundCheckpointOptions): BackgroundCheckpoints {
  const closed = new SharedArrayBuffer(4);
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { path, driver: createRequire(import.meta.url).resolve('better-sqlite3'), intervalMs: options.intervalMs ?? 250, closed },
  });
  // A store left open must not keep the process alive for its checkpoints.
  worker.unref();
  let running = true;
  worker.on('error', (error) => {
    running = false;
    options.onFailure(error);
  });
  return {
    stop() {
      if (!running) return;
      running = false;
      worker.postMessage('stop');
      // Blocks this thread only for as long as a checkpoint under way takes to finish.
      if (Atomics.wait(new Int32Array(closed), 0, 0, options.stopTimeoutMs ?? 5000) === 'timed-out') void worker.terminate();
    },
  };
}
