/** fast-check arbitraries for calendars, instants and durations (business-time.md §4.4). */
import fc from 'fast-check';
import type { CalendarDefinition, TimeIntervalDefinition } from '../../../src/calendar/index.js';

export const ZONES = [
  'America/New_York',
  'Europe/Berlin',
  'America/Santiago',
  'America/Havana',
  'Africa/Cairo',
  'Africa/Casablanca',
  'Asia/Kolkata',
  'Asia/Kathmandu',
  'Australia/Lord_Howe',
  'Pacific/Chatham',
  'UTC',
] as const;

const DAY = 86_400_000;
const MIN = 60_000;
const FIRST_DAY = Date.UTC(2024, 0, 1) / DAY;
const DAYS = 5 * 366;

/** Dates near 2025's UTC-offset changes in the zones above, where bugs live. */
const DST_DATES = [
  '2025-02-23', '2025-03-08', '2025-03-09', '2025-03-28', '2025-03-30', '2025-04-05', '2025-04-06',
  '2025-04-24', '2025-09-06', '2025-09-07', '2025-09-28', '2025-10-05', '2025-10-26', '2025-10-30',
  '2025-11-02',
].map((d) => Date.parse(`${d}T00:00:00Z`));

const hhmm = (m: number): string => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
const date = (dayOffset: number): string => new Date((FIRST_DAY + dayOffset) * DAY).toISOString().slice(0, 10);

/** A 15-minute-grid interval, sometimes running past midnight. */
const interval: fc.Arbitrary<TimeIntervalDefinition> = fc
  .tuple(fc.integer({ min: 0, max: 95 }), fc.integer({ min: 1, max: 48 }))
  .map(([q, len]) => {
    const start = q * 15;
    const end = (start + len * 15) % 1440;
    return [hhmm(start), end === 0 ? '24:00' : hhmm(end)] as const;
  });

/** A same-date interval (end after start, 24:00 allowed), for special hours and closures. */
const sameDateInterval = fc
  .tuple(fc.integer({ min: 0, max: 95 }), fc.integer({ min: 1, max: 40 }))
  .map(([q, len]) => [q * 15, Math.min(1440, q * 15 + len * 15)] as const);

const dayList = fc.array(interval, { maxLength: 3 });

export interface CalendarOptions {
  readonly exceptions?: boolean;
  readonly zones?: readonly string[];
}

export function calendarArb(options: CalendarOptions = {}): fc.Arbitrary<CalendarDefinition> {
  const exceptions = options.exceptions ?? true;
  return fc
    .record({
      timeZone: fc.constantFrom(...(options.zones ?? ZONES)),
      weekly: fc.record({ mon: dayList, tue: dayList, wed: dayList, thu: dayList, fri: dayList, sat: dayList, sun: dayList }),
      holidays: fc.uniqueArray(fc.integer({ min: 0, max: DAYS }), { maxLength: exceptions ? 25 : 0 }),
      closures: fc.array(fc.tuple(fc.integer({ min: 0, max: DAYS }), sameDateInterval), { maxLength: exceptions ? 5 : 0 }),
      special: fc.array(fc.tuple(fc.integer({ min: 0, max: DAYS }), fc.array(sameDateInterval, { maxLength: 2 })), { maxLength: exceptions ? 4 : 0 }),
    })
    .map(({ timeZone, weekly, holidays, closures, special }) => {
      const hasTime = Object.values(weekly).some((d) => d.length > 0);
      const holidaySet = new Set(holidays);
      return {
        timeZone,
        weekly: hasTime ? weekly : { ...weekly, mon: [['09:00', '17:00']] },
        holidays: holidays.map((d) => ({ date: date(d), name: `H${d}` })),
        closures: closures.map(([d, [from, to]]) => ({ date: date(d), from: hhmm(from), to: to === 1440 ? '24:00' : hhmm(to), reason: `C${d}` })),
        specialHours: special
          .filter(([d]) => !holidaySet.has(d))
          .map(([d, ivs]) => ({ date: date(d), intervals: ivs.map(([s, e]) => [hhmm(s), e === 1440 ? '24:00' : hhmm(e)] as const) })),
      } satisfies CalendarDefinition;
    });
}

/** Instants 2024..2028, on the minute grid or off it by some ms, often close to a DST change. */
export const instantArb: fc.Arbitrary<number> = fc.oneof(
  fc.integer({ min: FIRST_DAY * 1440, max: (FIRST_DAY + DAYS) * 1440 }).map((m) => m * MIN),
  fc.tuple(fc.constantFrom(...DST_DATES), fc.integer({ min: -3 * 1440, max: 3 * 1440 })).map(([d, m]) => d + m * MIN),
  fc.tuple(fc.integer({ min: FIRST_DAY * 1440, max: (FIRST_DAY + DAYS) * 1440 }), fc.integer({ min: 1, max: 59_999 })).map(([m, ms]) => m * MIN + ms),
);

/** Business minutes: mostly short, sometimes long (up to ~140 days of 24x7). */
export const minutesArb: fc.Arbitrary<number> = fc.oneof(fc.integer({ min: 0, max: 600 }), fc.integer({ min: 0, max: 200_000 }));

/** Caps a duration so that even a sparse calendar's deadline stays within a few years. */
export function capMinutes(def: CalendarDefinition, minutes: number): number {
  const weekly = Object.values(def.weekly ?? {}).flat().length;
  return def.is24x7 ? minutes : Math.min(minutes, weekly * 15 * 80);
}

export const pausesArb = fc.array(
  fc.tuple(instantArb, fc.integer({ min: 0, max: 5 * 1440 })).map(([from, m]) => ({ from, to: from + m * MIN })),
  { maxLength: 4 },
);
