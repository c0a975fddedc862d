/** What the public functions accept: whole-ms instants in 1900..2399, durations of whole ms. */
import { describe, expect, it } from 'vitest';
import { CalendarError, compileCalendar, deadline, elapsed, elapsedMs, nextOpen } from '../../src/calendar/index.js';
import { at, office } from './support/calendars.js';

const cal = compileCalendar(office);
const start = at('2025-06-12T09:00:00-04:00');
const code = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (e) {
    return e instanceof CalendarError ? e.code : 'not a CalendarError';
  }
  return undefined;
};

describe('argument checks', () => {
  it.each([
    ['a fractional instant', () => deadline(cal, start + 0.5, 60), 'ARGUMENT_INVALID'],
    ['NaN as an instant', () => nextOpen(cal, Number.NaN), 'ARGUMENT_INVALID'],
    ['an instant before 1900', () => elapsed(cal, Date.UTC(1899, 11, 31), start), 'OUT_OF_RANGE'],
    ['a negative duration', () => deadline(cal, start, -1), 'ARGUMENT_INVALID'],
    ['an infinite duration', () => deadline(cal, start, Infinity), 'ARGUMENT_INVALID'],
    ['a duration finer than a millisecond', () => deadline(cal, start, 0.00001), 'ARGUMENT_INVALID'],
    ['an unknown boundary', () => deadline(cal, start, 1, { boundary: 'nearest' as never }), 'ARGUMENT_INVALID'],
    ['a deadline past 2399', () => deadline(compileCalendar({ timeZone: 'UTC', is24x7: true }), start, 400 * 366 * 1440), 'OUT_OF_RANGE'],
  ])('rejects %s', (_what, fn, expected) => {
    expect(code(fn)).toBe(expected);
  });

  it('accepts fractional minutes that are whole milliseconds, also when read back from elapsedMs of a long span', () => {
    expect(deadline(cal, start, 0.5)).toBe(start + 30_000);
    const far = at('2026-07-20T13:11:09.854-04:00');
    const ms = elapsedMs(cal, start, far);
    expect(elapsedMs(cal, start, deadline(cal, start, ms / 60_000))).toBe(ms);
  });
});
