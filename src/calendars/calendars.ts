/**
 * Versioned business-hours calendars (spec §1.8). A calendar row names the current version; versions are
 * immutable rows holding the definition with holiday lists resolved in. Creating a calendar writes version 1;
 * every replacement (PUT) and every change of a holiday list it includes writes the next version. Running
 * KPI instances keep the version they pinned until an operator applies the current one to them
 * (applyToRunning), which enqueues an `apply_calendar` command per instance in the same transaction.
 */
import { and, asc, eq, inArray, isNull, isNotNull, lt } from 'drizzle-orm';
import type { Db, DbOrTx, Tx } from '../../db/client.js';
import { calendars, calendarVersions, holidayLists, slaKpiInstances, slas, type ResolvedHolidayList } from '../../db/schema/index.js';
import { validateCalendar } from '../calendar/index.js';
import { AppError, conflict, notFound, preconditionFailed, unprocessable } from '../errors.js';
import { enqueueCommand } from '../sla/kpi-instances.js';
import { checkDefinition } from './calendar-errors.js';
import type { CalendarInput, CalendarSummary, CalendarVersionView, CalendarView } from './calendar-schemas.js';
import { resolveDefinition, sourceOf, type HolidayListContent } from './resolve-holidays.js';
import { recordChange } from '../audit/audit-log.js';
import type { Actor } from '../audit/actor.js';

export type CalendarRow = typeof calendars.$inferSelect;
export type CalendarVersionRow = typeof calendarVersions.$inferSelect;

const calendarNotFound = (id: string) => notFound('calendar', id);

/**
 * The holiday lists a calendar includes, in the order given, locked FOR SHARE (lists before calendars, the
 * order holiday-list updates lock in too): a concurrent list update either finishes first (and this calendar
 * resolves its new holidays) or waits and then sees this calendar among the list's users.
 */
export async function lockHolidayLists(tx: Tx, ids: readonly string[], field = 'body.holidayListIds'): Promise<HolidayListContent[]> {
  if (ids.length === 0) return [];
  const rows = await tx
    .select()
    .from(holidayLists)
    .where(and(inArray(holidayLists.id, [...ids]), isNull(holidayLists.deletedAt)))
    .orderBy(asc(holidayLists.id))
    .for('share');
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id, i) => {
    const row = byId.get(id);
    if (!row) {
      throw unprocessable('HOLIDAY_LIST_NOT_FOUND', `${field}[${i}]: no holiday list with id "${id}"`, { field: `${field}[${i}]`, id });
    }
    return { id: row.id, name: row.name, version: row.version, holidays: row.holidays };
  });
}

const resolvedLists = (lists: readonly HolidayListContent[]): ResolvedHolidayList[] => lists.map((l) => ({ id: l.id, name: l.name, version: l.version }));

/** Resolves and checks the definition of a new version (throws 400 CALENDAR_INVALID). */
function versionDefinition(source: Record<string, unknown>, lists: readonly HolidayListContent[], meta: { id: string; version: number }) {
  const definition = resolveDefinition(source, lists, meta);
  if (lists.length > 0) {
    checkDefinition(definition, 'body.definition', `once its holiday lists (${lists.map((l) => `"${l.name}"`).join(', ')}) are included`);
  }
  return definition;
}

export async function createCalendar(db: Db, input: CalendarInput, now: Date, actor: Actor): Promise<CalendarView> {
  const source = sourceOf(input.definition as Record<string, unknown>);
  checkDefinition(source, 'body.definition');
  const ids = input.holidayListIds ?? [];
  const id = await db.transaction(async (tx) => {
    const lists = await lockHolidayLists(tx, ids);
    const [row] = await tx.insert(calendars).values({ name: input.name, currentVersion: 1, holidayListIds: ids, createdAt: now, updatedAt: now }).returning();
    const definition = versionDefinition(source, lists, { id: row.id, version: 1 });
    await tx.insert(calendarVersions).values({
      calendarId: row.id,
      version: 1,
      definition,
      sourceDefinition: source,
      holidayLists: resolvedLists(lists),
      reason: 'created',
      createdAt: now,
    });
    await recordChange(tx, { entity: 'calendar', entityId: row.id, version: 1, action: 'created', data: { name: input.name } }, actor, now);
    return row.id;
  });
  return getCalendar(db, id);
}

