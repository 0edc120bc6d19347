import { batchGet, batchItemError } from './batch.js';
import type { GraphClient } from './graph-client.js';
import { isRecord } from './graph-error.js';
import { pathSegment } from './graph-url.js';
import type { CachedLookups } from './resolution-cache.js';

/** What a UPN or email resolved to; `not-found` is cached too, so a name is asked once per run. */
export type UserLookup = { kind: 'found'; id: string; userPrincipalName?: string; mail?: string } | { kind: 'not-found' };

const USER_QUERY = { $select: 'id,userPrincipalName,mail' };

/**
 * Resolves UPNs and emails to directory ids: many at once through `$batch` (20 a call), each asked only once
 * per run. A name that `GET /users/{name}` does not find (an email that is not a UPN) is looked for once more
 * by `mail`.
 */
export class UserLookups {
  private readonly known = new Map<string, UserLookup>();
  private readonly inFlight = new Map<string, Promise<void>>();

  constructor(
    private readonly client: GraphClient,
    private readonly cache: CachedLookups,
  ) {}

  /** The answer already known for `name`, without asking Graph. */
  peek(name: string): UserLookup | undefined {
    const key = name.toLowerCase();
    const known = this.known.get(key) ?? this.cache.read<UserLookup>('user', key);
    if (known) this.known.set(key, known);
    return known;
  }

  /** Looks up every name not known yet, 20 per `$batch` call; a name already being looked up is waited for, not asked again. */
  async prefetch(names: Iterable<string>): Promise<void> {
    const unique = [...new Set([...names].map((name) => name.toLowerCase()))].filter((name) => this.peek(name) === undefined);
    const waiting = unique.flatMap((name) => this.inFlight.get(name) ?? []);
    const wanted = unique.filter((name) => !this.inFlight.has(name));
    if (wanted.length > 0) {
      const fetching = this.fetch(wanted);
      for (const name of wanted) this.inFlight.set(name, fetching);
      waiting.push(fetching.finally(() => wanted.forEach((name) => this.inFlight.delete(name))));
    }
    await Promise.all(waiting);
  }

  private async fetch(wanted: string[]): Promise<void> {
    const byUpn = await batchGet(
      this.client,
      wanted.map((name, index) => ({ id: String(index), path: `/users/${pathSegment(name)}`, query: USER_QUERY })),
    );
    const notFoundByUpn: string[] = [];
    wanted.forEach((name, index) => {
      const result = byUpn.get(String(index));
      if (result?.status === 200 && isRecord(result.body) && typeof result.body['id'] === 'string') {
        this.remember(name, found(result.body));
      } else if (result?.status === 404 || result?.status === 400) {
        notFoundByUpn.push(name);
      } else if (result) {
        throw batchItemError(result, `/users/${pathSegment(name)}`);
      }
    });
    const byMail = await batchGet(
      this.client,
      notFoundByUpn.map((name, index) => ({ id: String(index), path: '/users', query: { $filter: `mail eq '${name.replaceAll("'", "''")}'`, ...USER_QUERY } })),
    );
    notFoundByUpn.forEach((name, index) => {
      const result = byMail.get(String(index));
      if (result === undefined) return;
      if (result.status !== 200) throw batchItemError(result, '/users');
      const users = isRecord(result.body) && Array.isArray(result.body['value']) ? result.body['value'] : [];
      const first = users.find((user): user is Record<string, unknown> => isRecord(user) && typeof user['id'] === 'string');
      // Two users sharing one mail address cannot be told apart: treat as not found rather than guess.
      this.remember(name, first && users.length === 1 ? found(first) : { kind: 'not-found' });
    });
  }

  async lookup(name: string): Promise<UserLookup> {
    await this.prefetch([name]);
    return this.peek(name) ?? { kind: 'not-found' };
  }

  private remember(name: string, lookup: UserLookup): void {
    this.known.set(name, lookup);
    this.cache.write('user', name, lookup);
  }
}

function found(user: Record<string, unknown>): UserLookup {
  return {
    kind: 'found',
    id: String(user['id']),
    ...(typeof user['userPrincipalName'] === 'string' ? { userPrincipalName: user['userPrincipalName'] } : {}),
    ...(typeof user['mail'] === 'string' ? { mail: user['mail'] } : {}),
  };
}
