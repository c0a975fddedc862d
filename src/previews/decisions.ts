/**
 * The decisions of a preview: for every running KPI instance in a change's scope, what applying does
 * (src/previews/preview-rules.ts), read in one query per scope and computed in one pass.
 */
import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { calendars, calendarVersions, type PreviewDecision } from '../../db/schema/index.js';
import { loadCalendarVersion } from '../calendars/calendar-versions.js';
import { caseFacts } from '../sla/sla-clock-listener.js';
import { loadSlaVersion, type PinnedSla } from '../sla/sla-versions.js';
import { selectItems } from '../sla/select-items.js';
import { calendarScope, slaScope } from './instance-scope.js';
import { CalendarCache, decide, type PinnedCalendar } from './preview-rules.js';

/** The current version of each calendar (with its definition), the version applying moves instances to. */
export async function currentCalendarVersions(db: DbOrTx, ids: readonly string[]): Promise<Map<string, NonNullable<PinnedCalendar>>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: calendars.id, version: calendars.currentVersion, definition: calendarVersions.definition })
    .from(calendars)
    .innerJoin(calendarVersions, and(eq(calendarVersions.calendarId, calendars.id), eq(calendarVersions.version, calendars.currentVersion)))
    .where(and(inArray(calendars.id, [...ids]), isNull(calendars.deletedAt)));
  return new Map(rows.map((r) => [r.id, { id: r.id, version: r.version, definition: r.definition }]));
}

export interface Decided {
  decisions: PreviewDecision[];
}

/** Applying each calendar's current version to its running instances on older versions. */
export async function calendarDecisions(db: DbOrTx, targets: ReadonlyMap<string, NonNullable<PinnedCalendar>>, asOf: Date): Promise<Decided> {
  const scope = await calendarScope(db, new Map([...targets].map(([id, c]) => [id, c.version])));
  const cache = new CalendarCache();
  const at = asOf.getTime();
  const decisions = scope.map((inst) => {
    const calendar = targets.get(inst.calendarId!)!;
    const terms = { calendar, warningMinutes: inst.warningMinutes, failureMinutes: inst.failureMinutes };
    return decide(cache, inst, terms, at, { failureIsFinal: true, calendarOut: { id: calendar.id, version: calendar.version } });
  });
  return { decisions };
}

export interface SlaTarget {
  pinned: PinnedSla;
  calendar: PinnedCalendar;
}

export async function loadSlaTarget(db: DbOrTx, slaId: string, version: number): Promise<SlaTarget | undefined> {
  const pinned = await loadSlaVersion(db, slaId, version);
  if (!pinned) return undefined;
  const calendar = pinned.settings.calendarId ? ((await loadCalendarVersion(db, pinned.settings.calendarId)) ?? null) : null;
  return { pinned, calendar };
}

/**
 * Moving the cases that follow another version of the SLA to `target`: each open clock is replaced by
 * one on the item the new version selects for its KPI (same start, pauses, warning and failure carried:
 * spec §2.9), or ends when no item applies to its KPI any more.
 */
export async function slaDecisions(db: DbOrTx, target: SlaTarget, asOf: Date): Promise<Decided> {
  const scope = await slaScope(db, target.pinned.settings.slaId, target.pinned.settings.version);
  const caseRows = scope.cases;
  const cache = new CalendarCache();
  const at = asOf.getTime();
  const calendarOut = target.calendar ? { id: target.calendar.id, version: target.calendar.version } : null;
  const selections = new Map<string, ReturnType<typeof selectItems<PinnedSla['items'][number]>>>();
  const decisions = scope.instances.map((inst) => {
    let selected = selections.get(inst.caseId);
    if (!selected) {
      selected = selectItems(target.pinned.items, caseFacts(caseRows.get(inst.caseId)!));
      selections.set(inst.caseId, selected);
    }
    const item = selected.get(inst.kpi);
    const terms = item ? { calendar: target.calendar, warningMinutes: item.warningMinutes, failureMinutes: item.failureMinutes } : null;
    return decide(cache, inst, terms, at, { failureIsFinal: false, calendarOut, newItemPosition: item?.position });
  });
  return { decisions };
}
