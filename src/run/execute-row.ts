import { prepareRow, sendAssignmentRequest, type GraphClient, type NameResolver } from '../graph/index.js';
import type { PlanOptions } from '../plan/index.js';
import type { RowResult, Store, StoredRow } from '../store/index.js';
import { resultOfSending, resultOfUnsentRow } from './row-results.js';

export interface RowExecutionContext {
  store: Pick<Store, 'recordPlan' | 'startSending' | 'recordResult'>;
  /** Commits a row's writes, together with those of rows at the same step (see `groupWrites`). */
  commit: {
    /** On disk before it resolves: the plan and "in flight" of a row about to be sent. */
    durable: (write: () => void) => Promise<void>;
    /** Everything else: a result lost to a power cut leaves its row in flight or pending, and resume redoes it. */
    ordinary: (write: () => void) => Promise<void>;
  };
  client: GraphClient;
  resolver: NameResolver;
  plan: PlanOptions;
  skipExisting: boolean;
  wait: boolean;
  now: () => Date;
  /** Told of every outcome, for progress and logs. */
  onResult?: (row: StoredRow, result: RowResult) => void;
}

/**
 * Carries one pending row to its outcome: resolve, build, pre-check, then (for a row to send) mark it in flight,
 * committed, before the POST leaves, and record what came back. A row settled without sending never goes in
 * flight. Anything thrown here (sign-in revoked, disk full) stops the run; the row stays resumable.
 */
export async function executeRow(stored: StoredRow, context: RowExecutionContext): Promise<void> {
  const row = stored.row;
  if (!row) throw new Error(`row ${stored.id} is pending without a parsed row`);
  const { store } = context;
  const prepared = await prepareRow(row, { resolver: context.resolver, plan: context.plan, skipExisting: context.skipExisting });
  if (prepared.kind !== 'send') {
    const plan = prepared.kind === 'skipped' ? prepared.resolved : undefined;
    return settle(stored, resultOfUnsentRow(prepared), context, () => {
      if (plan) store.recordPlan(stored.id, planOf(plan));
    });
  }
  const sent = await sendAssignmentRequest(prepared.body, {
    client: context.client,
    accessPackageId: prepared.resolved.accessPackageId,
    targetId: prepared.resolved.userId,
    beforeAttempt: async (attempt) => {
      if (attempt !== 1) return;
      // One durable commit holds both: what resume needs to find the request, and that it may exist.
      const at = context.now().toISOString();
      await context.commit.durable(() => store.startSending(stored.id, { ...planOf(prepared.resolved), body: prepared.body }, at));
    },
  });
  await settle(stored, resultOfSending(sent, { wait: context.wait, at: context.now().toISOString() }), context);
}

async function settle(stored: StoredRow, result: RowResult, context: RowExecutionContext, alsoWrite?: () => void): Promise<void> {
  await context.commit.ordinary(() => {
    alsoWrite?.();
    context.store.recordResult(stored.id, result);
  });
  context.onResult?.(stored, result);
}

function planOf(resolved: { userId?: string; accessPackageId?: string; policyId?: string; assignmentId?: string }) {
  return {
    userId: resolved.userId,
    accessPackageId: resolved.accessPackageId,
    policyId: resolved.policyId,
    assignmentId: resolved.assignmentId,
  };
}
