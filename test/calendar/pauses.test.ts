/** Pauses (spec §2.8): paused business time does not count; the deadline moves by exactly that much. */
import { describe, expect, it } from 'vitest';
import { CalendarError, compileCalendar, deadline, elapsed } from '../../src/calendar/index.js';
import { formatInZone } from '../../src/calendar/instant-text.js';
import { NY, at, office } from './support/calendars.js';

const cal = compileCalendar(office);
const ny = (ms: number): string => formatInZone(ms, NY);
const thu = (hhmm: string): number => at(`2025-06-12T${hhmm}:00-04:00`);

function errorOf(fn: () => unknown): CalendarError {
  try {
    fn();
  } catch (e) {
    if (e instanceof CalendarError) return e;
    throw e;
  }
  throw new Error('expected a CalendarError');
}

describe('deadline with pauses', () => {
  it('a pause inside business hours moves the deadline by its length', () => {
    const pauses = [{ from: thu('10:00'), to: thu('11:30') }];
    expect(ny(deadline(cal, thu('09:00'), 120, { pauses }))).toBe('2025-06-12T12:30:00-04:00');
    expect(elapsed(cal, thu('09:00'), thu('12:30'), { pauses })).toBe(120);
  });

  it('a pause outside business hours changes nothing', () => {
    const pauses = [{ from: thu('18:00'), to: at('2025-06-13T07:00:00-04:00') }];
    expect(deadline(cal, thu('15:00'), 240, { pauses })).toBe(deadline(cal, thu('15:00'), 240));
  });

  it('a pause that began before the start counts from the start; overlapping pauses count once', () => {
    const pauses = [
      { from: thu('07:00'), to: thu('09:00') },
      { from: thu('08:30'), to: thu('10:00') },
      { from: thu('09:30'), to: thu('09:45') },
    ];
    expect(ny(deadline(cal, thu('08:00'), 60, { pauses }))).toBe('2025-06-12T11:00:00-04:00');
  });

  it('a budget used up exactly when a pause starts ends there (fill); next-open waits for the resume', () => {
    const pauses = [{ from: thu('10:00'), to: thu('11:00') }];
    expect(ny(deadline(cal, thu('09:00'), 60, { pauses }))).toBe('2025-06-12T10:00:00-04:00');
    expect(ny(deadline(cal, thu('09:00'), 60, { pauses, boundary: 'next-open' }))).toBe('2025-06-12T11:00:00-04:00');
  });

  it('zero minutes gives the first open instant that is not paused', () => {
    const pauses = [{ from: thu('07:00'), to: thu('09:15') }];
    expect(ny(deadline(cal, thu('06:00'), 0, { pauses }))).toBe('2025-06-12T09:15:00-04:00');
  });

  it('zero minutes while a pause covers the rest of the open interval gives the next unpaused opening, not the closing time', () => {
    const pauses = [{ from: thu('16:30'), to: thu('17:30') }];
    expect(ny(deadline(cal, thu('16:30'), 0, { pauses }))).toBe('2025-06-13T08:00:00-04:00');
    expect(ny(deadline(cal, thu('16:30'), 30))).toBe('2025-06-12T17:00:00-04:00'); // without the pause, fill stops at closing
  });

  it('an empty pause (from = to) changes nothing', () => {
    expect(deadline(cal, thu('09:00'), 60, { pauses: [{ from: thu('09:30'), to: thu('09:30') }] })).toBe(thu('10:00'));
  });

  it('an open-ended pause makes the deadline undefined (DEADLINE_UNDEFINED) with the minutes left', () => {
    const error = errorOf(() => deadline(cal, thu('09:00'), 120, { pauses: [{ from: thu('10:00'), to: Infinity }] }));
    expect(error.code).toBe('DEADLINE_UNDEFINED');
    expect(error.details).toEqual({ pausedFrom: thu('10:00'), remainingMinutes: 60 });
  });

  it('an open-ended pause that starts after the budget is used up leaves the deadline defined', () => {
    expect(deadline(cal, thu('09:00'), 60, { pauses: [{ from: thu('12:00'), to: Infinity }] })).toBe(thu('10:00'));
  });

  it('elapsed with an open-ended pause counts nothing after the pause starts', () => {
    expect(elapsed(cal, thu('09:00'), at('2025-06-20T12:00:00-04:00'), { pauses: [{ from: thu('10:00'), to: Infinity }] })).toBe(60);
  });

  it('rejects a pause that ends before it starts', () => {
    expect(errorOf(() => deadline(cal, thu('09:00'), 60, { pauses: [{ from: thu('10:00'), to: thu('09:00') }] })).code).toBe('ARGUMENT_INVALID');
  });
});
