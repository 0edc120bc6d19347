import Database from 'better-sqlite3';
import { join } from 'node:path';
import { startEmulator, type RunningEmulator } from '../../../src/emulator/start-emulator.js';
import type { EmulatorOptions } from '../../../src/emulator/emulator-options.js';
import type { LoggedRequest } from '../../../src/emulator/http/request-log.js';
import { projectRoot } from './run-cli.js';

export const ASSIGNMENT_REQUESTS = '/identityGovernance/entitlementManagement/assignmentRequests';
export const SAMPLE_DIRECTORY = join(projectRoot, 'samples/directory.json');

/** The emulator a test talks to, and what a CLI run against it needs. */
export interface TestEmulator {
  emulator: RunningEmulator;
  /** Flags for `run`/`resume` against this emulator, writing into `dir`. */
  connectionArgs: string[];
  /** Flags naming the state database, reports and log in `dir`. */
  stateArgs: string[];
  env: Record<string, string>;
  secret: string;
  dbPath: string;
  reportDir: string;
  logFile: string;
}

/** Starts the emulator on the sample tenant (port 0, in-process) and lays out a run's files in `dir`. */
export async function startTestEmulator(dir: string, options: EmulatorOptions = {}): Promise<TestEmulator> {
  const emulator = await startEmulator({ directoryPath: SAMPLE_DIRECTORY, port: 0, httpPort: 0, ...options });
  const client = emulator.clients[0];
  if (client?.clientSecret === undefined) throw new Error('expected the sample tenant to have a client with a secret');
  const dbPath = join(dir, 'state.db');
  const reportDir = join(dir, 'reports');
  const logFile = join(dir, 'run.log');
  return {
    emulator,
    connectionArgs: [
      '--tenant', emulator.tenantId,
      '--client-id', client.clientId,
      '--graph-url', emulator.graphUrl,
      '--authority-host', emulator.authorityHost,
      '--ca-file', emulator.caCertPath,
    ],
    stateArgs: ['--db', dbPath, '--report-dir', reportDir, '--log-file', logFile, '--no-progress'],
    env: { AZURE_CLIENT_SECRET: client.clientSecret },
    secret: client.clientSecret,
    dbPath,
    reportDir,
    logFile,
  };
}

/** Polls `condition` until it holds; fails with `what` after `timeoutMs` (a generous bound, not a speed assumption). */
export async function waitFor<T>(condition: () => T | undefined | false | Promise<T | undefined | false>, what: string, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await condition();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** POSTs of assignment requests the emulator received (outside `$batch` too), in arrival order. */
export function assignmentPosts(emulator: RunningEmulator): LoggedRequest[] {
  return emulator.requests().filter((entry) => entry.method === 'POST' && entry.path.endsWith(ASSIGNMENT_REQUESTS));
}

/** The POSTs that created a request (whether or not the client heard the answer). */
export function creatingPosts(emulator: RunningEmulator): LoggedRequest[] {
  return assignmentPosts(emulator).filter((entry) => entry.actions.some((action) => action.startsWith('created request ')));
}

/** `target|package|requestType` of every request the emulator holds, with how many times each was created. */
export function requestsCreatedPerRow(emulator: RunningEmulator): Map<string, number> {
  const counts = new Map<string, number>();
  for (const request of emulator.state.snapshot().requests) {
    const key = `${request.targetId}|${request.accessPackageId}|${request.requestType}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/** Keys created more than once: what "no assignment request created twice" forbids. */
export function duplicateRequests(emulator: RunningEmulator): string[] {
  return [...requestsCreatedPerRow(emulator)].filter(([, n]) => n > 1).map(([key, n]) => `${key} x${n}`);
}

/**
 * Calls `hook` synchronously each time the emulator stores a new assignment request, before the answer is written
 * to the socket. A hook that SIGKILLs the CLI makes the exact window "Graph carried it out, the client never heard".
 */
export function onRequestCreated(emulator: RunningEmulator, hook: (requestId: string) => void): void {
  const state = emulator.state;
  const original = state.addRequest.bind(state);
  state.addRequest = (request) => {
    original(request);
    hook(request.id);
  };
}

export interface DbRow {
  seq: number;
  file: string;
  line: number;
  phase: string;
  outcome: string | null;
  reason: string | null;
  request_id: string | null;
  attempts: number;
}

/** The rows of the newest run (or `runId`) read straight from the state database, in input order; [] before any. */
export function readRows(dbPath: string, runId?: string): DbRow[] {
  let db: Database.Database;
  try {
    db = new Database(dbPath, { readonly: true, fileMustExist: true });
  } catch {
    return [];
  }
  try {
    db.pragma('busy_timeout = 5000');
    const id = runId ?? db.prepare<[], { id: string }>('SELECT id FROM runs ORDER BY created_at DESC, id DESC LIMIT 1').get()?.id;
    if (id === undefined) return [];
    return db
      .prepare<[string], DbRow>('SELECT seq, file, line, phase, outcome, reason, request_id, attempts FROM rows WHERE run_id = ? ORDER BY seq')
      .all(id);
  } catch {
    // The schema may not exist yet while the CLI creates it.
    return [];
  } finally {
    db.close();
  }
}

/** Calls `onArrival` synchronously as each call is logged on arrival, before the emulator handles it. */
export function onArrival(emulator: RunningEmulator, onArrivalHook: (entry: LoggedRequest, earlier: readonly LoggedRequest[]) => void): void {
  const list = emulator.requests();
  const push = list.push.bind(list);
  list.push = (...entries: LoggedRequest[]) => {
    for (const entry of entries) onArrivalHook(entry, list);
    return push(...entries);
  };
}

/**
 * Resolves once the emulator has finished every Graph call it received (answered, or carried out for a dead client)
 * and no new call has arrived for `quietMs`: bytes a killed client wrote before it died can still be read after.
 */
export async function graphCallsSettled(emulator: RunningEmulator, quietMs = 300): Promise<true> {
  let seen = -1;
  let since = Date.now();
  return waitFor(() => {
    const log = emulator.requests();
    if (log.length !== seen) {
      seen = log.length;
      since = Date.now();
    }
    const finished = log.every((entry) => !/^\/(v1\.0|beta)\//.test(entry.path) || entry.status !== null || entry.actions.includes('fault: reset-before'));
    return finished && Date.now() - since >= quietMs;
  }, 'the emulator to finish the calls it received');
}

/** The newest run's status and how many rows it holds so far, read straight from the state database. */
export function readRun(dbPath: string): { id: string; status: string; rows: number } | undefined {
  let db: Database.Database;
  try {
    db = new Database(dbPath, { readonly: true, fileMustExist: true });
  } catch {
    return undefined;
  }
  try {
    db.pragma('busy_timeout = 5000');
    return db
      .prepare<[], { id: string; status: string; rows: number }>(
        'SELECT r.id, r.status, (SELECT COUNT(*) FROM rows WHERE run_id = r.id) AS rows FROM runs r ORDER BY created_at DESC, id DESC LIMIT 1',
      )
      .get();
  } catch {
    return undefined;
  } finally {
    db.close();
  }
}
