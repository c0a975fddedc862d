/** Calendar validation: every problem is reported with its path; overlaps are merged, not rejected. */
import { describe, expect, it } from 'vitest';
import {
  CalendarError,
  type CalendarDefinition,
  businessDayMinutes,
  businessDaysToMinutes,
  compileCalendar,
  validateCalendar,
} from '../../src/calendar/index.js';
import { NY, office, weekdays } from './support/calendars.js';

function problemsOf(def: unknown): { path: string; message: string }[] {
  const result = validateCalendar(def);
  return result.ok ? [] : [...result.problems];
}

function normalised(def: CalendarDefinition) {
  const result = validateCalendar(def);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.calendar;
}

describe('validateCalendar rejects invalid calendars, naming the path and the reason', () => {
  it.each([
    ['an unknown time zone', { ...office, timeZone: 'Mars/Olympus_Mons' }, 'timeZone', /not a known IANA time zone/],
    ['a missing time zone', { weekly: office.weekly }, 'timeZone', /required/],
    ['a time that is not HH:MM', { timeZone: NY, weekly: { mon: [['8:00', '17:00']] } }, 'weekly.mon[0][0]', /not a time "HH:MM"/],
    ['an hour out of range', { timeZone: NY, weekly: { tue: [['08:00', '25:00']] } }, 'weekly.tue[0][1]', /not a time/],
    ['an interval starting at 24:00', { timeZone: NY, weekly: { wed: [['24:00', '06:00']] } }, 'weekly.wed[0][0]', /cannot start at 24:00/],
    ['an interval that is not a pair', { timeZone: NY, weekly: { thu: [['08:00']] } }, 'weekly.thu[0]', /pair/],
    ['a misspelt weekday', { timeZone: NY, weekly: { monday: [['08:00', '17:00']], tue: [['08:00', '17:00']] } }, 'weekly.monday', /unknown key/],
    ['a misspelt top-level key', { ...office, holiday: [{ date: '2025-12-25' }] }, 'holiday', /unknown key/],
    ['a date that does not exist', { ...office, holidays: [{ date: '2025-02-29' }] }, 'holidays[0].date', /not a date/],
    ['a date out of the supported years', { ...office, holidays: [{ date: '1850-01-01' }] }, 'holidays[0].date', /between 1900-01-01/],
    ['a closure that ends before it starts', { ...office, closures: [{ date: '2025-12-24', from: '14:00', to: '12:00' }] }, 'closures[0].to', /after "from"/],
    ['special hours that run past midnight', { ...office, specialHours: [{ date: '2025-12-31', intervals: [['22:00', '02:00']] }] }, 'specialHours[0].intervals[0][1]', /within their date/],
    ['special hours without intervals', { ...office, specialHours: [{ date: '2025-12-31' }] }, 'specialHours[0].intervals', /required/],
    ['a date that is both a holiday and special hours', { ...office, holidays: [{ date: '2025-12-31' }], specialHours: [{ date: '2025-12-31', intervals: [] }] }, 'specialHours[0].date', /also listed as a holiday/],
    ['weekly hours on a 24x7 calendar', { ...office, is24x7: true }, 'weekly', /must be empty when is24x7/],
    ['a business day longer than a day', { ...office, businessDayMinutes: 1441 }, 'businessDayMinutes', /1 to 1440/],
    ['no open time at all', { timeZone: NY, weekly: {}, holidays: [{ date: '2025-12-25' }] }, 'weekly', /no open time at all/],
  ])('%s', (_what, def, path, message) => {
    const problems = problemsOf(def);
    expect(problems.map((p) => p.path)).toEqual([path]);
    expect(problems[0].message).toMatch(message);
  });

  it('reports every problem at once', () => {
    const problems = problemsOf({ timeZone: 'Nowhere/City', weekly: { mon: [['08:00', '17:60']], fri: 'all day' }, holidays: [{ date: 'tomorrow' }] });
    expect(problems.map((p) => p.path)).toEqual(['timeZone', 'weekly.mon[0][1]', 'weekly.fri', 'holidays[0].date']);
  });

  it('rejects something that is not an object', () => {
    expect(problemsOf(null)).toEqual([{ path: '', message: 'a calendar must be a JSON object' }]);
    expect(problemsOf([office])).toHaveLength(1);
  });

  it('compileCalendar throws CALENDAR_INVALID carrying the problems', () => {
    let error: unknown;
    try {
      compileCalendar({ timeZone: 'Mars/Olympus_Mons', weekly: office.weekly });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CalendarError);
    expect((error as CalendarError).code).toBe('CALENDAR_INVALID');
    expect((error as CalendarError).problems).toEqual([{ path: 'timeZone', message: expect.stringContaining('Mars/Olympus_Mons') }]);
  });
});

