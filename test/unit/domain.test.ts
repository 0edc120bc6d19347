import { describe, expect, it } from 'vitest';
import { formatRowRef, ROW_OUTCOMES } from '../../src/core/domain.js';
import { ExitCode } from '../../src/core/exit-codes.js';

describe('domain vocabulary', () => {
  it('names a row FILE:LINE', () => {
    expect(formatRowRef({ file: 'samples/migration.csv', line: 12 })).toBe('samples/migration.csv:12');
  });

  it('lists the outcomes of SPEC section 5, each once', () => {
    expect(ROW_OUTCOMES).toEqual([
      'submitted', 'delivered', 'pending-approval', 'denied', 'delivery-failed', 'partially-delivered',
      'canceled', 'scheduled', 'timed-out', 'skipped', 'invalid', 'not-found', 'failed', 'gave-up',
    ]);
  });

  it('keeps the exit codes of SPEC section 5', () => {
    expect(ExitCode).toEqual({ Ok: 0, SomeRowsFailed: 1, BadInput: 2, SignInFailed: 3, Resumable: 4, Interrupted: 130 });
  });
});
