import type { RequestType, UserRef, ValidRow } from '../core/domain.js';
import { resolveOffline, type ResolvedTargets } from '../plan/index.js';
import { PackageIndexes } from './assignment-index.js';
import type { GraphClient } from './graph-client.js';
import { PackageLookups, type PackageSummary } from './package-lookup.js';
import { checkAnswers, choosePolicy, PolicyQuestionLookups } from './policy-lookup.js';
import { CachedLookups, createMemoryResolutionCache, type ResolutionCache } from './resolution-cache.js';
import { UserLookups } from './user-lookup.js';

/** Options of {@link NameResolver}. */
export interface NameResolverOptions {
  client: GraphClient;
  /** Where resolved names are kept for the run. @default in memory */
  cache?: ResolutionCache;
  /** `--invite`: an `adminAdd` for a user not in the directory goes to `target.email`. @default false */
  invite?: boolean;
}

/** What a row's names resolved to, or why they did not. */
export type RowResolution =
  | { kind: 'resolved'; resolved: ResolvedTargets }
  | { kind: 'not-found'; reason: string }
  | { kind: 'invalid'; reason: string }
  /** An update or removal of an assignment the user does not hold (or not yet: a request for it is open). */
  | { kind: 'skipped'; reason: 'not-assigned' | 'open-request'; detail: string; resolved: ResolvedTargets };

const ADDS: ReadonlySet<RequestType> = new Set(['adminAdd', 'userAdd']);
const CHANGES: ReadonlySet<RequestType> = new Set(['adminRemove', 'adminUpdate', 'userRemove', 'userUpdate']);

/**
 * Turns the names in rows into Graph ids, each asked once per run: users through `$batch` ({@link prefetchUsers}),
 * packages by name with their policies, the questions of each policy, and the delivered assignments of each
 * package as one paged list.
 */
export class NameResolver {
  readonly users: UserLookups;
  readonly packages: PackageLookups;
  readonly questions: PolicyQuestionLookups;
  readonly indexes: PackageIndexes;
  private readonly invite: boolean;

  constructor(options: NameResolverOptions) {
    const cache = new CachedLookups(options.cache ?? createMemoryResolutionCache());
    this.users = new UserLookups(options.client, cache);
    this.packages = new PackageLookups(options.client, cache);
    this.questions = new PolicyQuestionLookups(options.client, cache);
    this.indexes = new PackageIndexes(options.client);
    this.invite = options.invite ?? false;
  }

  /** Looks up, 20 per `$batch`, the users of these rows that are named by UPN or email and not known yet. */
  async prefetchUsers(rows: Iterable<ValidRow>): Promise<void> {
    const names: string[] = [];
    for (const row of rows) {
      const name = userName(row.user);
      if (name !== undefined) names.push(name);
    }
    await this.users.prefetch(names);
  }

  /** The row's UPN or email (lower-cased) when no lookup answered it yet. */
  unknownUserName(row: ValidRow): string | undefined {
    const name = userName(row.user);
    return name !== undefined && this.users.peek(name) === undefined ? name.toLowerCase() : undefined;
  }

  /**
   * Tells the resolver the run sent a request for this row's target and package, so later rows for the same pair
   * are checked against Graph as it is then rather than against the lists read before.
   */
  noteSent(row: ValidRow, resolved: ResolvedTargets): void {
    const target = resolved.userId ?? userName(row.user);
    if (resolved.accessPackageId !== undefined && target !== undefined) this.indexes.noteChanged(resolved.accessPackageId, target);
  }

  async resolveRow(row: ValidRow): Promise<RowResolution> {
    const resolved: ResolvedTargets = resolveOffline(row);

    const name = userName(row.user);
    if (name !== undefined) {
      const user = await this.users.lookup(name);
      if (user.kind === 'found') resolved.userId = user.id;
      else if (!(this.invite && row.requestType === 'adminAdd')) {
        return { kind: 'not-found', reason: `user "${name}" is not in the directory${row.requestType === 'adminAdd' ? ' (use --invite to invite them by email)' : ''}` };
      }
    }

    const needsPolicy = ADDS.has(row.requestType);
    let pkg: PackageSummary | undefined;
    if (row.accessPackage && (row.accessPackage.kind === 'name' || (needsPolicy && row.policy?.kind !== 'id'))) {
      const lookup = await this.packages.lookup(row.accessPackage, row.catalog);
      if (lookup.kind === 'not-found') return { kind: 'not-found', reason: lookup.reason };
      if (lookup.kind === 'ambiguous') return { kind: 'invalid', reason: lookup.reason };
      pkg = lookup.accessPackage;
      resolved.accessPackageId = pkg.id;
    }

    if (needsPolicy && resolved.accessPackageId !== undefined && pkg !== undefined) {
      const choice = choosePolicy(pkg, row.policy);
      if (choice.kind !== 'found') return { kind: choice.kind, reason: choice.reason };
      resolved.policyId = choice.policyId;
    }

    const answersMatter = needsPolicy || (row.answers?.length ?? 0) > 0;
    if (resolved.policyId !== undefined && answersMatter) {
      const questions = await this.questions.questionsOf(resolved.policyId);
      if (questions === undefined) return { kind: 'not-found', reason: `assignment policy ${resolved.policyId} does not exist` };
      // Required questions bind new assignments; an update only has to answer what it answers correctly.
      const checked = checkAnswers(needsPolicy ? questions : questions.map((q) => ({ ...q, isRequired: false })), row.answers);
      if (checked.kind === 'invalid') return checked;
      resolved.questionKinds = checked.questionKinds;
    }

    if (CHANGES.has(row.requestType) && resolved.assignmentId === undefined && resolved.userId !== undefined && resolved.accessPackageId !== undefined) {
      const assignmentId = await this.indexes.deliveredAssignmentOf(resolved.accessPackageId, resolved.userId);
      if (assignmentId === undefined) {
        const openRequest = await this.indexes.openRequestOf(resolved.accessPackageId, resolved.userId);
        if (openRequest !== undefined) {
          return { kind: 'skipped', reason: 'open-request', detail: `request ${openRequest} for this user and access package is still open`, resolved };
        }
        return { kind: 'skipped', reason: 'not-assigned', detail: `user ${name ?? resolved.userId} holds no delivered assignment of access package ${pkg?.displayName ?? resolved.accessPackageId}`, resolved };
      }
      resolved.assignmentId = assignmentId;
    }
    return { kind: 'resolved', resolved };
  }
}

/** The UPN or email a row names its user by; undefined for an object id or no user. */
function userName(user: UserRef | undefined): string | undefined {
  if (user?.kind === 'upn') return user.upn;
  if (user?.kind === 'email') return user.email;
  return undefined;
}
