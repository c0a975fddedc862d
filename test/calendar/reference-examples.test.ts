/**
 * The spec's reference examples (§1.9) and every row of the edge-case table in
 * shared/notes/business-time.md §2, with the expected instants given there (computed by an
 * independent Python/zoneinfo reference). "office" = Mon-Fri 08:00-17:00 America/New_York.
 */
import { describe, expect, it } from 'vitest';
import {
  CalendarError,
  businessDaysToMinutes,
  compileCalendar,
  deadline,
  elapsed,
  explainElapsed,
  isOpen,
  nextOpen,
  validateCalendar,
} from '../../src/calendar/index.js';
import { formatInZone, parseInstant } from '../../src/calendar/instant-text.js';
import { NY, US_FEDERAL_2025, at, ny24x7, office, officeWithLunch, weekdays } from './support/calendars.js';

const ny = (ms: number): string => formatInZone(ms, NY);

function thrown(fn: () => unknown): CalendarError {
  try {
    fn();
  } catch (e) {
    if (e instanceof CalendarError) return e;
    throw e;
  }
  throw new Error('expected a CalendarError');
}

describe('spec §1.9 reference examples', () => {
  it('08:00-17:00: created 15:00 with 4 business hours is due 10:00 the next business day', () => {
    const cal = compileCalendar(office);
    expect(ny(deadline(cal, at('2025-06-12T15:00:00-04:00'), 240))).toBe('2025-06-13T10:00:00-04:00');
    expect(ny(deadline(cal, at('2025-06-13T15:00:00-04:00'), 240))).toBe('2025-06-16T10:00:00-04:00');
  });

  it('24x7: created 15:00 with 4 business hours is due 19:00 the same day', () => {
    expect(ny(deadline(compileCalendar(ny24x7), at('2025-06-12T15:00:00-04:00'), 240))).toBe('2025-06-12T19:00:00-04:00');
  });
});

type Row = { row: number; name: string; cal: Parameters<typeof compileCalendar>[0]; start: string; minutes: number; expected: string; boundary?: 'fill' | 'next-open' };

