import type { DirectoryFile } from '../../../src/emulator/directory/directory-schema.js';
import { startEmulator, type RunningEmulator } from '../../../src/emulator/start-emulator.js';
import type { EmulatorOptions } from '../../../src/emulator/emulator-options.js';
import type { ValidRow, Action, RequestType, UserRef, NameOrId, AnswerInput } from '../../../src/core/domain.js';
import { createGraphClient, type GraphClient, type GraphClientOptions } from '../../../src/graph/graph-client.js';
import { RequestLimiter } from '../../../src/graph/request-limiter.js';

const hex = (n: number, width = 12) => n.toString(16).padStart(width, '0');
export const userId = (n: number) => `a0000000-0000-4000-8000-${hex(n)}`;
export const upn = (n: number) => `user${String(n).padStart(3, '0')}@contoso.com`;
export const packageId = (n: number) => `b0000000-0000-4000-8000-${hex(n)}`;
export const policyId = (n: number) => `d0000000-0000-4000-8000-${hex(n)}`;
export const assignmentId = (n: number) => `f0000000-0000-4000-8000-${hex(n)}`;
export const GENERAL = 'c0000000-0000-4000-8000-000000000001';
export const FINANCE = 'c0000000-0000-4000-8000-000000000002';
export const REASON_QUESTION = 'e0000000-0000-4000-8000-000000000001';
export const REGION_QUESTION = 'e0000000-0000-4000-8000-000000000002';

/**
 * A tenant for the Graph stage's tests: `userCount` users `user001@contoso.com`...; packages 1..5 named
 * `Package N` (General) with a `Direct assignment` policy (id = package number); package 1 also has
 * `Requests with approval` (policy 101) with a required text question and an optional choice; two packages named
 * `Project X` (6 in General, 7 in Finance); `O'Brien Tools` (8). Users 1..10 hold package 1 (assignments 1..10).
 */
export function testDirectory(userCount = 250): DirectoryFile {
  const packages = [
    ...[1, 2, 3, 4, 5].map((n) => ({ id: packageId(n), displayName: `Package ${n}`, catalogId: GENERAL })),
    { id: packageId(6), displayName: 'Project X', catalogId: GENERAL },
    { id: packageId(7), displayName: 'Project X', catalogId: FINANCE },
    { id: packageId(8), displayName: "O'Brien Tools", catalogId: GENERAL },
  ];
  return {
    tenantId: '72f988bf-0000-4000-8000-000000000000',
    domain: 'contoso.com',
    clients: [{ clientId: '11111111-0000-4000-8000-000000000001', clientSecret: 'test-secret', roles: ['EntitlementManagement.ReadWrite.All', 'User.Read.All'] }],
    users: Array.from({ length: userCount }, (_, i) => ({ id: userId(i + 1), userPrincipalName: upn(i + 1), displayName: `User ${i + 1}`, mail: upn(i + 1) })),
    catalogs: [
      { id: GENERAL, displayName: 'General' },
      { id: FINANCE, displayName: 'Finance' },
    ],
    accessPackages: packages,
    assignmentPolicies: [
      ...packages.map((_, i) => ({ id: policyId(i + 1), displayName: 'Direct assignment', accessPackageId: packageId(i + 1) })),
      {
        id: policyId(101),
        displayName: 'Requests with approval',
        accessPackageId: packageId(1),
        requiresApproval: true,
        questions: [
          { id: REASON_QUESTION, kind: 'text', text: 'Business reason', isRequired: true },
          { id: REGION_QUESTION, kind: 'multipleChoice', text: 'Region', isRequired: false, choices: ['EMEA', 'AMER', 'APAC'] },
        ],
      },
    ],
    assignments: Array.from({ length: 10 }, (_, i) => ({ id: assignmentId(i + 1), targetId: userId(i + 1), accessPackageId: packageId(1), assignmentPolicyId: policyId(1) })),
  };
}

/** The emulator over plain HTTP, sign-in off (the Graph stage is tested here, not sign-in). */
export function startTestEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  return startEmulator({ directory: testDirectory(), auth: false, deliveryDelayMs: 200, ...options });
}

export function clientFor(emulator: RunningEmulator, options: Partial<GraphClientOptions> & { rate?: number; concurrency?: number } = {}): GraphClient {
  const { rate, concurrency, ...rest } = options;
  return createGraphClient({
    graphUrl: emulator.graphHttpUrl,
    tokenProvider: { kind: 'static', getToken: async () => 'test-token' },
    limiter: new RequestLimiter({ rate: rate ?? 50, concurrency: concurrency ?? 4 }),
    ...rest,
  });
}

export function row(line: number, fields: { action?: Action; requestType?: RequestType; user?: UserRef; accessPackage?: NameOrId; policy?: NameOrId; catalog?: string; answers?: AnswerInput[]; assignmentId?: string }): ValidRow {
  const action = fields.action ?? 'add';
  const requestType = fields.requestType ?? (action === 'add' ? 'adminAdd' : action === 'remove' ? 'adminRemove' : 'adminUpdate');
  const userText = fields.user?.kind === 'id' ? fields.user.id : fields.user?.kind === 'upn' ? fields.user.upn : fields.user?.email ?? '';
  const packageText = fields.accessPackage?.kind === 'id' ? fields.accessPackage.id : fields.accessPackage?.name ?? '';
  return {
    ref: { file: 'rows.csv', line },
    key: `${userText}|${packageText}|${action}`.toLowerCase(),
    action,
    requestType,
    expiration: { type: 'policyDefault' },
    cells: {},
    ...(fields.user ? { user: fields.user } : {}),
    ...(fields.accessPackage ? { accessPackage: fields.accessPackage } : {}),
    ...(fields.policy ? { policy: fields.policy } : {}),
    ...(fields.catalog ? { catalog: fields.catalog } : {}),
    ...(fields.answers ? { answers: fields.answers } : {}),
    ...(fields.assignmentId ? { assignmentId: fields.assignmentId } : {}),
  };
}

export async function* streamOf<T>(items: Iterable<T>): AsyncIterable<T> {
  for (const item of items) yield item;
}

export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}
