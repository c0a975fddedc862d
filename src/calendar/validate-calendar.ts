/**
 * Validation and normalisation of a calendar definition (format: calendar-definition.ts).
 * Returns every problem at once, each with a path into the JSON, or the normalised calendar:
 * overnight intervals split at midnight, overlaps merged, dates parsed.
 */
import type {
  CalendarDefinition,
  MinuteInterval,
  NormalisedCalendar,
  WeekdayKey,
} from './calendar-definition.js';
import { END_YEAR, MINUTES_PER_DAY, MIN_YEAR, WEEKDAY_KEYS, civilFromDays, parseClock, parseDate } from './civil-date.js';
import type { CalendarProblem } from './errors.js';
import { mergeIntervals, totalLength } from './minute-intervals.js';
import { isIanaTimeZone } from './zone-offsets.js';

export type CalendarValidation =
  | { readonly ok: true; readonly calendar: NormalisedCalendar }
  | { readonly ok: false; readonly problems: readonly CalendarProblem[] };

const TOP_LEVEL_KEYS = [
  'timeZone', 'is24x7', 'weekly', 'holidays', 'closures', 'specialHours', 'businessDayMinutes',
  'id', 'version', 'name', 'description',
];

type Json = Record<string, unknown>;

export function validateCalendar(definition: CalendarDefinition | unknown): CalendarValidation {
  const problems: CalendarProblem[] = [];
  const report = (path: string, message: string): void => {
    problems.push({ path, message });
  };

  if (!isObject(definition)) {
    return { ok: false, problems: [{ path: '', message: 'a calendar must be a JSON object' }] };
  }
  const def = definition;
  unknownKeys(def, TOP_LEVEL_KEYS, '', report);

  const timeZone = def.timeZone;
  if (typeof timeZone !== 'string' || !isIanaTimeZone(timeZone)) {
    report('timeZone', typeof timeZone === 'string'
      ? `"${timeZone}" is not a known IANA time zone (use a name such as "Europe/Paris"; fixed UTC offsets are wrong half the year where there is daylight saving)`
      : 'required: an IANA time zone name such as "Europe/Paris"');
  }
  if (def.is24x7 !== undefined && typeof def.is24x7 !== 'boolean') report('is24x7', 'must be true or false');
  const is24x7 = def.is24x7 === true;

  // Weekly template: declared intervals in "declared space" (an overnight end is end + 1440).
  const declared: MinuteInterval[][] = WEEKDAY_KEYS.map(() => []);
  if (def.weekly !== undefined) {
    if (!isObject(def.weekly)) report('weekly', 'must be an object with keys mon, tue, wed, thu, fri, sat, sun');
    else {
      unknownKeys(def.weekly, WEEKDAY_KEYS, 'weekly', report, 'weekday keys are mon, tue, wed, thu, fri, sat, sun');
      WEEKDAY_KEYS.forEach((key: WeekdayKey, wd) => {
        const list = (def.weekly as Json)[key];
        if (list === undefined) return;
        const path = `weekly.${key}`;
        if (!Array.isArray(list)) return report(path, 'must be a list of ["HH:MM", "HH:MM"] intervals');
        list.forEach((item, i) => {
          const iv = parseInterval(item, `${path}[${i}]`, true, report);
          if (iv) declared[wd].push(iv);
        });
      });
      if (is24x7 && declared.some((d) => d.length > 0)) {
        report('weekly', 'must be empty when is24x7 is true (a 24x7 calendar is open all day every day)');
      }
    }
  }

  const holidays = new Map<string, string[]>();
  listOf(def, 'holidays', report, (entry, path) => {
    unknownKeys(entry, ['date', 'name'], path, report);
    const date = parseDateField(entry.date, `${path}.date`, report);
    const name = optionalString(entry.name, `${path}.name`, report) ?? 'Holiday';
    if (date) holidays.set(date, [...(holidays.get(date) ?? []), name]);
  });

  const closures: { date: string; from: number; to: number; reason: string }[] = [];
  listOf(def, 'closures', report, (entry, path) => {
    unknownKeys(entry, ['date', 'from', 'to', 'reason'], path, report);
    const date = parseDateField(entry.date, `${path}.date`, report);
    const from = parseTime(entry.from, `${path}.from`, report);
    const to = parseTime(entry.to, `${path}.to`, report);
    const reason = optionalString(entry.reason, `${path}.reason`, report) ?? 'Closed';
    if (from === MINUTES_PER_DAY) report(`${path}.from`, 'a closure cannot start at 24:00');
    else if (from !== null && to !== null && to <= from) {
      report(`${path}.to`, 'must be after "from" (a closure lies within one date; use "24:00" for midnight)');
    } else if (date && from !== null && to !== null) closures.push({ date, from, to, reason });
  });

  const special = new Map<string, { names: string[]; intervals: MinuteInterval[] }>();
  listOf(def, 'specialHours', report, (entry, path) => {
    unknownKeys(entry, ['date', 'intervals', 'name'], path, report);
    const date = parseDateField(entry.date, `${path}.date`, report);
    const name = optionalString(entry.name, `${path}.name`, report) ?? 'Special hours';
    const intervals: MinuteInterval[] = [];
    if (!Array.isArray(entry.intervals)) report(`${path}.intervals`, 'required: a list of ["HH:MM", "HH:MM"] intervals (empty closes the date)');
    else {
      entry.intervals.forEach((item, i) => {
        const iv = parseInterval(item, `${path}.intervals[${i}]`, false, report);
        if (iv) intervals.push(iv);
      });
    }
    if (!date) return;
    if (holidays.has(date)) {
      report(`${path}.date`, `${date} is also listed as a holiday; a date is either a holiday or has special hours`);
    }
    const prev = special.get(date);
    special.set(date, { names: [...(prev?.names ?? []), name], intervals: [...(prev?.intervals ?? []), ...intervals] });
  });

  let businessDayMinutes: number | undefined;
  if (def.businessDayMinutes !== undefined) {
    const v = def.businessDayMinutes;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > MINUTES_PER_DAY) {
      report('businessDayMinutes', 'must be a whole number of minutes from 1 to 1440');
    } else businessDayMinutes = v;
  }
  if (def.id !== undefined && typeof def.id !== 'string') report('id', 'must be a string');
  if (def.version !== undefined && typeof def.version !== 'number' && typeof def.version !== 'string') {
    report('version', 'must be a number or a string');
  }
  optionalString(def.name, 'name', report);
  optionalString(def.description, 'description', report);

  // Split overnight intervals at midnight: each part belongs to its own weekday.
  const parts: MinuteInterval[][] = WEEKDAY_KEYS.map(() => (is24x7 ? [[0, MINUTES_PER_DAY]] : []));
  declared.forEach((list, wd) => {
    for (const [s, e] of list) {
      parts[wd].push([s, Math.min(e, MINUTES_PER_DAY)]);
      if (e > MINUTES_PER_DAY) parts[(wd + 1) % 7].push([0, e - MINUTES_PER_DAY]);
    }
  });
  const weekly = parts.map(mergeIntervals);
  const specialHours = [...special.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([date, v]) => ({ date, name: v.names.join('; '), intervals: mergeIntervals(v.intervals) }));

  const weeklyMinutes = weekly.reduce((sum, list) => sum + totalLength(list), 0);
  const specialMinutes = specialHours.reduce((sum, s) => sum + totalLength(s.intervals), 0);
  if (weeklyMinutes === 0 && specialMinutes === 0 && problems.length === 0) {
    report('weekly', 'the calendar has no open time at all: give weekly hours, set is24x7, or add special hours');
  }
  if (problems.length > 0) return { ok: false, problems };

  const dayLengths = is24x7
    ? [MINUTES_PER_DAY]
    : declared.map((list) => totalLength(mergeIntervals(list)));
  const fallbackLengths = specialHours.map((s) => totalLength(s.intervals));

  return {
    ok: true,
    calendar: {
      ...(typeof def.id === 'string' ? { id: def.id } : {}),
      ...(def.version !== undefined ? { version: def.version as number | string } : {}),
      ...(typeof def.name === 'string' ? { name: def.name } : {}),
      timeZone: timeZone as string,
      is24x7,
      weekly,
      holidays: [...holidays.entries()]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([date, names]) => ({ date, name: names.join('; ') })),
      closures: closures.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.from - b.from)),
      specialHours,
      businessDayMinutes: businessDayMinutes ?? mostCommonLength(dayLengths) ?? mostCommonLength(fallbackLengths) ?? MINUTES_PER_DAY,
    },
  };
}

