/** Calendars and helpers shared by the calendar tests. */
import type { CalendarDefinition, TimeIntervalDefinition } from '../../../src/calendar/index.js';
import { parseInstant } from '../../../src/calendar/instant-text.js';

export const NY = 'America/New_York';

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri'] as const;

export function weekdays(...intervals: TimeIntervalDefinition[]): CalendarDefinition['weekly'] {
  return Object.fromEntries(WEEKDAYS.map((d) => [d, intervals]));
}

/** "office": Mon-Fri 08:00-17:00 America/New_York (business-time.md §2). */
export const office: CalendarDefinition = { timeZone: NY, weekly: weekdays(['08:00', '17:00']) };

export const officeWithLunch: CalendarDefinition = { timeZone: NY, weekly: weekdays(['08:00', '12:00'], ['13:00', '17:00']) };

export const ny24x7: CalendarDefinition = { timeZone: NY, is24x7: true };

/** US federal holidays 2025 (dates as observed). */
export const US_FEDERAL_2025 = [
  ['2025-01-01', "New Year's Day"],
  ['2025-01-20', 'Martin Luther King Jr. Day'],
  ['2025-02-17', "Washington's Birthday"],
  ['2025-05-26', 'Memorial Day'],
  ['2025-06-19', 'Juneteenth'],
  ['2025-07-04', 'Independence Day'],
  ['2025-09-01', 'Labor Day'],
  ['2025-10-13', 'Columbus Day'],
  ['2025-11-11', 'Veterans Day'],
  ['2025-11-27', 'Thanksgiving Day'],
  ['2025-12-25', 'Christmas Day'],
].map(([date, name]) => ({ date, name }));

/** Epoch ms of an ISO instant with offset. */
export const at = (iso: string): number => parseInstant(iso);
