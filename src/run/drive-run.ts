import type { Logger } from 'pino';
import type { ValidRow } from '../core/domain.js';
import type { GraphClient, NameResolver, RequestLimiter } from '../graph/index.js';
import type { PlanOptions } from '../plan/index.js';
import type { RowResult, Store, StoredRow } from '../store/index.js';
import { executeRow } from './execute-row.js';
import { groupWrites } from './grouped-writes.js';
import { pumpRows } from './keyed-pump.js';
import { orderKeyOf } from './order-key.js';
import { reconcileInFlight } from './reconcile-in-flight.js';
import { RunProgress } from './run-progress.js';
import { createThrottleSampler } from './throttle-sampler.js';
import { waitForRequests } from './wait-for-requests.js';

export interface DriveRunOptions {
  store: Store;
  runId: string;
  session: { client: GraphClient; resolver: NameResolver; limiter: RequestLimiter };
  plan: PlanOptions;
  skipExisting: boolean;
  wait: boolean;
  waitTimeoutMs: number;
  /** @default 5000 */
  pollIntervalMs?: number;
  /** Rows started at once; bounds memory and keeps the limiter fed. @default 4 x concurrency, at least 16 */
  windowSize: number;
  signal: AbortSignal;
  logger: Logger;
  /** Called every second or so, and at the end, with where the run stands. */
  onProgress?: (progress: RunProgress) => void;
  now?: () => Date;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export interface DriveRunResult {
  /** True when Ctrl-C (the signal) stopped the run before every row had its outcome. */
  interrupted: boolean;
}

/**
 * Runs a loaded run to its end, or as far as it can: rows that were in flight when a previous process died
 * are reconciled first, then every pending row is processed, then (with `--wait`) submitted requests are
 * polled to a final state. Every step is checkpointed in the store, so this same function also resumes.
 */
export async function driveRun(options: DriveRunOptions): Promise<DriveRunResult> {
  const { store, runId, logger } = options;
  const now = options.now ?? (() => new Date());
  const progress = new RunProgress(store.countOutcomes(runId), () => now().getTime());
  const sampleThrottling = createThrottleSampler(
    () => options.session.limiter.stats,
    (event) => store.addEvent(runId, event),
  );
  // A row's line holds only the fields below, none of them a secret, so it skips redaction: at thousands of rows
  // a second, matching the redacted paths cost three times as much as writing the line.
  const rowLogger = logger.child({}, { redact: [] });
  const onResult = (row: StoredRow, result: RowResult) => {
    progress.settled(result.outcome);
    rowLogger.info({ row: `${row.ref.file}:${row.ref.line}`, outcome: result.outcome, reason: result.reason, requestId: result.requestId, httpStatus: result.httpStatus, errorCode: result.errorCode }, 'row settled');
  };
  const transaction = (work: () => void) => store.transaction(work);
  const commit = { durable: groupWrites(transaction, () => store.syncToDisk()), ordinary: groupWrites(transaction) };
  const ticker = setInterval(() => {
    sampleThrottling();
    options.onProgress?.(progress);
  }, 1000);
  ticker.unref();
  try {
    store.setRunStatus(runId, 'running');
    const reconciled = await reconcileInFlight(runId, { store, client: options.session.client, wait: options.wait, now, onResult });
    if (reconciled.adopted + reconciled.returned > 0) logger.info(reconciled, 'reconciled rows that were in flight');

    const lookingAhead = new Set<Promise<void>>();
    const pumped = await pumpRows({
      fetchPending: (afterSeq, limit) => {
        const rows = store.nextPendingRows(runId, Number.isFinite(afterSeq) ? afterSeq : 0, limit);
        // Not awaited: a row whose names are known starts at once, a row that needs a look-up waits for that one
        // (each is asked once and shared), and a look-up that fails fails the rows that need it, in their place.
        const names = prefetchNames(options.session.resolver, rows.flatMap((stored) => (stored.row ? [stored.row] : [])), options.skipExisting).finally(() =>
          lookingAhead.delete(names),
        );
        lookingAhead.add(names);
        return rows.map((stored) => ({ seq: stored.seq, key: orderKeyOf(stored.key, stored.seq), stored }));
      },
      executeRow: ({ stored }) =>
        executeRow(stored, {
          store,
          commit,
          client: options.session.client,
          resolver: options.session.resolver,
          plan: options.plan,
          skipExisting: options.skipExisting,
          wait: options.wait,
          now,
          onResult,
        }),
      windowSize: options.windowSize,
      signal: options.signal,
    }).finally(() => Promise.all(lookingAhead));
    if (pumped.stoppedEarly) return { interrupted: true };

    if (options.wait) {
      store.setRunStatus(runId, 'waiting');
      const waited = await waitForRequests(runId, {
        store,
        client: options.session.client,
        waitTimeoutMs: options.waitTimeoutMs,
        pollIntervalMs: options.pollIntervalMs,
        now: () => now().getTime(),
        sleep: options.sleep ?? abortableSleep,
        signal: options.signal,
        onResult: (_rowId, result) => progress.waited(result.outcome),
      });
      if (waited.stoppedEarly) return { interrupted: true };
    }
    return { interrupted: false };
  } finally {
    clearInterval(ticker);
    sampleThrottling();
    options.onProgress?.(progress);
  }
}

/**
 * Starts every look-up the next rows will need, each once: their users 20 per `$batch`, each package by name with
 * its policies and the questions of the policy, and (with the skip-existing pre-check) the package's delivered
 * assignments and open requests. The lists need only the package, so they are read beside the users and the
 * questions rather than after them: each step of a chain of look-ups waits its turn behind the requests already
 * queued in the limiter. Never rejects, and settles once every look-up it started has: a look-up that failed is
 * not kept, and the rows that need it ask again and fail in their place.
 */
async function prefetchNames(resolver: NameResolver, rows: readonly ValidRow[], skipExisting: boolean): Promise<void> {
  const firstOfPackage = new Map<string, ValidRow>();
  for (const row of rows) {
    const cut = row.key.lastIndexOf('|');
    const packageKey = `${row.key.slice(row.key.indexOf('|') + 1, cut)}|${row.policy?.kind === 'id' ? row.policy.id : (row.policy?.name ?? '')}`;
    if (!firstOfPackage.has(packageKey)) firstOfPackage.set(packageKey, row);
  }
  const packages = [...firstOfPackage.values()];
  const lists = skipExisting ? packages.map((row) => readPackageLists(resolver, row)) : [];
  // Results land in the resolver's cache; each row still resolves (from it) when it runs.
  const resolved = resolver.prefetchUsers(rows).then(() => Promise.allSettled(packages.map((row) => resolver.resolveRow(row))));
  await Promise.allSettled([resolved, ...lists]);
}

/**
 * Reads the lists the skip-existing pre-check will read for the row's package: once per package and run (see
 * PackageIndexes), and a pair this run changes is checked afresh anyway, so reading them early changes no answer.
 */
async function readPackageLists(resolver: NameResolver, row: ValidRow): Promise<void> {
  const accessPackage = row.accessPackage;
  if (accessPackage === undefined) return;
  let accessPackageId = accessPackage.kind === 'id' ? accessPackage.id : undefined;
  if (accessPackage.kind === 'name') {
    const lookup = await resolver.packages.lookup(accessPackage, row.catalog);
    if (lookup.kind === 'found') accessPackageId = lookup.accessPackage.id;
  }
  if (accessPackageId === undefined) return;
  await Promise.all([resolver.indexes.deliveredAssignments(accessPackageId), resolver.indexes.openRequests(accessPackageId)]);
}

/** Resolves after `ms`, or at once when the signal aborts. */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

