import type {
  DirectoryAccessPackage,
  DirectoryCatalog,
  DirectoryFile,
  DirectoryPolicy,
  DirectoryUser,
} from '../directory/directory-schema.js';
import { seededGuid, seededRandom, type RandomSource } from '../directory/seeded-random.js';
import {
  emptySchedule,
  OPEN_REQUEST_STATES,
  type AssignmentRecord,
  type AssignmentRequestRecord,
  type SubjectRecord,
} from './records.js';
import { DueQueue } from './due-queue.js';
import { advanceRequest, approveRequest, denyRequest } from './request-lifecycle.js';

export interface EmulatorStateOptions {
  clock: () => number;
  /** Time from submission to `delivered`; `delivering` is reached at half of it. */
  deliveryDelayMs: number;
  /** Seed of the ids given to new requests and assignments, so runs are reproducible. */
  idSeed: number;
  /** When set, requests waiting for approval are decided this long after they were created. */
  autoApproval: { decision: 'approve' | 'deny'; afterMs: number } | null;
}

const key = (id: string): string => id.toLowerCase();
/** When the request's next transition is due; infinite when it waits for a person or is final. */
function dueAt(request: AssignmentRequestRecord): number {
  if (request.state === 'pendingApproval') return request.decisionAt ?? Number.POSITIVE_INFINITY;
  if (request.state === 'submitted') return request.deliveringAt ?? Number.POSITIVE_INFINITY;
  if (request.state === 'delivering') return request.deliveredAt ?? Number.POSITIVE_INFINITY;
  return Number.POSITIVE_INFINITY;
}

const holderKey = (targetId: string, accessPackageId: string): string => `${key(targetId)}|${key(accessPackageId)}`;

/**
 * The emulated tenant: the directory (read-only), assignments and assignment requests. Time-driven
 * transitions are applied lazily by `advance()` from the injected clock, so no timer runs and a test
 * that moves its clock sees exact states.
 */
export class EmulatorState {
  readonly options: EmulatorStateOptions;
  private readonly directory: DirectoryFile;
  readonly users = new Map<string, DirectoryUser>();
  private readonly usersByName = new Map<string, DirectoryUser>();
  readonly catalogs = new Map<string, DirectoryCatalog>();
  readonly accessPackages = new Map<string, DirectoryAccessPackage>();
  readonly policies = new Map<string, DirectoryPolicy>();
  readonly subjects = new Map<string, SubjectRecord>();
  readonly assignments = new Map<string, AssignmentRecord>();
  readonly requests = new Map<string, AssignmentRequestRecord>();
  /** The open request of each `targetId|accessPackageId` (there is at most one: a second is refused). */
  private readonly openRequests = new Map<string, AssignmentRequestRecord>();
  private readonly agenda = new DueQueue<AssignmentRequestRecord>();
  /** Assignments by `targetId|accessPackageId`, so duplicate checks stay O(1) in a tenant of 100k assignments. */
  private readonly assignmentsByHolder = new Map<string, AssignmentRecord[]>();
  private random: RandomSource;

  constructor(directory: DirectoryFile, options: EmulatorStateOptions) {
    this.directory = directory;
    this.options = options;
    this.random = seededRandom(options.idSeed);
    this.load();
  }

  get tenantId(): string {
    return this.directory.tenantId;
  }

  get clients(): DirectoryFile['clients'] {
    return this.directory.clients;
  }

  now(): number {
    return this.options.clock();
  }

  newId(): string {
    return seededGuid(this.random);
  }

  /** Back to the directory as loaded: created requests and assignments are gone, ids start again. */
  reset(): void {
    this.random = seededRandom(this.options.idSeed);
    this.load();
  }

