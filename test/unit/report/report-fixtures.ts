import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import type { ValidRow } from '../../../src/core/domain.js';
import { openStore, type Store } from '../../../src/store/open-store.js';

/** A store in a fresh temp dir plus a report dir beside it, both removed after the test. */
export function useReportStore(): (start?: string) => { store: Store; reportDir: string; clock: { advance(ms: number): void } } {
  const dirs: string[] = [];
  const stores: Store[] = [];
  afterEach(() => {
    for (const store of stores.splice(0)) store.close();
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  return (start = '2026-11-28T10:00:00.000Z') => {
    const dir = mkdtempSync(join(tmpdir(), 'apbatch-report-'));
    dirs.push(dir);
    let now = Date.parse(start);
    const store = openStore(join(dir, 'apbatch.db'), { clock: () => new Date(now) });
    stores.push(store);
    return { store, reportDir: join(dir, 'reports'), clock: { advance: (ms) => void (now += ms) } };
  };
}

export function row(line: number, user: string, accessPackage = 'Sales', overrides: Partial<ValidRow> = {}): ValidRow {
  return {
    ref: { file: 'in.csv', line },
    key: `${user}|${accessPackage}|add`.toLowerCase(),
    action: 'add',
    requestType: 'adminAdd',
    user: { kind: 'upn', upn: user },
    accessPackage: { kind: 'name', name: accessPackage },
    expiration: { type: 'policyDefault' },
    cells: { action: 'add', user, accessPackage },
    ...overrides,
  };
}
