import { readFile } from 'node:fs/promises';
import { UsageError } from '../../core/errors.js';
import { findDirectoryProblems } from './check-directory.js';
import { directoryFileSchema, type DirectoryFile } from './directory-schema.js';

/** Parses and checks a directory document; every problem is listed in one `UsageError`. */
export function parseDirectory(text: string, source: string): DirectoryFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${source}: expected JSON, got a parse error: ${(error as Error).message}`, { cause: error });
  }
  const parsed = directoryFileSchema.safeParse(json);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`);
    throw new UsageError(`${source} is not a valid emulator directory:\n  ${lines.join('\n  ')}`);
  }
  const problems = findDirectoryProblems(parsed.data);
  if (problems.length > 0) {
    throw new UsageError(`${source} is not a valid emulator directory:\n  ${problems.join('\n  ')}`);
  }
  return parsed.data;
}

/** Reads `path` (e.g. `samples/directory.json`) as an emulator directory. */
export async function loadDirectory(path: string): Promise<DirectoryFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read the emulator directory '${path}': ${(error as Error).message}`, { cause: error });
  }
  return parseDirectory(text, path);
}
