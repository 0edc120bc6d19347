import { describe, expect, it } from 'vitest';
import { parseRetryAfter } from '../../../src/graph/retry-after.js';

const headers = (values: Record<string, string>) => ({ get: (name: string) => values[name.toLowerCase()] ?? null });
const now = Date.parse('2026-11-28T10:00:00Z');

describe('parseRetryAfter', () => {
  it('reads seconds', () => {
    expect(parseRetryAfter(headers({ 'retry-after': '7' }), now)).toBe(7000);
    expect(parseRetryAfter(headers({ 'retry-after': ' 0 ' }), now)).toBe(0);
    expect(parseRetryAfter(headers({ 'retry-after': '1.5' }), now)).toBe(1500);
  });

  it('prefers retry-after-ms and x-ms-retry-after-ms over Retry-After', () => {
    expect(parseRetryAfter(headers({ 'retry-after-ms': '250', 'retry-after': '9' }), now)).toBe(250);
    expect(parseRetryAfter(headers({ 'x-ms-retry-after-ms': '1200', 'retry-after': '9' }), now)).toBe(1200);
  });

  it('reads an HTTP date as the time left until then', () => {
    expect(parseRetryAfter(headers({ 'retry-after': 'Sat, 28 Nov 2026 10:00:30 GMT' }), now)).toBe(30_000);
    expect(parseRetryAfter(headers({ 'retry-after': 'Sat, 28 Nov 2026 09:59:00 GMT' }), now)).toBe(0);
  });

  it('returns undefined when there is no usable value', () => {
    expect(parseRetryAfter(headers({}), now)).toBeUndefined();
    expect(parseRetryAfter(headers({ 'retry-after': 'soon' }), now)).toBeUndefined();
    expect(parseRetryAfter(headers({ 'retry-after': '-3' }), now)).toBeUndefined();
    expect(parseRetryAfter(headers({ 'retry-after': '5 apples' }), now)).toBeUndefined();
  });
});
