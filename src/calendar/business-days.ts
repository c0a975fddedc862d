/**
 * Business days as a unit (spec §1.7): one business day is the calendar's declared working-day
 * length, `businessDayMinutes` (540 for 08:00-17:00, 1440 for 24x7; for calendars whose days differ,
 * see calendar-definition.ts). "1 business day" from Tuesday 15:00 on 08:00-17:00 is therefore
 * Wednesday 15:00: the engine itself only ever adds minutes.
 */
import type { CompiledCalendar } from './compile-calendar.js';
import { invalidArgument } from './errors.js';

/** Minutes in one business day of this calendar. */
export function businessDayMinutes(cal: CompiledCalendar): number {
  return cal.businessDayMinutes;
}

/** `days` business days (fractions allowed) in business minutes. */
export function businessDaysToMinutes(cal: CompiledCalendar, days: number): number {
  if (typeof days !== 'number' || !Number.isFinite(days) || days < 0) {
    throw invalidArgument(`business days must be a finite number >= 0, got ${String(days)}`);
  }
  return days * cal.businessDayMinutes;
}
