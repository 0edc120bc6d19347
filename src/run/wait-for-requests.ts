import { BATCH_LIMIT, getRequestStates, waitOutcomeOf, type GraphClient } from '../graph/index.js';
import type { Store, WaitResult } from '../store/index.js';

export interface WaitContext {
  store: Pick<Store, 'waitingRows' | 'recordWaitResult'>;
  client: GraphClient;
  /** A request still moving this long after it was submitted ends `timed-out`. */
  waitTimeoutMs: number;
  /** Pause between polling rounds. @default 5000 */
  pollIntervalMs?: number;
  now: () => number;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  signal?: AbortSignal;
  onResult?: (rowId: number, result: WaitResult) => void;
}

/**
 * `--wait`: polls submitted requests, 20 per `$batch` under the same limiter as everything else, until each
 * reaches a final state or its wait times out. Resumable: waiting rows live in the database, and the timeout
 * counts from each row's submission time.
 */
export async function waitForRequests(runId: string, context: WaitContext): Promise<{ stoppedEarly: boolean }> {
  const pollInterval = context.pollIntervalMs ?? 5000;
  for (;;) {
    let cursor = 0;
    let stillWaiting = 0;
    for (;;) {
      if (context.signal?.aborted) return { stoppedEarly: true };
      const rows = context.store.waitingRows(runId, BATCH_LIMIT, cursor);
      if (rows.length === 0) break;
      cursor = rows[rows.length - 1]!.seq;
      const states = await getRequestStates(
        context.client,
        rows.flatMap((row) => (row.requestId ? [row.requestId] : [])),
      );
      for (const row of rows) {
        const answer = row.requestId ? states.get(row.requestId) : undefined;
        const state = answer?.kind === 'found' ? answer.state : undefined;
        const outcome = state ? waitOutcomeOf(state) : undefined;
        let result: WaitResult | undefined;
        if (outcome) result = { outcome, requestState: state };
        else if (answer?.kind === 'missing') result = { outcome: 'canceled', reason: 'Graph no longer knows this request' };
        else if (context.now() - Date.parse(row.submittedAt ?? '') > context.waitTimeoutMs) {
          result = { outcome: 'timed-out', requestState: state, reason: `still ${state ?? 'unknown'} when the wait timed out` };
        }
        if (result) {
          context.store.recordWaitResult(row.id, result);
          context.onResult?.(row.id, result);
        } else {
          stillWaiting += 1;
        }
      }
    }
    if (stillWaiting === 0) return { stoppedEarly: false };
    await context.sleep(pollInterval, context.signal);
  }
}
