import { describe, expect, it } from 'vitest';
import { renewalTime } from '../../../src/graph/auth/renewal-policy.js';
import { RenewingTokenProvider, type AcquireToken } from '../../../src/graph/auth/renewing-token-provider.js';

describe('renewalTime', () => {
  it.each([
    [3600, 120],
    [1200, 120],
    [600, 60],
    [60, 6],
    [5, 1],
    [1, 0.5],
  ])('renews a %i-second token %f s before it expires', (lifetimeSeconds, marginSeconds) => {
    const acquiredAt = 1_000_000;
    const expiresAt = acquiredAt + lifetimeSeconds * 1000;
    expect(renewalTime({ acquiredAt, expiresAt })).toBe(expiresAt - marginSeconds * 1000);
  });
});

function fakeSignIn(lifetimeMs: number, clock: { now: number }) {
  const calls: { forceRefresh: boolean; at: number }[] = [];
  let pending: (() => void) | undefined;
  let gate: Promise<void> | undefined;
  let failNext = false;
  const acquire: AcquireToken = async ({ forceRefresh }) => {
    calls.push({ forceRefresh, at: clock.now });
    const name = `token-${calls.length}`;
    if (gate) await gate;
    if (failNext) {
      failNext = false;
      throw new Error('sign-in down');
    }
    return { accessToken: name, expiresAt: clock.now + lifetimeMs };
  };
  return {
    calls,
    acquire,
    hold() {
      gate = new Promise((resolve) => (pending = resolve));
    },
    release() {
      gate = undefined;
      pending?.();
    },
    failOnce() {
      failNext = true;
    },
  };
}

describe('RenewingTokenProvider', () => {
  it('keeps a token until its renewal time, then renews it before it expires', async () => {
    const clock = { now: 0 };
    const signIn = fakeSignIn(3600_000, clock);
    const provider = new RenewingTokenProvider({ kind: 'app', acquire: signIn.acquire, now: () => clock.now });
    expect(await provider.getToken()).toBe('token-1');
    clock.now = 3480_000 - 1;
    expect(await provider.getToken()).toBe('token-1');
    clock.now = 3480_000;
    expect(await provider.getToken()).toBe('token-2');
    expect(signIn.calls).toEqual([
      { forceRefresh: false, at: 0 },
      { forceRefresh: false, at: 3480_000 },
    ]);
  });

  it('serves 5-second tokens across 12 seconds, renewing each a second before it dies', async () => {
    const clock = { now: 0 };
    const signIn = fakeSignIn(5000, clock);
    const provider = new RenewingTokenProvider({ kind: 'app', acquire: signIn.acquire, now: () => clock.now });
    const issued: Record<string, number> = {};
    for (clock.now = 0; clock.now <= 12_000; clock.now += 250) {
      const token = await provider.getToken();
      issued[token] ??= clock.now;
      // The token handed out is always valid for at least another second.
      expect(issued[token]! + 5000 - clock.now).toBeGreaterThan(1000 - 250);
    }
    expect(signIn.calls.map((call) => call.at)).toEqual([0, 4000, 8000, 12_000]);
  });

  it('shares one acquisition among concurrent callers', async () => {
    const clock = { now: 0 };
    const signIn = fakeSignIn(3600_000, clock);
    const provider = new RenewingTokenProvider({ kind: 'app', acquire: signIn.acquire, now: () => clock.now });
    signIn.hold();
    const waiting = [provider.getToken(), provider.getToken(), provider.getToken()];
    signIn.release();
    expect(await Promise.all(waiting)).toEqual(['token-1', 'token-1', 'token-1']);
    expect(signIn.calls).toHaveLength(1);
  });

  it('gets a fresh token on forceRefresh and shares it with the callers that come while it is in flight', async () => {
    const clock = { now: 0 };
    const signIn = fakeSignIn(3600_000, clock);
    const provider = new RenewingTokenProvider({ kind: 'app', acquire: signIn.acquire, now: () => clock.now });
    expect(await provider.getToken()).toBe('token-1');
    signIn.hold();
    const forced = [provider.getToken({ forceRefresh: true }), provider.getToken({ forceRefresh: true }), provider.getToken()];
    signIn.release();
    expect(await Promise.all(forced)).toEqual(['token-2', 'token-2', 'token-2']);
    expect(signIn.calls.map((call) => call.forceRefresh)).toEqual([false, true]);
    expect(await provider.getToken()).toBe('token-2');
  });

  it('does not let a forced refresh wait on a plain acquisition already in flight, nor the older token win', async () => {
    const clock = { now: 0 };
    const signIn = fakeSignIn(3600_000, clock);
    const provider = new RenewingTokenProvider({ kind: 'app', acquire: signIn.acquire, now: () => clock.now });
    signIn.hold();
    const plain = provider.getToken();
    const forced = provider.getToken({ forceRefresh: true });
    signIn.release();
    expect(await Promise.all([plain, forced])).toEqual(['token-1', 'token-2']);
    expect(signIn.calls.map((call) => call.forceRefresh)).toEqual([false, true]);
    expect(await provider.getToken()).toBe('token-2');
  });

  it('does not keep a failure: the next call tries again', async () => {
    const clock = { now: 0 };
    const signIn = fakeSignIn(3600_000, clock);
    const provider = new RenewingTokenProvider({ kind: 'delegated', acquire: signIn.acquire, now: () => clock.now });
    signIn.failOnce();
    await expect(provider.getToken()).rejects.toThrow('sign-in down');
    expect(await provider.getToken()).toBe('token-2');
    expect(provider.kind).toBe('delegated');
  });
});
