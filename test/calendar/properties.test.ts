/**
 * Property-based tests (business-time.md §4.4) over random calendars in DST-heavy zones, random
 * instants (often near an offset change) and random durations. Seeds are printed on failure by
 * fast-check; rerun one with `fc.assert(..., { seed, path })`.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type CalendarDefinition,
  compileCalendar,
  deadline,
  elapsedMs,
  isOpen,
  nextOpen,
} from '../../src/calendar/index.js';
import { ZONES, calendarArb, capMinutes, instantArb, minutesArb, pausesArb } from './support/arbitraries.js';

const MIN = 60_000;
const RUNS = { numRuns: 500 };
const TIMEOUT = 60_000;
const boundaryArb = fc.constantFrom('fill' as const, 'next-open' as const);

describe('deadline and elapsed: algebraic properties', () => {
  it('round trip: elapsed(s, deadline(s, d)) = d for both boundaries', () => {
    fc.assert(
      fc.property(calendarArb(), instantArb, minutesArb, boundaryArb, (def, s, d0, boundary) => {
        const cal = compileCalendar(def);
        const d = capMinutes(def, d0);
        const t = deadline(cal, s, d, { boundary });
        expect(elapsedMs(cal, s, t)).toBe(d * MIN);
        expect(t).toBeGreaterThanOrEqual(nextOpen(cal, s));
      }),
      RUNS,
    );
  }, TIMEOUT);

  it('minimality: one millisecond before a fill deadline, the budget is not yet used up', () => {
    fc.assert(
      fc.property(calendarArb(), instantArb, minutesArb, (def, s, d0) => {
        const cal = compileCalendar(def);
        const d = Math.max(1, capMinutes(def, d0));
        const t = deadline(cal, s, d);
        expect(elapsedMs(cal, s, t - 1)).toBeLessThan(d * MIN);
        // next-open differs from fill only by moving a closing time to the next opening
        const next = deadline(cal, s, d, { boundary: 'next-open' });
        expect(next).toBeGreaterThanOrEqual(t);
        if (next !== t) expect(next).toBe(nextOpen(cal, t));
      }),
      RUNS,
    );
  }, TIMEOUT);

  it('zero minutes gives the first open instant, which is open and a fixed point', () => {
    fc.assert(
      fc.property(calendarArb(), instantArb, (def, s) => {
        const cal = compileCalendar(def);
        const open = deadline(cal, s, 0);
        expect(open).toBe(nextOpen(cal, s));
        expect(open).toBeGreaterThanOrEqual(s);
        expect(nextOpen(cal, open)).toBe(open);
        expect(isOpen(cal, open)).toBe(true);
        expect(elapsedMs(cal, s, open)).toBe(0);
      }),
      RUNS,
    );
  }, TIMEOUT);

  it('monotone in the duration and in the start', () => {
    fc.assert(
      fc.property(calendarArb(), instantArb, instantArb, minutesArb, minutesArb, (def, s1, s2, a0, b0) => {
        const cal = compileCalendar(def);
        const [lo, hi] = [Math.min(capMinutes(def, a0), capMinutes(def, b0)), Math.max(capMinutes(def, a0), capMinutes(def, b0))];
        expect(deadline(cal, s1, lo)).toBeLessThanOrEqual(deadline(cal, s1, hi));
        const [early, late] = s1 <= s2 ? [s1, s2] : [s2, s1];
        expect(deadline(cal, early, lo)).toBeLessThanOrEqual(deadline(cal, late, lo));
      }),
      RUNS,
    );
  }, TIMEOUT);

  it('additive: deadline(deadline(s, a), b) = deadline(s, a + b) for b > 0', () => {
    fc.assert(
      fc.property(calendarArb(), instantArb, minutesArb, fc.integer({ min: 1, max: 5000 }), boundaryArb, (def, s, a0, b0, boundary) => {
        const cal = compileCalendar(def);
        const a = capMinutes(def, a0);
        const b = Math.max(1, capMinutes(def, b0));
        expect(deadline(cal, deadline(cal, s, a, { boundary }), b, { boundary })).toBe(deadline(cal, s, a + b, { boundary }));
      }),
      RUNS,
    );
  }, TIMEOUT);

  it('elapsed is antisymmetric, additive, and never more than real time', () => {
    fc.assert(
      fc.property(calendarArb(), instantArb, instantArb, instantArb, (def, a, b, c) => {
        const cal = compileCalendar(def);
        expect(elapsedMs(cal, b, a)).toBe(0 - elapsedMs(cal, a, b));
        expect(elapsedMs(cal, a, b) + elapsedMs(cal, b, c)).toBe(elapsedMs(cal, a, c));
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        const e = elapsedMs(cal, lo, hi);
        expect(e).toBeGreaterThanOrEqual(0);
        expect(e).toBeLessThanOrEqual(hi - lo);
      }),
      RUNS,
    );
  }, TIMEOUT);
});

describe('24x7 and holidays', () => {
  it('24x7 without holidays is plain addition of real time in every zone, across every DST change', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ZONES), instantArb, minutesArb, fc.constantFrom('jump' as const, 'walk' as const, 'resolve-all' as const), (timeZone, s, d, strategy) => {
        const cal = compileCalendar({ timeZone, is24x7: true });
        const capped = strategy === 'jump' ? d : Math.min(d, 20_000);
        expect(deadline(cal, s, capped, { strategy })).toBe(s + capped * MIN);
        expect(elapsedMs(cal, s, s + capped * MIN, { strategy })).toBe(capped * MIN);
      }),
      RUNS,
    );
  }, TIMEOUT);

  it('a holiday only removes time: deadlines never earlier, elapsed never larger', () => {
    fc.assert(
      fc.property(calendarArb(), instantArb, minutesArb, fc.integer({ min: -3, max: 30 }), (def, s, d0, offsetDays) => {
        const d = capMinutes(def, d0);
        const holiday = new Date(s + offsetDays * 86_400_000).toISOString().slice(0, 10);
        if ((def.specialHours ?? []).some((x) => x.date === holiday)) return;
        const withHoliday: CalendarDefinition = { ...def, holidays: [...(def.holidays ?? []), { date: holiday, name: 'extra' }] };
        const cal = compileCalendar(def);
        const more = compileCalendar(withHoliday);
        const t = deadline(cal, s, d);
        expect(deadline(more, s, d)).toBeGreaterThanOrEqual(t);
        expect(elapsedMs(more, s, t)).toBeLessThanOrEqual(elapsedMs(cal, s, t));
      }),
      RUNS,
    );
  }, TIMEOUT);
});

/** A span after s: short (within days) or long (up to ~a year), on or off the minute grid. */
const spanArb = fc.oneof(fc.integer({ min: 0, max: 4 * 1440 }), fc.integer({ min: 0, max: 400 * 1440 })).map((m) => m * MIN);

