import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

/** A deterministic GUID-shaped id from a number, so generated files are reproducible. */
export function syntheticGuid(prefix: string, n: number): string {
  const hex = n.toString(16).padStart(12, '0');
  return `${prefix.padEnd(8, '0').slice(0, 8)}-0000-4000-8000-${hex}`;
}

/**
 * Writes a CSV of `rows` valid rows: adds, removals and expiration updates, users and packages by id so that
 * `plan --offline` can build every body. Streams: memory stays flat whatever the size.
 */
export async function generateBenchCsv(path: string, rows: number): Promise<void> {
  const out = createWriteStream(path);
  out.write('action,user,accessPackage,policy,expiration,justification,assignmentId\n');
  for (let i = 1; i <= rows; i++) {
    const kind = i % 10;
    const user = syntheticGuid('a1', i);
    const pkg = syntheticGuid('b1', i % 50);
    let line: string;
    if (kind < 7) {
      line = `add,${user},${pkg},${syntheticGuid('d1', i % 50)},P90D,"Migration wave ${i % 7}, batch ${i % 100}",\n`;
    } else if (kind < 9) {
      line = `remove,,,,,,${syntheticGuid('f1', i)}\n`;
    } else {
      line = `update,,,,2031-12-31,,${syntheticGuid('f1', i)}\n`;
    }
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}
