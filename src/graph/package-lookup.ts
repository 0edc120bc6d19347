import type { NameOrId } from '../core/domain.js';
import type { GraphClient } from './graph-client.js';
import { isGraphError } from './graph-error.js';
import { ACCESS_PACKAGES_PATH } from './entitlement-paths.js';
import { odataString, pathSegment } from './graph-url.js';
import type { CachedLookups } from './resolution-cache.js';

export interface PolicySummary {
  id: string;
  displayName: string;
}

/** An access package with what resolution needs of it: its catalog and its policies. */
export interface PackageSummary {
  id: string;
  displayName: string;
  catalog: { id: string; displayName: string } | undefined;
  policies: PolicySummary[];
}

export type PackageLookup =
  | { kind: 'found'; accessPackage: PackageSummary }
  | { kind: 'not-found'; reason: string }
  | { kind: 'ambiguous'; reason: string };

interface PackageJson {
  id?: unknown;
  displayName?: unknown;
  catalog?: { id?: unknown; displayName?: unknown } | null;
  assignmentPolicies?: Array<{ id?: unknown; displayName?: unknown }>;
}

const PACKAGE_EXPAND = { $expand: 'assignmentPolicies,catalog' };

/**
 * Access packages by display name (`$filter=displayName eq '...'`, one call per name and run) or by id, with
 * their policies and catalog expanded so that policy names resolve without another call.
 */
export class PackageLookups {
  private readonly byName = new Map<string, Promise<PackageSummary[]>>();
  private readonly byId = new Map<string, Promise<PackageSummary | undefined>>();

  constructor(
    private readonly client: GraphClient,
    private readonly cache: CachedLookups,
  ) {}

  /** Resolves the row's `accessPackage`, using `catalog` (display name or id) to tell apart equal names. */
  async lookup(accessPackage: NameOrId, catalog?: string): Promise<PackageLookup> {
    if (accessPackage.kind === 'id') {
      const found = await this.packageById(accessPackage.id);
      return found ? { kind: 'found', accessPackage: found } : { kind: 'not-found', reason: `access package ${accessPackage.id} does not exist` };
    }
    const named = await this.packagesNamed(accessPackage.name);
    const candidates = catalog ? named.filter((pkg) => catalogMatches(pkg, catalog)) : named;
    const [only] = candidates;
    if (candidates.length === 1 && only) return { kind: 'found', accessPackage: only };
    if (candidates.length === 0) {
      const where = catalog ? ` in catalog "${catalog}"` : '';
      const elsewhere = catalog && named.length > 0 ? ` (found in: ${describeCandidates(named)})` : '';
      return { kind: 'not-found', reason: `no access package named "${accessPackage.name}"${where}${elsewhere}` };
    }
    return {
      kind: 'ambiguous',
      reason: `${candidates.length} access packages are named "${accessPackage.name}": ${describeCandidates(candidates)}; add a catalog column or use the package id`,
    };
  }

  /** By id, memoised for the run. */
  packageById(id: string): Promise<PackageSummary | undefined> {
    const key = id.toLowerCase();
    let pending = this.byId.get(key);
    if (!pending) {
      pending = this.fetchById(id);
      this.byId.set(key, pending);
    }
    return pending;
  }

  private packagesNamed(name: string): Promise<PackageSummary[]> {
    const key = name.toLowerCase();
    let pending = this.byName.get(key);
    if (!pending) {
      pending = this.fetchByName(name);
      this.byName.set(key, pending);
    }
    return pending;
  }

  private async fetchByName(name: string): Promise<PackageSummary[]> {
    const cached = this.cache.read<PackageSummary[]>('package-name', name);
    if (cached) return cached;
    const packages: PackageSummary[] = [];
    for await (const item of this.client.paginate<PackageJson>(ACCESS_PACKAGES_PATH, { $filter: `displayName eq ${odataString(name)}`, ...PACKAGE_EXPAND })) {
      const summary = toSummary(item);
      if (summary) packages.push(summary);
    }
    for (const pkg of packages) this.byId.set(pkg.id.toLowerCase(), Promise.resolve(pkg));
    this.cache.write('package-name', name, packages);
    return packages;
  }

  private async fetchById(id: string): Promise<PackageSummary | undefined> {
    const cached = this.cache.read<PackageSummary | null>('package-id', id);
    if (cached !== undefined) return cached ?? undefined;
    let summary: PackageSummary | undefined;
    try {
      summary = toSummary(await this.client.get<PackageJson>(`${ACCESS_PACKAGES_PATH}/${pathSegment(id)}`, PACKAGE_EXPAND));
    } catch (error) {
      if (!(isGraphError(error) && error.status === 404)) throw error;
    }
    this.cache.write('package-id', id, summary ?? null);
    return summary;
  }
}

function toSummary(item: PackageJson): PackageSummary | undefined {
  if (typeof item.id !== 'string') return undefined;
  const catalog = item.catalog && typeof item.catalog.id === 'string'
    ? { id: item.catalog.id, displayName: typeof item.catalog.displayName === 'string' ? item.catalog.displayName : item.catalog.id }
    : undefined;
  return {
    id: item.id,
    displayName: typeof item.displayName === 'string' ? item.displayName : item.id,
    catalog,
    policies: (item.assignmentPolicies ?? []).flatMap((policy) =>
      typeof policy.id === 'string' ? [{ id: policy.id, displayName: typeof policy.displayName === 'string' ? policy.displayName : policy.id }] : [],
    ),
  };
}

function catalogMatches(pkg: PackageSummary, catalog: string): boolean {
  const wanted = catalog.toLowerCase();
  return pkg.catalog !== undefined && (pkg.catalog.id.toLowerCase() === wanted || pkg.catalog.displayName.toLowerCase() === wanted);
}

function describeCandidates(packages: readonly PackageSummary[]): string {
  return packages.map((pkg) => `${pkg.id} (catalog "${pkg.catalog?.displayName ?? 'unknown'}")`).join(', ');
}