describe('durations that land exactly on boundaries (d = elapsed(s, u))', () => {
  it('the fill deadline of the business time in [s, u) is the earliest instant <= u that reaches it', () => {
    fc.assert(
      fc.property(calendarArb(), instantArb, spanArb, (def, s, span) => {
        const cal = compileCalendar(def);
        const u = s + span;
        const dMs = elapsedMs(cal, s, u);
        const d = dMs / MIN; // not always a whole number of minutes: still whole milliseconds
        const t = deadline(cal, s, d);
        expect(t).toBeLessThanOrEqual(Math.max(u, nextOpen(cal, s)));
        expect(elapsedMs(cal, s, t)).toBe(dMs);
        if (dMs > 0) expect(elapsedMs(cal, s, t - 1)).toBeLessThan(dMs);
        const next = deadline(cal, s, d, { boundary: 'next-open' });
        expect(next).toBe(isOpen(cal, t) ? t : nextOpen(cal, t));
      }),
      RUNS,
    );
  }, TIMEOUT);

  it('week jumps agree with the day walk when the budget ends exactly at a run, week or day boundary', () => {
    fc.assert(
      fc.property(calendarArb(), instantArb, spanArb, boundaryArb, (def, s, span, boundary) => {
        const cal = compileCalendar(def);
        const d = elapsedMs(cal, s, s + span) / MIN;
        expect(deadline(cal, s, d, { boundary })).toBe(deadline(cal, s, d, { boundary, strategy: 'walk' }));
      }),
      RUNS,
    );
  }, TIMEOUT);

  it('plain weeks: a budget of whole template weeks from a Monday midnight ends at the last closing time', () => {
    fc.assert(
      fc.property(calendarArb({ exceptions: false, zones: ['UTC', 'Asia/Kolkata'] }), fc.integer({ min: 1, max: 30 }), boundaryArb, (def, weeks, boundary) => {
        const cal = compileCalendar(def);
        const monday = Date.UTC(2025, 0, 6) - cal.days.offsets.offsetAt(Date.UTC(2025, 0, 6));
        const d = (weeks * cal.weekMs) / MIN;
        const end = monday + weeks * 7 * 86_400_000;
        expect(deadline(cal, monday, d, { boundary })).toBe(deadline(cal, monday, d, { boundary, strategy: 'walk' }));
        expect(deadline(cal, monday, d)).toBeLessThanOrEqual(end);
        expect(elapsedMs(cal, monday, end)).toBe(weeks * cal.weekMs);
      }),
      RUNS,
    );
  }, TIMEOUT);
});

