import { fileURLToPath } from 'node:url';
import { startEmulator, type RunningEmulator } from '../../../src/emulator/start-emulator.js';
import type { EmulatorOptions } from '../../../src/emulator/emulator-options.js';

export const SAMPLE_DIRECTORY = fileURLToPath(new URL('../../../samples/directory.json', import.meta.url));
export const EM = '/v1.0/identityGovernance/entitlementManagement';
export const REQUESTS = `${EM}/assignmentRequests`;
/** A Graph object as a test reads it from a JSON answer. */
export type Entity = Record<string, unknown>;
export const SALES_TOOLS = 'b0000000-0000-4000-8000-000000000001';
export const FINANCE_REPORTS = 'b0000000-0000-4000-8000-000000000002';
export const DIRECT_SALES = 'd0000000-0000-4000-8000-000000000001';
export const APPROVAL_SALES = 'd0000000-0000-4000-8000-000000000002';
export const DIRECT_FINANCE = 'd0000000-0000-4000-8000-000000000003';
export const REASON_QUESTION = 'e0000000-0000-4000-8000-000000000001';
export const REGION_QUESTION = 'e0000000-0000-4000-8000-000000000002';
export const user = (n: number): string => `a0000000-0000-4000-8000-0000000000${String(n).padStart(2, '0')}`;
export const assignmentOf = (n: number): string => `f0000000-0000-4000-8000-0000000000${String(n).padStart(2, '0')}`;

/** A manual clock: tests move time themselves. */
export function manualClock(start = Date.parse('2026-01-05T10:00:00Z')): { now: () => number; advance: (ms: number) => void } {
  let current = start;
  return { now: () => current, advance: (ms) => (current += ms) };
}

/** The sample tenant with auth off, on the plain HTTP listener. */
export async function startSampleEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  return startEmulator({ directoryPath: SAMPLE_DIRECTORY, auth: false, ...options });
}

export interface Answer {
  status: number;
  headers: Headers;
  body: Record<string, unknown>;
}

export async function call(
  emulator: RunningEmulator,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const url = path.startsWith('http') ? path : `${emulator.graphHttpUrl}${path}`;
  const response = await fetch(url, {
    method,
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text.length > 0 ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

export function errorOf(answer: Answer): { code: string; message: string; details: { code: string; target: string }[] } {
  return answer.body.error as { code: string; message: string; details: { code: string; target: string }[] };
}

export const addBody = (targetId: string, accessPackageId = SALES_TOOLS, assignmentPolicyId = DIRECT_SALES): Record<string, unknown> => ({
  requestType: 'adminAdd',
  assignment: { targetId, assignmentPolicyId, accessPackageId },
});
