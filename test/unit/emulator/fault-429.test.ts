import { afterEach, describe, expect, test } from 'vitest';
import { FAULT_KINDS, FaultInjector } from '../../../src/emulator/http/fault-injector.js';
import type { RunningEmulator } from '../../../src/emulator/start-emulator.js';
import { addBody, call, errorOf, manualClock, REQUESTS, startSampleEmulator, user } from './helpers.js';

let emulator: RunningEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

const picks = (injector: FaultInjector, calls: number, method = 'GET'): string[] => {
  const faults: string[] = [];
  for (let n = 1; n <= calls; n += 1) {
    const kind = injector.pick(method);
    if (kind !== null) faults.push(`${n}:${kind}`);
  }
  return faults;
};

describe('the 429 fault kind', () => {
  test('is a fault kind, drawn first, with its exact per-call probability', () => {
    expect(FAULT_KINDS[0]).toBe('429');
    const injector = new FaultInjector({ seed: 3, probabilities: { '429': 0.2, '503': 0.1 } });
    expect(picks(injector, 20)).toEqual(['2:429', '4:429', '8:429', '9:503', '11:429', '12:429', '19:503']);
  });

  test('a fixed-position 429 still draws its random number, so the seeded faults after it do not move', () => {
    const injector = new FaultInjector({ seed: 3, probabilities: { '429': 0.2, '503': 0.1 }, onRequests: [{ nth: 1, kind: '429' }] });
    expect(picks(injector, 20)).toEqual(['1:429', '2:429', '4:429', '8:429', '9:503', '11:429', '12:429', '19:503']);
  });

  test('10% over 100,000 calls is 10,055 faults for seed 9', () => {
    const injector = new FaultInjector({ seed: 9, probabilities: { '429': 0.1, '503': 0.02 } });
    const counts = new Map<string, number>();
    for (let n = 0; n < 100_000; n += 1) {
      const kind = injector.pick('POST') ?? 'none';
      counts.set(kind, (counts.get(kind) ?? 0) + 1);
    }
    expect(Object.fromEntries(counts)).toEqual({ '429': 10_055, '503': 1_987, none: 87_958 });
  });

  test('answers 429 TooManyRequests with Retry-After and Graph error envelope, without carrying the call out', async () => {
    emulator = await startSampleEmulator({
      clock: manualClock().now,
      faults: { retryAfterSeconds: 3, onRequests: [{ nth: 1, kind: '429', method: 'POST' }] },
    });
    const answer = await call(emulator, 'POST', REQUESTS, addBody(user(20)), { 'client-request-id': 'c-1' });
    expect(answer.status).toBe(429);
    expect(answer.headers.get('retry-after')).toBe('3');
    expect(answer.headers.get('request-id')).not.toBeNull();
    expect(errorOf(answer)).toEqual({
      code: 'TooManyRequests',
      message: 'Too many requests. Please retry after the time given in Retry-After.',
      details: [],
      innerError: { date: '2026-01-05T10:00:00.000Z', 'request-id': answer.headers.get('request-id'), 'client-request-id': 'c-1' },
    });
    expect(emulator.state.snapshot().requests).toEqual([]);
    expect(emulator.requests()[0]).toMatchObject({ method: 'POST', status: 429, actions: ['fault: 429'] });

    const retry = await call(emulator, 'POST', REQUESTS, addBody(user(20)));
    expect(retry.status).toBe(201);
    expect(emulator.state.snapshot().requests.map((r) => r.targetId)).toEqual([user(20)]);
  });

  test('Retry-After is 2 seconds unless retryAfterSeconds says otherwise', async () => {
    emulator = await startSampleEmulator({ faults: { onRequests: [{ nth: 1, kind: '429' }] } });
    const answer = await call(emulator, 'GET', `/v1.0/users/${user(1)}`);
    expect([answer.status, answer.headers.get('retry-after'), errorOf(answer).code]).toEqual([429, '2', 'TooManyRequests']);
  });
});
