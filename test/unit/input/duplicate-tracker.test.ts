import { describe, expect, it } from 'vitest';
import { DuplicateTracker, hash64 } from '../../../src/input/duplicate-tracker.js';

describe('DuplicateTracker', () => {
  it('returns where a key was first seen, across files', () => {
    const tracker = new DuplicateTracker();
    expect(tracker.firstSeen('ann@contoso.com|sales|add', { file: 'a.csv', line: 2 })).toBeUndefined();
    expect(tracker.firstSeen('bob@contoso.com|sales|add', { file: 'a.csv', line: 3 })).toBeUndefined();
    expect(tracker.firstSeen('ann@contoso.com|sales|add', { file: 'b.csv', line: 9 })).toEqual({ file: 'a.csv', line: 2 });
    expect(tracker.firstSeen('ann@contoso.com|sales|add', { file: 'b.csv', line: 12 })).toEqual({ file: 'a.csv', line: 2 });
    expect(tracker.count).toBe(2);
  });

  it('keeps every key through growth of its table', () => {
    const tracker = new DuplicateTracker();
    for (let i = 1; i <= 100_000; i++) tracker.firstSeen(`user${i}@contoso.com|pkg|add`, { file: i % 2 === 0 ? 'even.csv' : 'odd.csv', line: i });
    expect(tracker.count).toBe(100_000);
    expect(tracker.firstSeen('user1@contoso.com|pkg|add', { file: 'c.csv', line: 1 })).toEqual({ file: 'odd.csv', line: 1 });
    expect(tracker.firstSeen('user77778@contoso.com|pkg|add', { file: 'c.csv', line: 2 })).toEqual({ file: 'even.csv', line: 77778 });
    expect(tracker.firstSeen('user100001@contoso.com|pkg|add', { file: 'c.csv', line: 3 })).toBeUndefined();
  });

  it('hashes to 64 bits that differ for near keys', () => {
    expect(hash64('a|b|add')).toEqual(hash64('a|b|add'));
    expect(hash64('a|b|add')).not.toEqual(hash64('a|b|adc'));
    const seen = new Set<string>();
    for (let i = 0; i < 200_000; i++) seen.add(hash64(`u${i}|p|add`).join(':'));
    expect(seen.size).toBe(200_000);
  });
});
