import { open, type FileHandle } from 'node:fs/promises';

/** How the WAL file is reached; tests pass a fake to count and hold fsyncs. */
export interface WalFile {
  sync(): Promise<void>;
  close(): Promise<void>;
}

export interface WalSync {
  /**
   * Resolves once every commit made before the call is on disk. Runs on libuv's thread pool, so the event loop
   * goes on meanwhile; callers that come while an fsync runs share the next one.
   */
  sync(): Promise<void>;
  /** Closes the file once the fsync under way, if any, is done. */
  close(): void;
}

/**
 * Group commit for the write-ahead log. Commits run at `synchronous=NORMAL` (appended to the WAL, no fsync);
 * a caller that needs its commit to survive a power cut then awaits {@link WalSync.sync}. An fsync of the WAL
 * after the commit is what `synchronous=FULL` does inside the commit, there blocking the event loop for as long
 * as the disk takes (milliseconds on the machines here, once per commit).
 */
export function createWalSync(walPath: string, openWal: (path: string) => Promise<WalFile> = openForSync): WalSync {
  let file: Promise<WalFile> | undefined;
  let running: Promise<void> | undefined;
  let next: Promise<void> | undefined;

  const syncOnce = async (): Promise<void> => {
    file ??= openWal(walPath);
    await (await file).sync();
  };

  function sync(): Promise<void> {
    if (!running) {
      running = syncOnce().finally(() => {
        running = undefined;
      });
      return running;
    }
    // The fsync under way may have started before the caller's commit: it needs the one after it.
    next ??= running.then(
      () => undefined,
      () => undefined,
    ).then(() => {
      next = undefined;
      return sync();
    });
    return next;
  }

  return {
    sync,
    close() {
      const opened = file;
      if (!opened) return;
      void Promise.allSettled([running, next]).then(async () => (await opened).close()).catch(() => undefined);
    },
  };
}

async function openForSync(path: string): Promise<WalFile> {
  // fsync flushes the file whatever the descriptor's mode; read-only keeps this handle from ever writing.
  const handle: FileHandle = await open(path, 'r');
  return { sync: () => handle.sync(), close: () => handle.close() };
}
