import { chmodSync, createWriteStream, renameSync } from 'node:fs';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { PRIVATE_FILE_MODE } from '../store/private-file.js';

/**
 * Writes text chunks to `path`, owner-only (0600), with back-pressure so memory stays flat. The file is
 * written next to its final name and renamed at the end, so a report is never left half-written.
 */
export async function writePrivateFile(path: string, chunks: Iterable<string> | AsyncIterable<string>): Promise<void> {
  const partial = `${path}.partial`;
  const stream = createWriteStream(partial, { mode: PRIVATE_FILE_MODE, encoding: 'utf8' });
  try {
    await once(stream, 'open');
    chmodSync(partial, PRIVATE_FILE_MODE);
    for await (const chunk of chunks) {
      if (!stream.write(chunk)) await once(stream, 'drain');
    }
    stream.end();
    await finished(stream);
  } catch (error) {
    stream.destroy();
    throw error;
  }
  renameSync(partial, path);
}
