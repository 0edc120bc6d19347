import { once } from 'node:events';

/**
 * Writes one line to stdout, waiting when the pipe is full, so that printing a million plan lines keeps
 * memory flat instead of buffering them all.
 */
export async function writeLine(line: string): Promise<void> {
  if (!process.stdout.write(`${line}\n`)) await once(process.stdout, 'drain');
}
