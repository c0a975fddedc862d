import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { slaVersions } from '../../db/schema/index.js';
import { compileCalendar, elapsed, type CalendarDefinition, type CompiledCalendar } from '../calendar/index.js';
import { loadCalendarVersion } from '../calendars/calendar-versions.js';
import type { CaseRow } from '../cases/case-lifecycle.js';

/**
 * Time spent in a stage, in calendar minutes and in business minutes on the calendar of the case's SLA
 * (the version the case pinned; its calendar's current version). No SLA or a 24x7 SLA: both are equal.
 */
export interface StageClock {
  calendar: { id: string; version: number } | null;
  minutes(fromMs: number, toMs: number): { calendarMinutes: number; businessMinutes: number };
}

export async function stageClockOf(db: DbOrTx, c: Pick<CaseRow, 'slaId' | 'slaVersion'>): Promise<StageClock> {
  let compiled: CompiledCalendar | null = null;
  let calendar: StageClock['calendar'] = null;
  if (c.slaId && c.slaVersion !== null) {
    const [v] = await db
      .select({ calendarId: slaVersions.calendarId })
      .from(slaVersions)
      .where(and(eq(slaVersions.slaId, c.slaId), eq(slaVersions.version, c.slaVersion)));
    const pinned = v?.calendarId ? await loadCalendarVersion(db, v.calendarId) : undefined;
    if (pinned) {
      try {
        compiled = compileCalendar(pinned.definition as CalendarDefinition);
        calendar = { id: pinned.id, version: pinned.version };
      } catch {
        compiled = null; // an unusable calendar: business minutes fall back to calendar minutes
      }
    }
  }
  return {
    calendar,
    minutes(fromMs, toMs) {
      const calendarMinutes = Math.max(0, Math.floor((toMs - fromMs) / 60_000));
      const businessMinutes = compiled ? Math.floor(elapsed(compiled, fromMs, Math.max(fromMs, toMs))) : calendarMinutes;
      return { calendarMinutes, businessMinutes };
    },
  };
}