const deadlineRows: Row[] = [
  { row: 1, name: 'Thursday 15:00 + 4 h lands Friday 10:00', cal: office, start: '2025-06-12T15:00:00-04:00', minutes: 240, expected: '2025-06-13T10:00:00-04:00' },
  { row: 1, name: 'on 24x7 the same 4 h land Thursday 19:00', cal: ny24x7, start: '2025-06-12T15:00:00-04:00', minutes: 240, expected: '2025-06-12T19:00:00-04:00' },
  { row: 2, name: 'a start before opening counts from the opening', cal: office, start: '2025-06-12T06:00:00-04:00', minutes: 240, expected: '2025-06-12T12:00:00-04:00' },
  { row: 3, name: 'a start after closing counts from the next morning', cal: office, start: '2025-06-12T18:30:00-04:00', minutes: 240, expected: '2025-06-13T12:00:00-04:00' },
  { row: 4, name: 'a start on Saturday counts from Monday, not Tuesday', cal: office, start: '2025-06-14T10:00:00-04:00', minutes: 240, expected: '2025-06-16T12:00:00-04:00' },
  {
    row: 5,
    name: 'a start on a holiday counts from the next business day',
    cal: { ...office, holidays: [{ date: '2025-12-25', name: 'Christmas' }] },
    start: '2025-12-25T10:00:00-05:00',
    minutes: 240,
    expected: '2025-12-26T12:00:00-05:00',
  },
  { row: 6, name: 'a start exactly at closing time is outside hours ([open, close))', cal: office, start: '2025-06-12T17:00:00-04:00', minutes: 1, expected: '2025-06-13T08:01:00-04:00' },
  { row: 7, name: 'a deadline that uses the last minute of the day lands on closing time, not next morning', cal: office, start: '2025-06-12T13:00:00-04:00', minutes: 240, expected: '2025-06-12T17:00:00-04:00' },
  { row: 7, name: "with boundary 'next-open' the same deadline moves to the next opening", cal: office, start: '2025-06-12T13:00:00-04:00', minutes: 240, expected: '2025-06-13T08:00:00-04:00', boundary: 'next-open' },
  { row: 8, name: 'on a Friday the fill deadline stays Friday 17:00', cal: office, start: '2025-06-13T13:00:00-04:00', minutes: 240, expected: '2025-06-13T17:00:00-04:00' },
  { row: 8, name: "on a Friday 'next-open' moves the deadline to Monday 08:00", cal: office, start: '2025-06-13T13:00:00-04:00', minutes: 240, expected: '2025-06-16T08:00:00-04:00', boundary: 'next-open' },
  { row: 9, name: 'zero minutes from Saturday gives the first open instant, Monday 08:00', cal: office, start: '2025-06-14T10:00:00-04:00', minutes: 0, expected: '2025-06-16T08:00:00-04:00' },
  { row: 9, name: 'zero minutes inside hours gives the start itself', cal: office, start: '2025-06-12T10:00:00-04:00', minutes: 0, expected: '2025-06-12T10:00:00-04:00' },
  { row: 10, name: 'the lunch break does not count', cal: officeWithLunch, start: '2025-06-12T11:30:00-04:00', minutes: 60, expected: '2025-06-12T13:30:00-04:00' },
  {
    row: 11,
    name: 'a partial closure (Christmas Eve from 12:00) shortens the day',
    cal: { ...office, closures: [{ date: '2025-12-24', from: '12:00', to: '24:00', reason: 'Christmas Eve' }] },
    start: '2025-12-24T10:00:00-05:00',
    minutes: 240,
    expected: '2025-12-25T10:00:00-05:00',
  },
  { row: 12, name: '24x7 across spring-forward adds real time (wall clock shows +5 h)', cal: ny24x7, start: '2025-03-08T23:30:00-05:00', minutes: 240, expected: '2025-03-09T04:30:00-04:00' },
  { row: 13, name: '24x7 across fall-back adds real time (wall clock shows +3 h)', cal: ny24x7, start: '2025-11-01T23:30:00-04:00', minutes: 240, expected: '2025-11-02T02:30:00-05:00' },
  {
    row: 22,
    name: '60 business days of 540 min with the 2025 federal holidays land on Tuesday 1 April 18:00',
    cal: { timeZone: NY, weekly: weekdays(['09:00', '18:00']), holidays: US_FEDERAL_2025 },
    start: '2025-01-06T09:00:00-05:00',
    minutes: 60 * 540,
    expected: '2025-04-01T18:00:00-04:00',
  },
  {
    row: 22,
    name: "the same 60 business days with 'next-open' land on Wednesday 2 April 09:00",
    cal: { timeZone: NY, weekly: weekdays(['09:00', '18:00']), holidays: US_FEDERAL_2025 },
    start: '2025-01-06T09:00:00-05:00',
    minutes: 60 * 540,
    expected: '2025-04-02T09:00:00-04:00',
    boundary: 'next-open',
  },
  {
    row: 23,
    name: 'a holiday on 29 February 2028 is skipped',
    cal: { ...office, holidays: [{ date: '2028-02-29', name: 'Leap day' }] },
    start: '2028-02-28T16:00:00-05:00',
    minutes: 120,
    expected: '2028-03-01T09:00:00-05:00',
  },
  {
    row: 19,
    name: 'a calendar in a +05:45 zone works in its own wall time',
    cal: { timeZone: 'Asia/Kathmandu', weekly: weekdays(['08:00', '17:00']) },
    start: '2025-06-12T15:00:00+05:45',
    minutes: 240,
    expected: '2025-06-13T10:00:00+05:45',
  },
  {
    row: 19,
    name: 'a calendar in a +05:30 zone works in its own wall time',
    cal: { timeZone: 'Asia/Kolkata', weekly: weekdays(['08:00', '17:00']) },
    start: '2025-06-12T15:00:00+05:30',
    minutes: 240,
    expected: '2025-06-13T10:00:00+05:30',
  },
];

