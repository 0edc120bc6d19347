import { writeFileSync } from 'node:fs';

/** The tenant the online benchmarks run against: `generate` options of the emulator. */
export interface BenchTenant {
  users: number;
  packages: number;
  seed: number;
}

/** Users x packages large enough for `rows` distinct adds (see src/emulator/directory/generate-directory.ts). */
export function tenantFor(rows: number): BenchTenant {
  const packages = 50;
  return { users: Math.max(100, Math.ceil(rows / packages / 0.9) + 10), packages, seed: 7 };
}

function pad(n: number, tenant: BenchTenant): string {
  return String(n).padStart(Math.max(2, String(Math.max(tenant.users, tenant.packages)).length), '0');
}

/**
 * The (user, package) pairs of `rows` adds by UPN and display name, every one new: the generated tenant gives
 * user index i (0-based, i % 10 == 9) package i % packages already, and those pairs are left out.
 */
export function addPairs(tenant: BenchTenant, rows: number): Array<{ userIndex: number; packageIndex: number }> {
  const pairs: Array<{ userIndex: number; packageIndex: number }> = [];
  for (let packageIndex = 0; packageIndex < tenant.packages && pairs.length < rows; packageIndex += 1) {
    for (let userIndex = 0; userIndex < tenant.users && pairs.length < rows; userIndex += 1) {
      if (userIndex % 10 === 9 && userIndex % tenant.packages === packageIndex) continue;
      pairs.push({ userIndex, packageIndex });
    }
  }
  if (pairs.length < rows) throw new Error(`the tenant allows ${pairs.length} new adds, not ${rows}`);
  return pairs;
}

/** Writes `rows` adds that resolve in the tenant: `add,userNN@contoso.com,Package NN,Direct assignment`. */
export function writeTenantCsv(path: string, tenant: BenchTenant, rows: number): void {
  const lines = ['action,user,accessPackage,policy,justification'];
  for (const { userIndex, packageIndex } of addPairs(tenant, rows)) {
    lines.push(`add,user${pad(userIndex + 1, tenant)}@contoso.com,Package ${pad(packageIndex + 1, tenant)},Direct assignment,bench`);
  }
  writeFileSync(path, `${lines.join('\n')}\n`);
}
