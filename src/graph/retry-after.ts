/** Anything that answers `get(name)` like the Fetch API's `Headers`. */
export interface HeaderReader {
  get(name: string): string | null;
}

/**
 * How long the server asked us to wait, in milliseconds, or `undefined` when it did not say.
 * Reads `retry-after-ms` and `x-ms-retry-after-ms` first (milliseconds), then `Retry-After` as seconds or as an
 * HTTP date, the way Azure core's `getRetryAfterInMs` does. A date in the past means "no wait" (0).
 */
export function parseRetryAfter(headers: HeaderReader, now: number): number | undefined {
  for (const name of ['retry-after-ms', 'x-ms-retry-after-ms']) {
    const milliseconds = parseNonNegativeNumber(headers.get(name));
    if (milliseconds !== undefined) return Math.round(milliseconds);
  }
  const value = headers.get('retry-after')?.trim();
  if (!value) return undefined;
  const seconds = parseNonNegativeNumber(value);
  if (seconds !== undefined) return Math.round(seconds * 1000);
  // Only a real HTTP date: `Date.parse` would also accept things like "5 apples".
  if (!/^[A-Za-z]{3},\s/.test(value)) return undefined;
  const date = Date.parse(value);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

function parseNonNegativeNumber(value: string | null): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (!/^\d+(\.\d+)?$/.test(trimmed)) return undefined;
  return Number(trimmed);
}