describe('week jumps', () => {
  it('skipping plain weeks gives exactly what walking every day gives, and what resolving every boundary gives', () => {
    fc.assert(
      fc.property(calendarArb(), instantArb, minutesArb, boundaryArb, (def, s, d0, boundary) => {
        const cal = compileCalendar(def);
        const d = capMinutes(def, d0);
        const jump = deadline(cal, s, d, { boundary });
        expect(deadline(cal, s, d, { boundary, strategy: 'walk' })).toBe(jump);
        expect(deadline(cal, s, d, { boundary, strategy: 'resolve-all' })).toBe(jump);
        const e = elapsedMs(cal, s, jump + 7 * 86_400_000);
        expect(elapsedMs(cal, s, jump + 7 * 86_400_000, { strategy: 'walk' })).toBe(e);
        expect(elapsedMs(cal, s, jump + 7 * 86_400_000, { strategy: 'resolve-all' })).toBe(e);
      }),
      RUNS,
    );
  }, TIMEOUT);
});

describe('pauses', () => {
  it('round trip with pauses: elapsed(s, deadline(s, d, pauses), pauses) = d', () => {
    fc.assert(
      fc.property(calendarArb(), instantArb, minutesArb, pausesArb, boundaryArb, (def, s, d0, pauses, boundary) => {
        const cal = compileCalendar(def);
        const d = capMinutes(def, d0);
        const t = deadline(cal, s, d, { pauses, boundary });
        expect(elapsedMs(cal, s, t, { pauses })).toBe(d * MIN);
        expect(t).toBeGreaterThanOrEqual(deadline(cal, s, d, { boundary }));
        if (boundary === 'fill' && d > 0) expect(elapsedMs(cal, s, t - 1, { pauses })).toBeLessThan(d * MIN);
      }),
      RUNS,
    );
  }, TIMEOUT);

  it('a pause moves the deadline later by exactly the business time it holds', () => {
    fc.assert(
      fc.property(calendarArb(), instantArb, minutesArb, pausesArb, (def, s, d0, pauses) => {
        const cal = compileCalendar(def);
        const d = capMinutes(def, d0);
        const t = deadline(cal, s, d, { pauses });
        const paused = elapsedMs(cal, s, t) - elapsedMs(cal, s, t, { pauses });
        // d = 0 asks for an open, unpaused instant: a closing time reached by the paused time is not one.
        expect(deadline(cal, s, d + paused / MIN, { boundary: d === 0 ? 'next-open' : 'fill' })).toBe(t);
      }),
      RUNS,
    );
  }, TIMEOUT);
});
