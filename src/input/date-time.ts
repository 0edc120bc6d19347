const MONTH_NAMES = [
  'January', 'February', 'March', 'April', 'May', 'June',
  'July', 'August', 'September', 'October', 'November', 'December',
] as const;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?$/i;

/** A parsed instant, or why the text is not one. */
export type ParsedInstant = { ok: true; iso: string; epochMs: number } | { ok: false; reason: string };

export function isDateOnly(value: string): boolean {
  return DATE.test(value);
}


/**
 * A calendar date `YYYY-MM-DD` taken at a given time of that day in UTC: `endOfDay` gives 23:59:59Z (the
 * last whole second Graph keeps), otherwise 00:00:00Z.
 */
export function parseDate(value: string, at: 'startOfDay' | 'endOfDay'): ParsedInstant | undefined {
  const match = DATE.exec(value);
  if (match === null) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const wrong = impossibleDate(year, month, day);
  if (wrong !== undefined) return { ok: false, reason: wrong };
  const epochMs = at === 'endOfDay' ? Date.UTC(year, month - 1, day, 23, 59, 59) : Date.UTC(year, month - 1, day);
  // Four-digit years keep `YYYY-MM-DD` as is in ISO form; no need to format the instant again.
  return { ok: true, epochMs, iso: `${value}T${at === 'endOfDay' ? '23:59:59' : '00:00:00'}Z` };
}

/** A date-time with `Z` or an offset, normalised to UTC with `Z`. Undefined when it is not date-time text at all. */
export function parseDateTime(value: string): ParsedInstant | undefined {
  const match = DATE_TIME.exec(value);
  if (match === null) return undefined;
  const [year, month, day, hour, minute] = [1, 2, 3, 4, 5].map((i) => Number(match[i])) as [number, number, number, number, number];
  const second = match[6] === undefined ? 0 : Number(match[6]);
  const fraction = match[7];
  const offset = match[8];
  const wrongDate = impossibleDate(year, month, day);
  if (wrongDate !== undefined) return { ok: false, reason: wrongDate };
  if (hour > 23) return { ok: false, reason: `not a real time (hour ${hour} is past 23)` };
  if (minute > 59) return { ok: false, reason: `not a real time (minute ${minute} is past 59)` };
  if (second > 59) return { ok: false, reason: `not a real time (second ${second} is past 59)` };
  if (offset === undefined) {
    return { ok: false, reason: 'has no time zone: add Z (UTC) or an offset such as +02:00' };
  }
  let offsetMinutes = 0;
  if (offset.toUpperCase() !== 'Z') {
    const digits = offset.replace(':', '');
    const hours = Number(digits.slice(1, 3));
    const minutes = Number(digits.slice(3, 5));
    if (hours > 14 || minutes > 59) return { ok: false, reason: `offset ${offset} is not a real time zone offset (at most ±14:00)` };
    offsetMinutes = (digits[0] === '-' ? -1 : 1) * (hours * 60 + minutes);
  }
  const millis = fraction === undefined ? 0 : Math.floor(Number(`0${fraction}`) * 1000);
  const epochMs = Date.UTC(year, month - 1, day, hour, minute, second, millis) - offsetMinutes * 60_000;
  return { ok: true, epochMs, iso: millis === 0 ? toIsoSeconds(epochMs) : new Date(epochMs).toISOString() };
}

/** Why year-month-day is not a date in the calendar, or undefined when it is one. */
function impossibleDate(year: number, month: number, day: number): string | undefined {
  // Date.UTC reads years 0-99 as 1900-1999; no access request needs a date before 1970 anyway.
  if (year < 1970) return `year ${year} is out of range: expected 1970 or later`;
  if (month < 1 || month > 12) return `not a real date (there is no month ${month})`;
  const monthName = MONTH_NAMES[month - 1] as string;
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day < 1 || day > days) return `not a real date (${monthName} ${year} has ${days} days)`;
  return undefined;
}

/** `2025-07-01T23:59:59Z`: ISO 8601 in UTC without the `.000` Graph does not need. */
export function toIsoSeconds(epochMs: number): string {
  return new Date(epochMs).toISOString().replace('.000Z', 'Z');
}
