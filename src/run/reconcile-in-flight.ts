import { findCreatedRequest, fingerprintOf, type GraphClient } from '../graph/index.js';
import type { RowResult, Store, StoredRow } from '../store/index.js';

export interface ReconcileContext {
  store: Pick<Store, 'inFlightRows' | 'recordResult' | 'returnToPending'>;
  client: GraphClient;
  wait: boolean;
  now: () => Date;
  /** Requests created this long before the attempt still count, as clocks differ. @default 120000 */
  clockSkewMs?: number;
  onResult?: (row: StoredRow, result: RowResult) => void;
}

export interface ReconcileSummary {
  /** Rows whose request Graph had created: now `submitted`. */
  adopted: number;
  /** Rows Graph never saw: back to pending, to be sent. */
  returned: number;
}

/**
 * Before a resumed run sends anything, each row that was in flight when the run died is looked for in Graph:
 * a request created for it is adopted, otherwise the row goes back to pending. This is what makes a `kill -9`
 * between the POST and the database write neither lose the row nor send it twice.
 */
export async function reconcileInFlight(runId: string, context: ReconcileContext): Promise<ReconcileSummary> {
  const summary: ReconcileSummary = { adopted: 0, returned: 0 };
  const skew = context.clockSkewMs ?? 120_000;
  for (const row of context.store.inFlightRows(runId)) {
    const startedAt = row.attemptStartedAt ? Date.parse(row.attemptStartedAt) : 0;
    const fingerprint = fingerprintOf(row.body, { accessPackageId: row.accessPackageId, targetId: row.userId });
    const found = await findCreatedRequest(context.client, fingerprint, startedAt - skew);
    if (found) {
      const result: RowResult = {
        outcome: 'submitted',
        reason: 'found the request created before the run stopped',
        requestId: found.id,
        requestState: found.state,
        submittedAt: found.createdDateTime ?? context.now().toISOString(),
        wait: context.wait,
      };
      context.store.recordResult(row.id, result);
      context.onResult?.(row, result);
      summary.adopted += 1;
    } else {
      context.store.returnToPending(row.id);
      summary.returned += 1;
    }
  }
  return summary;
}
