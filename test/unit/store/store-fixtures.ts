import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import type { ValidRow } from '../../../src/core/domain.js';
import { openStore, type OpenStoreOptions, type Store } from '../../../src/store/open-store.js';
import type { RowInput } from '../../../src/store/store-types.js';

/** A fresh temp directory per call, removed after the test. */
export function useTempDirs(): () => string {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  return () => {
    const dir = mkdtempSync(join(tmpdir(), 'apbatch-store-'));
    dirs.push(dir);
    return dir;
  };
}

/** Opens a store in a fresh temp dir and closes it after the test. */
export function useStore(): (options?: OpenStoreOptions) => Store {
  const tempDir = useTempDirs();
  const stores: Store[] = [];
  afterEach(() => {
    for (const store of stores.splice(0)) store.close();
  });
  return (options) => {
    const store = openStore(join(tempDir(), 'apbatch.db'), options);
    stores.push(store);
    return store;
  };
}

/** A clock that starts at `start` and moves only when told. */
export function manualClock(start = '2026-11-28T10:00:00.000Z'): { now: () => Date; advance: (ms: number) => void } {
  let current = Date.parse(start);
  return { now: () => new Date(current), advance: (ms) => void (current += ms) };
}

export function validRow(line: number, overrides: Partial<ValidRow> = {}, file = 'in.csv'): ValidRow {
  const upn = `user${line}@contoso.com`;
  return {
    ref: { file, line },
    key: `${upn}|sales|add`,
    action: 'add',
    requestType: 'adminAdd',
    user: { kind: 'upn', upn },
    accessPackage: { kind: 'name', name: 'Sales' },
    expiration: { type: 'policyDefault' },
    cells: { action: 'add', user: upn, accessPackage: 'Sales' },
    ...overrides,
  };
}

export function validInput(line: number, overrides: Partial<ValidRow> = {}, file = 'in.csv'): RowInput {
  return { kind: 'valid', row: validRow(line, overrides, file) };
}

export function newRun(store: Store, id = '20261128-100000-aaaa'): string {
  return store.createRun({ id, options: { rate: 5 }, apiVersion: 'v1.0', graphUrl: 'https://graph.microsoft.com', tenant: 'contoso' }).id;
}
