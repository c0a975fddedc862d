/**
 * Proleptic Gregorian arithmetic on day numbers (days since 1970-01-01), minutes of the day and
 * "YYYY-MM-DD" / "HH:MM" strings. Integers only; no `Date`, no host time zone.
 * The day-number conversions are Howard Hinnant's `days_from_civil` / `civil_from_days`.
 */

export const MS_PER_SECOND = 1_000;
export const MS_PER_MINUTE = 60_000;
export const MS_PER_DAY = 86_400_000;
export const MINUTES_PER_DAY = 1_440;

/** Supported years (inclusive..exclusive): wide enough for any SLA, narrow enough to stay well-defined. */
export const MIN_YEAR = 1900;
export const END_YEAR = 2400;

export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

interface CivilDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

export function civilFromDays(dayNumber: number): CivilDate {
  const z = dayNumber + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

export function yearOfDay(dayNumber: number): number {
  return civilFromDays(dayNumber).year;
}

export const MIN_DAY = daysFromCivil(MIN_YEAR, 1, 1);
export const END_DAY = daysFromCivil(END_YEAR, 1, 1);

/** ISO weekday as an index: 0 = Monday .. 6 = Sunday (day 0, 1970-01-01, was a Thursday). */
export function weekdayIndex(dayNumber: number): number {
  return (((dayNumber + 3) % 7) + 7) % 7;
}

export const WEEKDAY_KEYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** "YYYY-MM-DD" → day number, or null if malformed or not a real date (2025-02-29). */
export function parseDate(text: string): number | null {
  const m = DATE_RE.exec(text);
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  const dn = daysFromCivil(year, month, day);
  const back = civilFromDays(dn);
  return back.month === month && back.day === day ? dn : null;
}

export function formatDate(dayNumber: number): string {
  const { year, month, day } = civilFromDays(dayNumber);
  return `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}`;
}

const CLOCK_RE = /^(\d{2}):(\d{2})$/;

/** "HH:MM" (00:00..23:59, or 24:00) → minute of the day 0..1440, or null. */
export function parseClock(text: string): number | null {
  const m = CLOCK_RE.exec(text);
  if (!m) return null;
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (h === 24 && min === 0) return MINUTES_PER_DAY;
  if (h > 23 || min > 59) return null;
  return h * 60 + min;
}

export function formatClock(minuteOfDay: number): string {
  return `${pad2(Math.floor(minuteOfDay / 60))}:${pad2(minuteOfDay % 60)}`;
}

export function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}
