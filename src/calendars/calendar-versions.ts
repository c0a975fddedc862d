import { and, eq, isNull } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { calendars, calendarVersions } from '../../db/schema/index.js';

export interface PinnedCalendar {
  id: string;
  version: number;
  definition: unknown;
}

/** The calendar version a new KPI instance pins (the current one unless a version is named). */
export async function loadCalendarVersion(db: DbOrTx, calendarId: string, version?: number): Promise<PinnedCalendar | undefined> {
  const [cal] = await db.select().from(calendars).where(and(eq(calendars.id, calendarId), isNull(calendars.deletedAt)));
  if (!cal) return undefined;
  const v = version ?? cal.currentVersion;
  const [row] = await db
    .select()
    .from(calendarVersions)
    .where(and(eq(calendarVersions.calendarId, calendarId), eq(calendarVersions.version, v)));
  return row ? { id: calendarId, version: v, definition: row.definition } : undefined;
}