/** The most frequent non-zero value; ties go to the larger value. */
function mostCommonLength(lengths: readonly number[]): number | undefined {
  const counts = new Map<number, number>();
  for (const l of lengths) if (l > 0) counts.set(l, (counts.get(l) ?? 0) + 1);
  let best: number | undefined;
  let bestCount = 0;
  for (const [l, c] of counts) {
    if (c > bestCount || (c === bestCount && best !== undefined && l > best)) {
      best = l;
      bestCount = c;
    }
  }
  return best;
}

type Report = (path: string, message: string) => void;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function unknownKeys(obj: Json, allowed: readonly string[], path: string, report: Report, hint?: string): void {
  for (const key of Object.keys(obj)) {
    if (!allowed.includes(key)) {
      report(path ? `${path}.${key}` : key, `unknown key${hint ? ` (${hint})` : ` (allowed: ${allowed.join(', ')})`}`);
    }
  }
}

function listOf(def: Json, key: string, report: Report, each: (entry: Json, path: string) => void): void {
  const list = def[key];
  if (list === undefined) return;
  if (!Array.isArray(list)) return report(key, 'must be a list');
  list.forEach((entry, i) => {
    const path = `${key}[${i}]`;
    if (!isObject(entry)) report(path, 'must be an object');
    else each(entry, path);
  });
}

