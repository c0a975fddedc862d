import type { DbOrTx } from '../../db/client.js';
import { loadCalendarVersion } from '../calendars/calendar-versions.js';
import { businessDaysToMinutes, compileCalendar } from '../calendar/index.js';
import { unprocessable } from '../errors.js';

/** Minutes in one business day of a calendar (spec §1.7); 1440 without a calendar (24x7). */
export async function businessDayMinutesOf(db: DbOrTx, calendarId: string | null): Promise<number> {
  if (!calendarId) return 1440;
  const pinned = await loadCalendarVersion(db, calendarId);
  if (!pinned) throw unprocessable('CALENDAR_NOT_FOUND', `body.calendarId: no calendar with id "${calendarId}"`, { field: 'body.calendarId' });
  return businessDaysToMinutes(compileCalendar(pinned.definition as never), 1);
}