describe('edge cases (business-time.md §2): deadlines', () => {
  it.each(deadlineRows)('row $row: $name', ({ cal, start, minutes, expected, boundary }) => {
    const compiled = compileCalendar(cal);
    const result = deadline(compiled, at(start), minutes, { boundary });
    expect(formatInZone(result, compiled.timeZone)).toBe(expected);
    expect(elapsed(compiled, at(start), result)).toBe(minutes);
  });
});

describe('edge cases (business-time.md §2): DST, zones and day lengths', () => {
  it('row 14: a Saturday 22:00-06:00 night shift holds 420 min on spring-forward night and 540 on fall-back night', () => {
    const cal = compileCalendar({ timeZone: NY, weekly: { sat: [['22:00', '06:00']] } });
    expect(elapsed(cal, at('2025-03-08T12:00:00-05:00'), at('2025-03-09T12:00:00-04:00'))).toBe(420);
    expect(elapsed(cal, at('2025-11-01T12:00:00-04:00'), at('2025-11-02T12:00:00-05:00'))).toBe(540);
    expect(ny(deadline(cal, at('2025-03-08T22:00:00-05:00'), 420))).toBe('2025-03-09T06:00:00-04:00');
    expect(ny(deadline(cal, at('2025-11-01T22:00:00-04:00'), 540))).toBe('2025-11-02T06:00:00-05:00');
  });

  it("row 15: an opening inside the spring-forward gap moves forward by the gap ('compatible'): 02:30 opens at 03:30 EDT", () => {
    const cal = compileCalendar({ timeZone: NY, weekly: { sun: [['02:30', '10:00']] } });
    expect(ny(nextOpen(cal, at('2025-03-09T00:00:00-05:00')))).toBe('2025-03-09T03:30:00-04:00');
    expect(elapsed(cal, at('2025-03-09T00:00:00-05:00'), at('2025-03-10T00:00:00-04:00'))).toBe(390);
  });

  it('row 15: intervals that overlap once the gap moves them (01:00-02:30 and 03:00-04:00 on spring-forward day) count once', () => {
    const cal = compileCalendar({ timeZone: NY, weekly: { sun: [['01:00', '02:30'], ['03:00', '04:00']] } });
    // 01:00 EST .. 03:30 EDT (02:30 moved forward) and 03:00 .. 04:00 EDT: 06:00Z .. 08:00Z
    expect(elapsed(cal, at('2025-03-09T00:00:00-05:00'), at('2025-03-10T00:00:00-04:00'))).toBe(120);
    expect(deadline(cal, at('2025-03-09T00:00:00-05:00'), 120)).toBe(at('2025-03-09T08:00:00Z'));
  });

  it('row 16: an opening inside the fall-back fold takes the earlier instant: 01:30 EDT, 570 min', () => {
    const cal = compileCalendar({ timeZone: NY, weekly: { sun: [['01:30', '10:00']] } });
    expect(ny(nextOpen(cal, at('2025-11-02T00:00:00-04:00')))).toBe('2025-11-02T01:30:00-04:00');
    expect(elapsed(cal, at('2025-11-02T00:00:00-04:00'), at('2025-11-03T00:00:00-05:00'))).toBe(570);
  });

  it('row 17: in Santiago 2025-09-07 starts at 01:00 -03, so a holiday that day closes 23 h and 24x7 Sat 12:00 → Mon 12:00 is 1440 min', () => {
    const z = 'America/Santiago';
    const cal = compileCalendar({ timeZone: z, is24x7: true, holidays: [{ date: '2025-09-07', name: 'Holiday' }] });
    expect(elapsed(cal, at('2025-09-06T12:00:00-04:00'), at('2025-09-08T12:00:00-03:00'))).toBe(1440);
    const sundays = compileCalendar({ timeZone: z, weekly: { sun: [['00:00', '24:00']] } });
    expect(formatInZone(nextOpen(sundays, at('2025-09-06T23:30:00-04:00')), z)).toBe('2025-09-07T01:00:00-03:00');
    expect(elapsed(sundays, at('2025-09-06T00:00:00-04:00'), at('2025-09-08T00:00:00-03:00'))).toBe(23 * 60);
  });

  it('row 17: Havana 2025-03-09 has no midnight either: a 24x7 holiday there removes 23 h', () => {
    const cal = compileCalendar({ timeZone: 'America/Havana', is24x7: true, holidays: [{ date: '2025-03-09' }] });
    expect(elapsed(cal, at('2025-03-08T12:00:00-05:00'), at('2025-03-10T12:00:00-04:00'))).toBe(1440);
  });

  it('row 18: Cairo Sun-Thu 16:00-24:00 holds 540 min on 2025-10-30 (fall back at 24:00) and 480 on 2025-04-24', () => {
    const day: [string, string][] = [['16:00', '24:00']];
    const cal = compileCalendar({ timeZone: 'Africa/Cairo', weekly: { sun: day, mon: day, tue: day, wed: day, thu: day } });
    expect(elapsed(cal, at('2025-10-30T00:00:00+03:00'), at('2025-10-31T12:00:00+02:00'))).toBe(540);
    expect(elapsed(cal, at('2025-04-24T00:00:00+02:00'), at('2025-04-25T12:00:00+03:00'))).toBe(480);
  });

  it('row 19: Lord Howe (30-minute DST) has a 1410-min day on 2025-10-05 and a 1470-min day on 2025-04-06', () => {
    const cal = compileCalendar({ timeZone: 'Australia/Lord_Howe', weekly: { sun: [['00:00', '24:00']] } });
    expect(elapsed(cal, at('2025-10-04T12:00:00+10:30'), at('2025-10-06T12:00:00+11:00'))).toBe(1410);
    expect(elapsed(cal, at('2025-04-05T12:00:00+11:00'), at('2025-04-07T12:00:00+10:30'))).toBe(1470);
  });

  it('row 20: 00:00-24:00 is a full 1440-min day and 24:00 is an exclusive end, not 23:59', () => {
    const cal = compileCalendar({ timeZone: NY, weekly: { mon: [['00:00', '24:00']] } });
    expect(elapsed(cal, at('2025-06-16T00:00:00-04:00'), at('2025-06-17T00:00:00-04:00'))).toBe(1440);
    expect(ny(deadline(cal, at('2025-06-16T23:00:00-04:00'), 60))).toBe('2025-06-17T00:00:00-04:00');
    expect(isOpen(cal, at('2025-06-16T23:59:59.999-04:00'))).toBe(true);
    expect(isOpen(cal, at('2025-06-17T00:00:00-04:00'))).toBe(false);
  });

  it('row 21: a holiday closes its own date only: Monday 22:00-06:00 before a Tuesday holiday counts 120 min', () => {
    const cal = compileCalendar({ timeZone: NY, weekly: { mon: [['22:00', '06:00']] }, holidays: [{ date: '2025-06-17' }] });
    expect(elapsed(cal, at('2025-06-16T00:00:00-04:00'), at('2025-06-18T00:00:00-04:00'))).toBe(120);
  });

  it('row 24: spans beyond the last configured holiday still compute (no holiday data is not an error)', () => {
    const withHolidays = compileCalendar({ ...office, holidays: US_FEDERAL_2025 });
    const plain = compileCalendar(office);
    const start = at('2030-06-03T09:00:00-04:00');
    expect(deadline(withHolidays, start, 60 * 540)).toBe(deadline(plain, start, 60 * 540));
  });
});