function optionalString(v: unknown, path: string, report: Report): string | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'string') {
    report(path, 'must be a string');
    return undefined;
  }
  return v;
}

function parseDateField(v: unknown, path: string, report: Report): string | null {
  const dn = typeof v === 'string' ? parseDate(v) : null;
  if (dn === null) {
    report(path, `${JSON.stringify(v)} is not a date "YYYY-MM-DD"`);
    return null;
  }
  const { year } = civilFromDays(dn);
  if (year < MIN_YEAR || year >= END_YEAR) {
    report(path, `must be between ${MIN_YEAR}-01-01 and ${END_YEAR - 1}-12-31`);
    return null;
  }
  return v as string;
}

function parseTime(v: unknown, path: string, report: Report): number | null {
  const m = typeof v === 'string' ? parseClock(v) : null;
  if (m === null) report(path, `${JSON.stringify(v)} is not a time "HH:MM" from 00:00 to 24:00`);
  return m;
}

/** Weekly intervals may run past midnight (end <= start → end + 1440); special hours may not. */
function parseInterval(item: unknown, path: string, overnight: boolean, report: Report): MinuteInterval | null {
  if (!Array.isArray(item) || item.length !== 2) {
    report(path, 'must be a pair ["HH:MM", "HH:MM"]');
    return null;
  }
  const s = parseTime(item[0], `${path}[0]`, report);
  const e = parseTime(item[1], `${path}[1]`, report);
  if (s === null || e === null) return null;
  if (s === MINUTES_PER_DAY) {
    report(`${path}[0]`, 'an interval cannot start at 24:00 (use 00:00 of the next day)');
    return null;
  }
  if (e > s) return [s, e];
  if (overnight) return [s, e + MINUTES_PER_DAY];
  report(`${path}[1]`, 'must be after the start: special hours lie within their date (use "24:00" for midnight, and give the next date its own special hours)');
  return null;
}
