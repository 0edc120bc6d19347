import { writeFileSync } from 'node:fs';

/** One CSV row for the sample tenant (`samples/directory.json`). */
export interface SampleRow {
  action: 'add' | 'remove' | 'update';
  user: string;
  accessPackage: string;
  policy?: string;
  catalog?: string;
  expiration?: string;
  justification?: string;
  assignmentId?: string;
}

export const HEADER = ['action', 'user', 'accessPackage', 'policy', 'catalog', 'expiration', 'justification', 'assignmentId'] as const;

export function userUpn(n: number): string {
  return `user${String(n).padStart(2, '0')}@contoso.com`;
}

export function userId(n: number): string {
  return `a0000000-0000-4000-8000-0000000000${String(n).padStart(2, '0')}`;
}

/** Packages none of user01..user40 holds for the listed users, so every add is accepted and created. */
const ADDABLE: Array<{ accessPackage: string; catalog?: string; users: (n: number) => boolean; id: string }> = [
  { accessPackage: 'Marketing Portal', users: () => true, id: 'b0000000-0000-4000-8000-000000000003' },
  { accessPackage: 'Project X', catalog: 'General', users: () => true, id: 'b0000000-0000-4000-8000-000000000004' },
  { accessPackage: 'Project X', catalog: 'Finance', users: () => true, id: 'b0000000-0000-4000-8000-000000000005' },
  { accessPackage: 'Finance Reports', users: (n) => n < 11 || n > 15, id: 'b0000000-0000-4000-8000-000000000002' },
  { accessPackage: 'Sales Tools', users: (n) => n > 10, id: 'b0000000-0000-4000-8000-000000000001' },
];

/** `count` adds (at most 185), each a distinct user and package nobody holds yet: every one creates a request. */
export function freshAdds(count: number): SampleRow[] {
  const rows: SampleRow[] = [];
  for (const pkg of ADDABLE) {
    for (let n = 1; n <= 40 && rows.length < count; n += 1) {
      if (!pkg.users(n)) continue;
      rows.push({ action: 'add', user: userUpn(n), accessPackage: pkg.accessPackage, policy: 'Direct assignment', catalog: pkg.catalog, justification: `e2e ${rows.length + 1}` });
    }
  }
  if (rows.length < count) throw new Error(`the sample tenant allows ${rows.length} fresh adds, not ${count}`);
  return rows;
}

/** The id of a package the rows above name (by display name and catalog). */
export function packageIdOf(row: Pick<SampleRow, 'accessPackage' | 'catalog'>): string {
  const pkg = ADDABLE.find((p) => p.accessPackage === row.accessPackage && (p.catalog === undefined || p.catalog === row.catalog));
  if (pkg === undefined) throw new Error(`unknown package ${row.accessPackage}`);
  return pkg.id;
}

function csvCell(value: string | undefined): string {
  const text = value ?? '';
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Writes rows as a comma-separated CSV with the full header; returns the text written. */
export function writeCsv(path: string, rows: readonly SampleRow[]): string {
  const lines = [HEADER.join(','), ...rows.map((row) => HEADER.map((column) => csvCell(row[column])).join(','))];
  const text = `${lines.join('\n')}\n`;
  writeFileSync(path, text);
  return text;
}
