import { randomBytes } from 'node:crypto';

/**
 * A short id that sorts by creation time: `YYYYMMDD-HHMMSS-xxxx` (UTC, 4 random hex digits so two runs
 * started in the same second differ).
 */
export function newRunId(now: Date, randomHex: () => string = () => randomBytes(2).toString('hex')): string {
  const iso = now.toISOString(); // 2026-11-28T10:39:55.123Z
  const date = iso.slice(0, 10).replaceAll('-', '');
  const time = iso.slice(11, 19).replaceAll(':', '');
  return `${date}-${time}-${randomHex()}`;
}