describe('edge cases (business-time.md §2): instants, zones, precision', () => {
  it('row 25: computed in the calendar zone, shown in the customer zone (LA Thu 12:00 → Fri 07:00)', () => {
    const due = deadline(compileCalendar(office), parseInstant('2025-06-12T12:00:00-07:00'), 240);
    expect(formatInZone(due, 'America/Los_Angeles')).toBe('2025-06-13T07:00:00-07:00');
    expect(ny(due)).toBe('2025-06-13T10:00:00-04:00');
  });

  it('row 26: a Berlin customer in the 3 weeks when the Berlin-NY gap is 5 h gets 21:00 CET, not 22:00', () => {
    const due = deadline(compileCalendar(office), parseInstant('2025-03-20T17:00:00+01:00'), 240);
    expect(formatInZone(due, 'Europe/Berlin')).toBe('2025-03-20T21:00:00+01:00');
  });

  it('row 27: fixed UTC offsets are refused as time zones; an IANA zone follows DST (Chicago opens 14:00Z in January, 13:00Z in July)', () => {
    for (const timeZone of ['-06:00', 'UTC-6', 'GMT+2', 'Central Time']) {
      const result = validateCalendar({ ...office, timeZone });
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.problems.map((p) => p.path)).toEqual(['timeZone']);
    }
    const chicago = compileCalendar({ ...office, timeZone: 'America/Chicago' });
    expect(nextOpen(chicago, at('2025-01-15T00:00:00Z'))).toBe(at('2025-01-15T14:00:00Z'));
    expect(nextOpen(chicago, at('2025-07-15T00:00:00Z'))).toBe(at('2025-07-15T13:00:00Z'));
  });

  it('row 28: a local time without an offset is rejected at the edge with INSTANT_WITHOUT_OFFSET', () => {
    expect(thrown(() => parseInstant('2025-11-02T01:30')).code).toBe('INSTANT_WITHOUT_OFFSET');
    expect(thrown(() => parseInstant('2025-11-02')).code).toBe('INSTANT_WITHOUT_OFFSET');
    expect(parseInstant('2025-11-02T01:30:00-04:00')).toBe(Date.UTC(2025, 10, 2, 5, 30));
  });

  it('row 29: sub-minute starts keep millisecond precision (10:00:30.250 + 60 min = 11:00:30.250)', () => {
    const cal = compileCalendar(office);
    const start = at('2025-06-12T10:00:30.250-04:00');
    expect(deadline(cal, start, 60)).toBe(start + 3_600_000);
    expect(deadline(cal, at('2025-06-12T16:59:30-04:00'), 1)).toBe(at('2025-06-13T08:00:30-04:00'));
    expect(elapsed(cal, at('2025-06-12T16:59:30-04:00'), at('2025-06-13T08:00:30-04:00'))).toBe(1);
  });

  it('row 30: elapsed from closing time to the next opening is 0 in both directions', () => {
    const cal = compileCalendar(office);
    expect(elapsed(cal, at('2025-06-12T17:00:00-04:00'), at('2025-06-13T08:00:00-04:00'))).toBe(0);
    expect(Object.is(elapsed(cal, at('2025-06-13T08:00:00-04:00'), at('2025-06-12T17:00:00-04:00')), 0)).toBe(true);
  });

  it('row 31: a pause from Friday 16:00 to Monday 10:00 holds 180 business minutes, and moves the deadline by exactly that', () => {
    const cal = compileCalendar(office);
    const pause = { from: at('2025-06-13T16:00:00-04:00'), to: at('2025-06-16T10:00:00-04:00') };
    expect(elapsed(cal, pause.from, pause.to)).toBe(180);
    const start = at('2025-06-13T15:00:00-04:00');
    expect(ny(deadline(cal, start, 240))).toBe('2025-06-16T10:00:00-04:00');
    expect(ny(deadline(cal, start, 240, { pauses: [pause] }))).toBe('2025-06-16T13:00:00-04:00');
    expect(deadline(cal, start, 240, { pauses: [pause] })).toBe(deadline(cal, start, 240 + 180));
  });
});

