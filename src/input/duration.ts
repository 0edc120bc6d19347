/** ISO 8601 duration as Graph's `expiration.duration` takes it: `P90D`, `PT12H`, `P1Y2M`, `P2W`. */
const DURATION = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:[.,]\d+)?)S)?)?$/;

const NON_ZERO_DIGIT = /[1-9]/;

export type ParsedDuration = { ok: true; duration: string } | { ok: false; reason: string };

/** Parses a duration (any letter case), kept as given but upper-cased. Undefined when the text is not one. */
export function parseDuration(value: string): ParsedDuration | undefined {
  const upper = value.toUpperCase();
  if (!upper.startsWith('P')) return undefined;
  const match = DURATION.exec(upper);
  if (match === null || upper === 'P' || upper.endsWith('T')) return undefined;
  if (!NON_ZERO_DIGIT.test(upper)) {
    return { ok: false, reason: 'a duration of zero ends the assignment at once: expected a duration longer than zero' };
  }
  return { ok: true, duration: upper };
}
