import type { DirectoryFile } from './directory-schema.js';
import { seededGuid, seededRandom } from './seeded-random.js';

/** What `apbatch simulate --users N --packages N --seed S` builds. */
export interface GeneratedDirectoryOptions {
  /** Number of users `user00001@contoso.com`... */
  users: number;
  /** Number of access packages, spread over the catalogs. */
  packages: number;
  /** The same seed always gives the same ids, names and secret. @default 1 */
  seed?: number;
}

const TENANT_ID = '72f988bf-0000-4000-8000-000000000000';

/**
 * A deterministic tenant for benchmarks: every package has a `Direct assignment` policy; every fifth
 * also has `Requests with approval` with a required text question and a multiple-choice question.
 * One user in ten already holds a delivered assignment, so removals have something to remove.
 */
export function generateDirectory(options: GeneratedDirectoryOptions): DirectoryFile {
  const random = seededRandom(options.seed ?? 1);
  const guid = (): string => seededGuid(random);
  const pad = (n: number, width: number): string => String(n).padStart(width, '0');
  const width = Math.max(2, String(Math.max(options.users, options.packages)).length);

  const catalogs = ['General', 'Finance', 'Engineering'].map((displayName) => ({ id: guid(), displayName }));
  const users = Array.from({ length: options.users }, (_, index) => {
    const n = pad(index + 1, width);
    const upn = `user${n}@contoso.com`;
    return { id: guid(), userPrincipalName: upn, displayName: `User ${n}`, mail: upn };
  });
  const accessPackages: DirectoryFile['accessPackages'] = [];
  const assignmentPolicies: DirectoryFile['assignmentPolicies'] = [];
  for (let index = 0; index < options.packages; index += 1) {
    const catalog = catalogs[index % catalogs.length];
    if (catalog === undefined) throw new Error('unreachable: catalogs is never empty');
    const pkg = { id: guid(), displayName: `Package ${pad(index + 1, width)}`, catalogId: catalog.id };
    accessPackages.push(pkg);
    assignmentPolicies.push({ id: guid(), displayName: 'Direct assignment', accessPackageId: pkg.id });
    if (index % 5 === 4) {
      assignmentPolicies.push({
        id: guid(),
        displayName: 'Requests with approval',
        accessPackageId: pkg.id,
        requiresApproval: true,
        questions: [
          { id: guid(), kind: 'text', text: 'Business reason', isRequired: true },
          { id: guid(), kind: 'multipleChoice', text: 'Region', isRequired: false, choices: ['EMEA', 'AMER', 'APAC'] },
        ],
      });
    }
  }
  const directPolicyOf = new Map(
    assignmentPolicies.filter((p) => p.displayName === 'Direct assignment').map((p) => [p.accessPackageId, p.id]),
  );
  const assignments: DirectoryFile['assignments'] = [];
  if (accessPackages.length > 0) {
    users.forEach((user, index) => {
      if (index % 10 !== 9) return;
      const pkg = accessPackages[index % accessPackages.length];
      const policyId = pkg === undefined ? undefined : directPolicyOf.get(pkg.id);
      if (pkg === undefined || policyId === undefined) return;
      assignments.push({ id: guid(), targetId: user.id, accessPackageId: pkg.id, assignmentPolicyId: policyId });
    });
  }
  const clientSecret = `emulator-secret-${Math.floor(random() * 2 ** 32).toString(36)}`;
  return {
    tenantId: TENANT_ID,
    domain: 'contoso.com',
    clients: [{ clientId: guid(), clientSecret, roles: ['EntitlementManagement.ReadWrite.All', 'User.Read.All'] }],
    users,
    catalogs,
    accessPackages,
    assignmentPolicies,
    assignments,
  };
}
