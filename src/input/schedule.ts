import type { Expiration } from '../core/domain.js';
import { isDateOnly, parseDate, parseDateTime, toIsoSeconds } from './date-time.js';
import { parseDuration } from './duration.js';

/** An expiration as the row asks for it; `endMs` is set for `afterDateTime`, to compare with `start`. */
export type ParsedExpiration = { ok: true; expiration: Expiration; endMs?: number } | { ok: false; reason: string };

const EXPECTED_EXPIRATION =
  'expected empty (the policy default), never, a date 2025-07-01, a date-time with offset 2025-07-01T12:00:00+02:00, or an ISO 8601 duration such as P90D or PT12H';

/**
 * The `expiration` cell: empty is the policy default, `never` no expiration, a date the end of that day
 * (23:59:59 UTC), a date-time with offset that instant, a duration that long after delivery. A date or
 * date-time must be after `now`.
 */
export function parseExpiration(value: string | undefined, now: Date): ParsedExpiration {
  if (value === undefined || value === '') return { ok: true, expiration: { type: 'policyDefault' } };
  if (value.toLowerCase() === 'never') return { ok: true, expiration: { type: 'noExpiration' } };
  const duration = parseDuration(value);
  if (duration !== undefined) {
    return duration.ok ? { ok: true, expiration: { type: 'afterDuration', duration: duration.duration } } : duration;
  }
  const instant = isDateOnly(value) ? parseDate(value, 'endOfDay') : parseDateTime(value);
  if (instant === undefined) return { ok: false, reason: `not understood: ${EXPECTED_EXPIRATION}` };
  if (!instant.ok) return instant;
  if (instant.epochMs <= now.getTime()) {
    return { ok: false, reason: `is in the past (${instant.iso}; now is ${toIsoSeconds(now.getTime())}): expected a future date` };
  }
  return { ok: true, expiration: { type: 'afterDateTime', endDateTime: instant.iso }, endMs: instant.epochMs };
}

export type ParsedStart = { ok: true; start: string; startMs: number } | { ok: false; reason: string };

/** The `start` cell: a date (00:00:00 UTC that day) or a date-time with offset, normalised to UTC `Z`. */
export function parseStart(value: string): ParsedStart {
  const instant = isDateOnly(value) ? parseDate(value, 'startOfDay') : parseDateTime(value);
  if (instant === undefined) {
    return { ok: false, reason: `not understood: expected a date 2025-07-01 or a date-time with offset 2025-07-01T08:00:00Z` };
  }
  if (!instant.ok) return instant;
  return { ok: true, start: instant.iso, startMs: instant.epochMs };
}
