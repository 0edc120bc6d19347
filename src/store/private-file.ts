import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';

/** Owner read/write only: files holding user data (SPEC section 6). */
export const PRIVATE_FILE_MODE = 0o600;
/** Owner only: directories holding such files. */
export const PRIVATE_DIR_MODE = 0o700;

/**
 * Creates `path` (and missing parent directories, owner-only) if absent, and leaves it mode 0600 whatever
 * the umask or its previous mode.
 */
export function ensurePrivateFile(path: string): void {
  mkdirSync(dirname(path), { recursive: true, mode: PRIVATE_DIR_MODE });
  closeSync(openSync(path, 'a', PRIVATE_FILE_MODE));
  chmodSync(path, PRIVATE_FILE_MODE);
}

/** Sets mode 0600 on each path that exists (SQLite's -wal and -shm come and go). */
export function restrictExistingFiles(paths: readonly string[]): void {
  for (const path of paths) {
    if (existsSync(path)) chmodSync(path, PRIVATE_FILE_MODE);
  }
}

/** Creates `path` and missing parents with mode 0700, and sets 0700 on `path` itself. */
export function ensurePrivateDir(path: string): void {
  mkdirSync(path, { recursive: true, mode: PRIVATE_DIR_MODE });
  chmodSync(path, PRIVATE_DIR_MODE);
}
