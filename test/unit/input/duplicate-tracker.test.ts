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
    for (let i = 1; i <= 100_000; i++) tracker.firstSeen(`user${i}@contoso.com|pkg|add`, { file: i <= 60_000 ? 'first.csv' : 'second.csv', line: i + 1 });
    expect(tracker.count).toBe(100_000);
    expect(tracker.firstSeen('user1@contoso.com|pkg|add', { file: 'c.csv', line: 1 })).toEqual({ file: 'first.csv', line: 2 });
    expect(tracker.firstSeen('user60000@contoso.com|pkg|add', { file: 'c.csv', line: 2 })).toEqual({ file: 'first.csv', line: 60_001 });
    expect(tracker.firstSeen('user77778@contoso.com|pkg|add', { file: 'c.csv', line: 3 })).toEqual({ file: 'second.csv', line: 77_779 });
    expect(tracker.firstSeen('user100001@contoso.com|pkg|add', { file: 'c.csv', line: 4 })).toBeUndefined();
  });

  it('tells files apart when the same file comes again or files interleave', () => {
    const tracker = new DuplicateTracker();
    const seen = (key: string, file: string, line: number) => tracker.firstSeen(key, { file, line });
    expect(seen('k1', 'a.csv', 5)).toBeUndefined();
    expect(seen('k2', 'a.csv', 9)).toBeUndefined();
    expect(seen('k3', 'b.csv', 2)).toBeUndefined();
    expect(seen('k4', 'a.csv', 3)).toBeUndefined();
    expect(seen('k5', 'a.csv', 1)).toBeUndefined();
    expect([seen('k1', 'z.csv', 1), seen('k2', 'z.csv', 2), seen('k3', 'z.csv', 3), seen('k4', 'z.csv', 4), seen('k5', 'z.csv', 5)]).toEqual([
      { file: 'a.csv', line: 5 },
      { file: 'a.csv', line: 9 },
      { file: 'b.csv', line: 2 },
      { file: 'a.csv', line: 3 },
      { file: 'a.csv', line: 1 },
    ]);
  });

  it('hashes to 64 bits that differ for near keys', () => {
    expect(hash64('a|b|add')).toEqual(hash64('a|b|add'));
    expect(hash64('a|b|add')).not.toEqual(hash64('a|b|adc'));
    const seen = new Set<string>();
    for (let i = 0; i < 200_000; i++) seen.add(hash64(`u${i}|p|add`).join(':'));
    expect(seen.size).toBe(200_000);
  });
});
