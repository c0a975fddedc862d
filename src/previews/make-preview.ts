/**
 * POST .../preview: what applying a change to the running KPI instances would do. A proposed
 * definition is written in a transaction that is rolled back (src/previews/preview-store.ts `dryRun`), so
 * the preview sees exactly the versions its PUT would write; without a proposal, the current versions are
 * applied. Nothing changes but the stored preview.
 */
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client.js';
import { calendars, holidayLists, slas, type ChangePreviewKind, type PreviewTarget } from '../../db/schema/index.js';
import type { Actor } from '../audit/actor.js';
import { replaceCalendar } from '../calendars/calendars.js';
import { updateHolidayList } from '../calendars/holiday-lists.js';
import { notFound } from '../errors.js';
import { replaceSla, type BusinessDayMinutes } from '../sla/sla-definitions.js';
import { calendarDecisions, currentCalendarVersions, loadSlaTarget, slaDecisions, type Decided } from './decisions.js';
import type { CalendarPreviewRequest, HolidayListPreviewRequest, SlaPreviewRequest } from './preview-schemas.js';
import { asDb, dryRun, storePreview, type PreviewRow } from './preview-store.js';

interface Computed extends Decided {
  baseVersion: number;
  target: PreviewTarget;
}

/** The subject's version now, or 404 (deleted subjects cannot be previewed). */
export async function subjectVersion(db: DbOrTx, kind: ChangePreviewKind, id: string): Promise<number> {
  const table = kind === 'calendar' ? calendars : kind === 'holiday_list' ? holidayLists : slas;
  const column = kind === 'calendar' ? calendars.currentVersion : kind === 'holiday_list' ? holidayLists.version : slas.version;
  const [row] = await db.select({ version: column }).from(table).where(and(eq(table.id, id), isNull(table.deletedAt)));
  if (!row) throw notFound(kind === 'calendar' ? 'calendar' : kind === 'holiday_list' ? 'holiday list' : 'SLA', id);
  return row.version;
}

/** Calendars (not deleted) that include a holiday list. */
export async function calendarsIncluding(db: DbOrTx, listId: string): Promise<string[]> {
  const rows = await db
    .select({ id: calendars.id })
    .from(calendars)
    .where(and(isNull(calendars.deletedAt), sql`${calendars.holidayListIds} @> ${JSON.stringify([listId])}::jsonb`));
  return rows.map((r) => r.id).sort();
}

async function onCalendars(db: DbOrTx, ids: readonly string[], asOf: Date): Promise<Decided & { target: PreviewTarget }> {
  const targets = await currentCalendarVersions(db, ids);
  const decided = await calendarDecisions(db, targets, asOf);
  return { ...decided, target: { calendars: [...targets.values()].map((c) => ({ id: c.id, version: c.version })).sort((a, b) => a.id.localeCompare(b.id)) } };
}

async function save(db: Db, kind: ChangePreviewKind, subjectId: string, proposed: object | undefined, c: Computed, asOf: Date, actor: Actor): Promise<PreviewRow> {
  return storePreview(db, { kind, subjectId, baseVersion: c.baseVersion, proposed: (proposed as Record<string, unknown>) ?? null, target: c.target, decisions: c.decisions, asOf }, actor);
}

export async function previewCalendar(db: Db, id: string, body: CalendarPreviewRequest, asOf: Date, actor: Actor): Promise<PreviewRow> {
  const proposed = body.proposed;
  const computed = await dryRun(db, async (tx) => {
    const baseVersion = await subjectVersion(tx, 'calendar', id);
    if (proposed) await replaceCalendar(asDb(tx), id, proposed, baseVersion, asOf, actor);
    return { baseVersion, ...(await onCalendars(tx, [id], asOf)) };
  });
  return save(db, 'calendar', id, proposed, computed, asOf, actor);
}

/**
 * A holiday list change reaches every calendar that includes it: with a proposal, the calendars whose
 * holidays it changes get a new version (as its PUT would write them); without one, each calendar's
 * current version is applied.
 */
export async function previewHolidayList(db: Db, id: string, body: HolidayListPreviewRequest, asOf: Date, actor: Actor): Promise<PreviewRow> {
  const proposed = body.proposed;
  const computed = await dryRun(db, async (tx) => {
    const baseVersion = await subjectVersion(tx, 'holiday_list', id);
    const ids = proposed
      ? (await updateHolidayList(asDb(tx), id, proposed, baseVersion, asOf, actor)).calendarVersionsCreated.map((c) => c.calendarId)
      : await calendarsIncluding(tx, id);
    return { baseVersion, ...(await onCalendars(tx, ids, asOf)) };
  });
  return save(db, 'holiday_list', id, proposed, computed, asOf, actor);
}

export async function previewSla(db: Db, id: string, body: SlaPreviewRequest, businessDayMinutes: BusinessDayMinutes, asOf: Date, actor: Actor): Promise<PreviewRow> {
  const proposed = body.proposed;
  const computed = await dryRun(db, async (tx) => {
    const baseVersion = await subjectVersion(tx, 'sla', id);
    const version = proposed ? (await replaceSla(asDb(tx), id, proposed, baseVersion, businessDayMinutes, asOf, actor)).version : baseVersion;
    const target = (await loadSlaTarget(tx, id, version))!;
    const decided = await slaDecisions(tx, target, asOf);
    const cal = target.calendar ? [{ id: target.calendar.id, version: target.calendar.version }] : [];
    return { baseVersion, ...decided, target: { calendars: cal, slaVersion: version } };
  });
  return save(db, 'sla', id, proposed, computed, asOf, actor);
}