describe('edge cases (business-time.md §2): calendar data', () => {
  it('row 32: a compiled version is pinned: editing the calendar makes a new version and leaves the old one as it was', () => {
    const v1 = compileCalendar({ ...office, id: 'support', version: 1 });
    const v2 = compileCalendar({ ...office, id: 'support', version: 2, weekly: weekdays(['09:00', '17:00']) });
    const start = at('2025-06-12T15:00:00-04:00');
    expect(ny(deadline(v1, start, 240))).toBe('2025-06-13T10:00:00-04:00');
    expect(ny(deadline(v2, start, 240))).toBe('2025-06-13T11:00:00-04:00');
    expect(compileCalendar({ version: 1, id: 'support', ...office })).toBe(v1);
    expect(v1.version).toBe(1);
  });

  it('row 33: a calendar with no open time is rejected with the reason', () => {
    const result = validateCalendar({ timeZone: NY, weekly: { mon: [] } });
    expect(result).toEqual({ ok: false, problems: [{ path: 'weekly', message: expect.stringContaining('no open time') }] });
    expect(thrown(() => compileCalendar({ timeZone: NY })).code).toBe('CALENDAR_INVALID');
  });

  it('row 33: a calendar whose only open time is in the past throws NO_BUSINESS_TIME instead of looping', () => {
    const cal = compileCalendar({ timeZone: NY, specialHours: [{ date: '2020-01-06', intervals: [['09:00', '17:00']] }] });
    const t0 = performance.now();
    expect(thrown(() => deadline(cal, at('2025-06-12T15:00:00-04:00'), 60)).code).toBe('NO_BUSINESS_TIME');
    expect(thrown(() => nextOpen(cal, at('2025-06-12T15:00:00-04:00'))).code).toBe('NO_BUSINESS_TIME');
    expect(performance.now() - t0).toBeLessThan(2_000);
    expect(deadline(cal, at('2020-01-01T00:00:00-05:00'), 60)).toBe(at('2020-01-06T10:00:00-05:00'));
  });

  it('row 34: overlapping, unsorted and duplicate intervals are merged, not rejected', () => {
    const result = validateCalendar({ timeZone: NY, weekly: { mon: [['12:00', '17:00'], ['09:00', '13:00'], ['09:00', '13:00']] } });
    expect(result.ok && result.calendar.weekly[0]).toEqual([[540, 1020]]);
    const cal = compileCalendar({ timeZone: NY, weekly: { mon: [['12:00', '17:00'], ['09:00', '13:00']] } });
    expect(elapsed(cal, at('2025-06-16T00:00:00-04:00'), at('2025-06-17T00:00:00-04:00'))).toBe(480);
  });

  it('row 35: a business day is the declared working-day length, so 1 business day from Tuesday 15:00 is Wednesday 15:00', () => {
    const cal = compileCalendar(office);
    expect(businessDaysToMinutes(cal, 1)).toBe(540);
    expect(ny(deadline(cal, at('2025-06-10T15:00:00-04:00'), businessDaysToMinutes(cal, 1)))).toBe('2025-06-11T15:00:00-04:00');
    expect(businessDaysToMinutes(compileCalendar(officeWithLunch), 2)).toBe(960);
    expect(businessDaysToMinutes(compileCalendar(ny24x7), 1)).toBe(1440);
  });

  it('row 36: holidays are exactly the dates listed in the version (an observed Friday holiday closes Friday, not Saturday)', () => {
    const cal = compileCalendar({ ...office, holidays: [{ date: '2026-07-03', name: 'Independence Day (observed)' }] });
    expect(ny(deadline(cal, at('2026-07-02T15:00:00-04:00'), 240))).toBe('2026-07-06T10:00:00-04:00');
    const explained = explainElapsed(cal, at('2026-07-02T00:00:00-04:00'), at('2026-07-07T00:00:00-04:00'));
    expect(explained.steps).toContainEqual({ kind: 'holiday', date: '2026-07-03', name: 'Independence Day (observed)' });
    const bad = validateCalendar({ ...office, holidays: [{ date: '2025-02-29', name: 'Not a date' }] });
    expect(bad.ok ? [] : bad.problems.map((p) => p.path)).toEqual(['holidays[0].date']);
  });
});