  private load(): void {
    for (const map of [this.users, this.usersByName, this.catalogs, this.accessPackages, this.policies]) map.clear();
    this.subjects.clear();
    this.assignments.clear();
    this.assignmentsByHolder.clear();
    this.requests.clear();
    this.openRequests.clear();
    this.agenda.clear();
    for (const user of this.directory.users) {
      this.users.set(key(user.id), user);
      this.usersByName.set(user.userPrincipalName.toLowerCase(), user);
      if (user.mail) this.usersByName.set(user.mail.toLowerCase(), user);
      this.subjects.set(key(user.id), {
        objectId: user.id,
        displayName: user.displayName,
        email: user.mail ?? null,
        principalName: user.userPrincipalName,
      });
    }
    for (const catalog of this.directory.catalogs) this.catalogs.set(key(catalog.id), catalog);
    for (const pkg of this.directory.accessPackages) this.accessPackages.set(key(pkg.id), pkg);
    for (const policy of this.directory.assignmentPolicies) this.policies.set(key(policy.id), policy);
    for (const assignment of this.directory.assignments) {
      this.addAssignment({
        id: assignment.id,
        accessPackageId: assignment.accessPackageId,
        assignmentPolicyId: assignment.assignmentPolicyId,
        targetId: assignment.targetId,
        state: 'delivered',
        status: 'Delivered',
        schedule: { ...emptySchedule(), startDateTime: assignment.startDateTime ?? '2024-01-01T00:00:00Z' },
        expiredDateTime: null,
      });
    }
  }

  findUser(idOrName: string): DirectoryUser | undefined {
    return this.users.get(key(idOrName)) ?? this.usersByName.get(idOrName.toLowerCase());
  }

  policiesOf(accessPackageId: string): DirectoryPolicy[] {
    return [...this.policies.values()].filter((p) => key(p.accessPackageId) === key(accessPackageId));
  }

  /** Applies every transition whose time has come; costs nothing until the next one is due. */
  advance(): void {
    const now = this.now();
    while (this.agenda.peekTime() <= now) {
      const entry = this.agenda.pop();
      if (entry === undefined) break;
      const request = entry.item;
      // A request decided by hand since it was queued has a new time; this entry is stale.
      if (dueAt(request) !== entry.at) continue;
      advanceRequest(this, request, now);
      this.track(request);
    }
  }

  /** Registers a request whose times are set (scheduled delivery, or waiting for approval). */
  addRequest(request: AssignmentRequestRecord): void {
    this.requests.set(key(request.id), request);
    this.track(request);
  }

  private track(request: AssignmentRequestRecord): void {
    const holder = holderKey(request.targetId, request.accessPackageId);
    if (!OPEN_REQUEST_STATES.some((s) => s === request.state)) {
      if (this.openRequests.get(holder) === request) this.openRequests.delete(holder);
      return;
    }
    this.openRequests.set(holder, request);
    const at = dueAt(request);
    if (at !== Number.POSITIVE_INFINITY) this.agenda.push(at, request);
  }

  addAssignment(assignment: AssignmentRecord): void {
    this.assignments.set(key(assignment.id), assignment);
    const holder = holderKey(assignment.targetId, assignment.accessPackageId);
    const list = this.assignmentsByHolder.get(holder);
    if (list === undefined) this.assignmentsByHolder.set(holder, [assignment]);
    else list.push(assignment);
  }

  /** The open request (submitted, pendingApproval, delivering, scheduled) for that user and package. */
  findOpenRequest(targetId: string, accessPackageId: string): AssignmentRequestRecord | undefined {
    this.advance();
    return this.openRequests.get(holderKey(targetId, accessPackageId));
  }

  /** The assignment the user holds in that package (delivered or being delivered), if any. */
  findActiveAssignment(targetId: string, accessPackageId: string): AssignmentRecord | undefined {
    return this.assignmentsByHolder
      .get(holderKey(targetId, accessPackageId))
      ?.find((assignment) => assignment.state === 'delivered' || assignment.state === 'delivering');
  }

  /** Decides a request waiting for approval; false when it is not waiting. */
  decide(requestId: string, decision: 'approve' | 'deny'): boolean {
    this.advance();
    const request = this.requests.get(key(requestId));
    if (request === undefined || request.state !== 'pendingApproval') return false;
    if (decision === 'approve') approveRequest(this, request, this.now());
    else denyRequest(request, this.now());
    this.track(request);
    return true;
  }

  /** What `GET /_emulator/state` returns. */
  snapshot(): { assignments: AssignmentRecord[]; requests: AssignmentRequestRecord[] } {
    this.advance();
    return { assignments: [...this.assignments.values()], requests: [...this.requests.values()] };
  }
}