/** Writes the next version of a calendar (never touches an existing version). */
export async function replaceCalendar(
  db: Db,
  id: string,
  input: CalendarInput,
  expectedVersion: number | undefined,
  now: Date,
  actor: Actor,
): Promise<CalendarView> {
  const source = sourceOf(input.definition as Record<string, unknown>);
  checkDefinition(source, 'body.definition');
  const ids = input.holidayListIds ?? [];
  await db.transaction(async (tx) => {
    const lists = await lockHolidayLists(tx, ids);
    const current = await lockCalendar(tx, id);
    if (expectedVersion !== undefined && current.currentVersion !== expectedVersion) {
      throw preconditionFailed(`The calendar changed since you read it (version ${current.currentVersion}, If-Match had ${expectedVersion}); read it again and retry.`, {
        currentVersion: current.currentVersion,
      });
    }
    const version = current.currentVersion + 1;
    const definition = versionDefinition(source, lists, { id, version });
    await tx.insert(calendarVersions).values({
      calendarId: id,
      version,
      definition,
      sourceDefinition: source,
      holidayLists: resolvedLists(lists),
      reason: 'updated',
      createdAt: now,
    });
    await tx.update(calendars).set({ name: input.name, currentVersion: version, holidayListIds: ids, updatedAt: now }).where(eq(calendars.id, id));
    await recordChange(tx, { entity: 'calendar', entityId: id, version, action: 'updated', data: { name: input.name } }, actor, now);
  });
  return getCalendar(db, id);
}

async function lockCalendar(tx: Tx, id: string): Promise<CalendarRow> {
  const [row] = await tx.select().from(calendars).where(and(eq(calendars.id, id), isNull(calendars.deletedAt))).for('update');
  if (!row) throw calendarNotFound(id);
  return row;
}

/** Soft delete; refused with 409 CALENDAR_IN_USE while an SLA (not deleted) uses the calendar. */
export async function deleteCalendar(db: Db, id: string, now: Date, actor: Actor): Promise<void> {
  await db.transaction(async (tx) => {
    const cal = await lockCalendar(tx, id);
    const users = await tx
      .select({ id: slas.id, name: slas.name })
      .from(slas)
      .where(and(eq(slas.calendarId, id), isNull(slas.deletedAt)))
      .orderBy(asc(slas.name), asc(slas.id));
    if (users.length > 0) {
      throw conflict(
        'CALENDAR_IN_USE',
        `The calendar "${cal.name}" is used by ${users.length === 1 ? 'the SLA' : 'the SLAs'} ${users.map((s) => `"${s.name}"`).join(', ')}; give ${users.length === 1 ? 'it' : 'them'} another calendar or delete ${users.length === 1 ? 'it' : 'them'} first.`,
        { slas: users },
      );
    }
    await tx.update(calendars).set({ deletedAt: now, updatedAt: now }).where(eq(calendars.id, id));
    await recordChange(tx, { entity: 'calendar', entityId: id, version: cal.currentVersion, action: 'deleted' }, actor, now);
  });
}

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
const clock = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

/** What the engine makes of a stored definition: the day length and the weekly hours merged (spec §1.1). */
function normalisedView(definition: unknown): Pick<CalendarView, 'businessDayMinutes' | 'weeklyOpenHours'> {
  const v = validateCalendar(definition);
  if (!v.ok) return { businessDayMinutes: null, weeklyOpenHours: null };
  const weeklyOpenHours = Object.fromEntries(WEEKDAYS.map((d, i) => [d, v.calendar.weekly[i].map(([a, b]) => `${clock(a)}-${clock(b)}`)]));
  return { businessDayMinutes: v.calendar.businessDayMinutes, weeklyOpenHours: weeklyOpenHours as CalendarView['weeklyOpenHours'] };
}

function timeZoneOf(definition: Record<string, unknown> | undefined): string {
  return typeof definition?.timeZone === 'string' ? definition.timeZone : '';
}