describe('validateCalendar normalises', () => {
  it('merges overlapping, touching, unsorted and duplicate intervals', () => {
    const cal = normalised({ timeZone: NY, weekly: { mon: [['13:00', '17:00'], ['08:00', '12:00'], ['12:00', '13:00'], ['09:00', '10:00']] } });
    expect(cal.weekly[0]).toEqual([[480, 1020]]);
  });

  it('splits an overnight interval at midnight: each part belongs to its own weekday (Sunday spills into Monday)', () => {
    const cal = normalised({ timeZone: NY, weekly: { sun: [['22:00', '06:00']], mon: [['05:00', '09:00']] } });
    expect(cal.weekly[6]).toEqual([[1320, 1440]]);
    expect(cal.weekly[0]).toEqual([[0, 540]]);
  });

  it("treats an end equal to the start as 24 hours from the start ('08:00'-'08:00')", () => {
    const cal = normalised({ timeZone: NY, weekly: { mon: [['08:00', '08:00']] } });
    expect(cal.weekly[0]).toEqual([[480, 1440]]);
    expect(cal.weekly[1]).toEqual([[0, 480]]);
  });

  it('merges special hours given twice for one date, and joins holiday names given twice', () => {
    const cal = normalised({
      ...office,
      holidays: [{ date: '2025-12-25', name: 'Christmas' }, { date: '2025-12-25', name: 'Noël' }],
      specialHours: [{ date: '2025-12-31', intervals: [['08:00', '10:00']] }, { date: '2025-12-31', intervals: [['09:00', '12:00']], name: 'NYE' }],
    });
    expect(cal.holidays).toEqual([{ date: '2025-12-25', name: 'Christmas; Noël' }]);
    expect(cal.specialHours).toEqual([{ date: '2025-12-31', name: 'Special hours; NYE', intervals: [[480, 720]] }]);
  });

  it('accepts a calendar whose only open time is special hours', () => {
    expect(problemsOf({ timeZone: NY, specialHours: [{ date: '2025-12-31', intervals: [['08:00', '12:00']] }] })).toEqual([]);
  });

  it('gives the same compiled calendar for the same content in any key order', () => {
    const a = compileCalendar({ timeZone: NY, weekly: { mon: [['08:00', '17:00']] }, id: 'x', version: 3 });
    const b = compileCalendar({ version: 3, id: 'x', weekly: { mon: [['08:00', '17:00']] }, timeZone: NY });
    expect(b).toBe(a);
    expect(compileCalendar({ timeZone: NY, weekly: { mon: [['08:00', '17:00']] }, id: 'x', version: 4 })).not.toBe(a);
  });
});

describe('business-day length (spec §1.7)', () => {
  it.each<[string, CalendarDefinition, number]>([
    ['08:00-17:00 Mon-Fri', office, 540],
    ['08:00-12:00 + 13:00-17:00', { timeZone: NY, weekly: weekdays(['08:00', '12:00'], ['13:00', '17:00']) }, 480],
    ['24x7', { timeZone: NY, is24x7: true }, 1440],
    ['a 22:00-06:00 night shift counts whole on the day it starts', { timeZone: NY, weekly: weekdays(['22:00', '06:00']) }, 480],
    ['Mon-Thu 9 h and a short Friday: the most common length', { timeZone: NY, weekly: { ...weekdays(['08:00', '17:00']), fri: [['08:00', '12:00']] } }, 540],
    ['a tie goes to the longer day', { timeZone: NY, weekly: { mon: [['08:00', '17:00']], tue: [['08:00', '12:00']] } }, 540],
    ['overlapping intervals count once', { timeZone: NY, weekly: { mon: [['08:00', '12:00'], ['10:00', '14:00']] } }, 360],
    ['an explicit businessDayMinutes wins', { ...office, businessDayMinutes: 480 }, 480],
    ['only special hours: their most common length', { timeZone: NY, specialHours: [{ date: '2025-12-31', intervals: [['08:00', '12:00']] }] }, 240],
  ])('%s → %i minutes', (_what, def, minutes) => {
    const cal = compileCalendar(def);
    expect(businessDayMinutes(cal)).toBe(minutes);
    expect(businessDaysToMinutes(cal, 2.5)).toBe(2.5 * minutes);
  });

  it('rejects a negative number of business days', () => {
    expect(() => businessDaysToMinutes(compileCalendar(office), -1)).toThrow(/business days/);
  });
});
