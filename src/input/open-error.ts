/** Plain words for why a file could not be opened or read, from Node's error code. */
export function describeOpenError(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  switch (code) {
    case 'ENOENT':
      return 'file not found';
    case 'EISDIR':
      return 'is a directory, expected a CSV file';
    case 'EACCES':
    case 'EPERM':
      return 'cannot be read: permission denied';
    case 'ENOTDIR':
      return 'file not found (a part of the path is not a directory)';
    default:
      return `cannot be read (${error instanceof Error ? error.message : String(error)})`;
  }
}