function summaryOf(row: CalendarRow, definition: Record<string, unknown> | undefined): CalendarSummary {
  return {
    id: row.id,
    name: row.name,
    version: row.currentVersion,
    timeZone: timeZoneOf(definition),
    holidayListIds: row.holidayListIds,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

async function liveCalendar(db: DbOrTx, id: string): Promise<CalendarRow> {
  const [row] = await db.select().from(calendars).where(and(eq(calendars.id, id), isNull(calendars.deletedAt)));
  if (!row) throw calendarNotFound(id);
  return row;
}

export async function getCalendar(db: DbOrTx, id: string): Promise<CalendarView> {
  const row = await liveCalendar(db, id);
  const versions = await db.select().from(calendarVersions).where(eq(calendarVersions.calendarId, id)).orderBy(asc(calendarVersions.version));
  const current = versions.find((v) => v.version === row.currentVersion);
  const definition = current?.definition ?? {};
  return {
    ...summaryOf(row, definition),
    definition,
    sourceDefinition: current?.sourceDefinition ?? definition,
    holidayLists: current?.holidayLists ?? [],
    ...normalisedView(definition),
    versions: versions.map((v) => ({ version: v.version, reason: v.reason, createdAt: v.createdAt.toISOString() })),
  };
}

export async function listCalendars(db: DbOrTx): Promise<CalendarSummary[]> {
  const rows = await db
    .select({ calendar: calendars, definition: calendarVersions.definition })
    .from(calendars)
    .leftJoin(calendarVersions, and(eq(calendarVersions.calendarId, calendars.id), eq(calendarVersions.version, calendars.currentVersion)))
    .where(isNull(calendars.deletedAt))
    .orderBy(asc(calendars.name), asc(calendars.id));
  return rows.map((r) => summaryOf(r.calendar, r.definition ?? undefined));
}

export async function getCalendarVersion(db: DbOrTx, id: string, version: number): Promise<CalendarVersionView> {
  const cal = await liveCalendar(db, id);
  const [row] = await db.select().from(calendarVersions).where(and(eq(calendarVersions.calendarId, id), eq(calendarVersions.version, version)));
  if (!row) {
    throw new AppError('CALENDAR_VERSION_NOT_FOUND', 404, `The calendar "${cal.name}" has no version ${version} (its current version is ${cal.currentVersion}).`, {
      id,
      version,
      currentVersion: cal.currentVersion,
    });
  }
  return {
    calendarId: id,
    version: row.version,
    current: row.version === cal.currentVersion,
    reason: row.reason,
    createdAt: row.createdAt.toISOString(),
    holidayLists: row.holidayLists,
    definition: row.definition,
    sourceDefinition: row.sourceDefinition ?? row.definition,
  };
}

export interface ApplyToRunningResult {
  /** Cases whose clocks got a command (for delivery after commit; not part of the answer). */
  caseIds: string[];
  calendarId: string;
  version: number;
  count: number;
  instanceIds: string[];
}

/**
 * Spec §1.8: moves every open KPI instance (ended_at is null) pinned to an older version of the calendar to
 * its current version. In ONE transaction, per instance: an `apply_calendar` command with the current
 * definition goes to the outbox (the dispatcher or the reconciler delivers it to the KPI workflow) and the
 * instance row's calendar_version is updated. Instances already on the current version, and ended ones,
 * are left alone; calling it twice is harmless (the second call finds nothing to do).
 */
export async function applyToRunning(db: Db, id: string, expectedVersion: number | undefined, now: Date, actor: Actor): Promise<ApplyToRunningResult> {
  return db.transaction(async (tx) => {
    // FOR UPDATE: a concurrent PUT waits, so the version applied is still the current one at commit.
    const cal = await lockCalendar(tx, id);
    if (expectedVersion !== undefined && cal.currentVersion !== expectedVersion) {
      throw preconditionFailed(`The calendar's current version is ${cal.currentVersion}, not ${expectedVersion} as If-Match said; read it again and retry.`, {
        currentVersion: cal.currentVersion,
      });
    }
    const [current] = await tx
      .select()
      .from(calendarVersions)
      .where(and(eq(calendarVersions.calendarId, id), eq(calendarVersions.version, cal.currentVersion)));
    if (!current) throw new AppError('CALENDAR_VERSION_NOT_FOUND', 404, `The calendar "${cal.name}" has no version ${cal.currentVersion}.`, { id, version: cal.currentVersion });
    const instances = await tx
      .select({ id: slaKpiInstances.id, caseId: slaKpiInstances.caseId })
      .from(slaKpiInstances)
      .where(
        and(
          eq(slaKpiInstances.calendarId, id),
          isNull(slaKpiInstances.endedAt),
          isNotNull(slaKpiInstances.calendarVersion),
          lt(slaKpiInstances.calendarVersion, cal.currentVersion),
        ),
      )
      .orderBy(asc(slaKpiInstances.createdAt), asc(slaKpiInstances.id))
      .for('update');
    const calendar = { id, version: cal.currentVersion, definition: current.definition };
    for (const instance of instances) await enqueueCommand(tx, instance, 'apply_calendar', { calendar });
    if (instances.length > 0) {
      await tx
        .update(slaKpiInstances)
        .set({ calendarVersion: cal.currentVersion, updatedAt: now })
        .where(inArray(slaKpiInstances.id, instances.map((i) => i.id)));
    }
    await recordChange(tx, { entity: 'calendar', entityId: id, version: cal.currentVersion, action: 'applied_to_running', data: { instances: instances.length } }, actor, now);
    return { caseIds: [...new Set(instances.map((i) => i.caseId))], calendarId: id, version: cal.currentVersion, count: instances.length, instanceIds: instances.map((i) => i.id) };
  });
}
