import type { SkipReason, ValidRow } from '../core/domain.js';
import { buildAssignmentRequest, type AssignmentRequestBody, type PlanOptions, type ResolvedTargets } from '../plan/index.js';
import type { NameResolver } from './name-resolver.js';
import { checkExisting } from './skip-existing.js';

/** Options of {@link prepareRow}. */
export interface PrepareRowOptions {
  resolver: NameResolver;
  plan: PlanOptions;
  /** The pre-check of SPEC section 4; `--no-skip-existing` turns it off. @default true */
  skipExisting?: boolean;
}

/** A row ready to send, or settled without sending. */
export type PreparedRow =
  | { kind: 'send'; body: AssignmentRequestBody; resolved: ResolvedTargets }
  | { kind: 'skipped'; reason: SkipReason; detail: string; resolved: ResolvedTargets | undefined }
  | { kind: 'not-found' | 'invalid'; reason: string };

/**
 * Resolves a row's names, builds its body and runs the skip-existing pre-check: what the orchestrator and the
 * online `plan` do for each row before a POST. A row returned as `send` marks its user and package as changed
 * (see `NameResolver.noteSent`), so a later row for the same pair is checked against Graph afresh.
 */
export async function prepareRow(row: ValidRow, options: PrepareRowOptions): Promise<PreparedRow> {
  const resolution = await options.resolver.resolveRow(row);
  if (resolution.kind === 'not-found' || resolution.kind === 'invalid') return resolution;
  if (resolution.kind === 'skipped') return { kind: 'skipped', reason: resolution.reason, detail: resolution.detail, resolved: resolution.resolved };
  const plan = buildAssignmentRequest(row, resolution.resolved, options.plan);
  // Online every lookup has been made: what still needs one cannot be sent.
  if (plan.kind !== 'body') return { kind: 'invalid', reason: plan.reason };
  if (options.skipExisting ?? true) {
    const skip = await checkExisting(row, resolution.resolved, options.resolver.indexes);
    if (skip) return { kind: 'skipped', reason: skip, detail: describeSkip(skip), resolved: resolution.resolved };
  }
  // From here on this pair may change in Graph: a later row for it must not trust the lists read before.
  options.resolver.noteSent(row, resolution.resolved);
  return { kind: 'send', body: plan.body, resolved: resolution.resolved };
}

function describeSkip(reason: SkipReason): string {
  switch (reason) {
    case 'already-assigned':
      return 'the user already holds a delivered assignment of this access package';
    case 'not-assigned':
      return 'the user holds no delivered assignment of this access package';
    case 'open-request':
      return 'a request for this user and access package is already open';
    case 'duplicate':
      return 'the same user, package and action appear earlier in the input';
  }
}
