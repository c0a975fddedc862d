/**
 * Holiday lists: named, reusable lists of dates that calendars include by id (`holidayListIds`).
 *
 * How lists and calendar versions interact (spec §1.8):
 * - A calendar version stores its definition with the holidays of its lists RESOLVED in (and records which
 *   list versions it used), so a version pinned by a running KPI instance never changes.
 * - Updating a list (PUT) bumps the list's version and, in the same transaction, writes a NEW version of
 *   every calendar (not deleted) that includes the list and whose resolved holidays change as a result (a
 *   rename alone changes no business time and adds no calendar version). Running KPI instances keep their
 *   version until an operator calls POST /v1/calendars/{id}/apply-to-running.
 * - If the new holidays would make a calendar invalid (e.g. a holiday on a date that has special hours),
 *   the update is refused with 409 HOLIDAY_LIST_CONFLICT naming the calendars and problems.
 * - A list included by a calendar (not deleted) cannot be deleted: 409 HOLIDAY_LIST_IN_USE.
 */
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db, DbOrTx, Tx } from '../../db/client.js';
import { calendars, calendarVersions, holidayLists } from '../../db/schema/index.js';
import { validateCalendar, type CalendarProblem } from '../calendar/index.js';
import { conflict, invalidField, notFound, preconditionFailed } from '../errors.js';
import type { HolidayListInput, HolidayListUpdateView, HolidayListView } from './calendar-schemas.js';
import { resolveDefinition, sameBusinessTime, sourceOf, type HolidayListContent } from './resolve-holidays.js';
import { recordChange } from '../audit/audit-log.js';
import type { Actor } from '../audit/actor.js';

export type HolidayListRow = typeof holidayLists.$inferSelect;

const listNotFound = (id: string) => notFound('holiday list', id);

/** Real dates "YYYY-MM-DD" within the engine's years, each date once; sorted by date. */
export function checkHolidays(holidays: HolidayListInput['holidays'], field = 'body.holidays'): Array<{ date: string; name?: string }> {
  const seen = new Map<string, number>();
  holidays.forEach((h, i) => {
    const f = `${field}[${i}].date`;
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(h.date);
    const d = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
    if (!m || !d || d.getUTCFullYear() !== Number(m[1]) || d.getUTCMonth() !== Number(m[2]) - 1 || d.getUTCDate() !== Number(m[3])) {
      throw invalidField(f, `must be a real date YYYY-MM-DD, got "${h.date}"`);
    }
    if (Number(m[1]) < 1900 || Number(m[1]) > 2399) throw invalidField(f, `must be between 1900-01-01 and 2399-12-31, got "${h.date}"`);
    const first = seen.get(h.date);
    if (first !== undefined) throw invalidField(f, `repeats ${h.date}, already listed at ${field}[${first}]; a date may appear once`);
    seen.set(h.date, i);
  });
  return [...holidays]
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))
    .map((h) => (h.name === undefined ? { date: h.date } : { date: h.date, name: h.name }));
}

/** Calendars (not deleted) that include the list; with `lock`, locked FOR UPDATE in id order. */
async function calendarsUsing(db: DbOrTx, listId: string, lock = false) {
  const q = db
    .select()
    .from(calendars)
    .where(and(isNull(calendars.deletedAt), sql`${calendars.holidayListIds} @> ${JSON.stringify([listId])}::jsonb`))
    .orderBy(asc(calendars.id));
  return lock ? q.for('update') : q;
}

function viewOf(row: HolidayListRow, users: Array<{ id: string; name: string; currentVersion: number }>): HolidayListView {
  return {
    id: row.id,
    name: row.name,
    holidays: row.holidays,
    version: row.version,
    usedBy: users.map((c) => ({ id: c.id, name: c.name, version: c.currentVersion })),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

async function liveList(db: DbOrTx, id: string): Promise<HolidayListRow> {
  const [row] = await db.select().from(holidayLists).where(and(eq(holidayLists.id, id), isNull(holidayLists.deletedAt)));
  if (!row) throw listNotFound(id);
  return row;
}

export async function createHolidayList(db: Db, input: HolidayListInput, now: Date, actor: Actor): Promise<HolidayListView> {
  const holidays = checkHolidays(input.holidays);
  const row = await db.transaction(async (tx) => {
    const [created] = await tx.insert(holidayLists).values({ name: input.name, holidays, version: 1, createdAt: now, updatedAt: now }).returning();
    await recordChange(tx, { entity: 'holiday_list', entityId: created.id, version: 1, action: 'created', data: { name: input.name } }, actor, now);
    return created;
  });
  return viewOf(row, []);
}

export async function getHolidayList(db: DbOrTx, id: string): Promise<HolidayListView> {
  const row = await liveList(db, id);
  return viewOf(row, await calendarsUsing(db, id));
}

export async function listHolidayLists(db: DbOrTx): Promise<HolidayListView[]> {
  const rows = await db.select().from(holidayLists).where(isNull(holidayLists.deletedAt)).orderBy(asc(holidayLists.name), asc(holidayLists.id));
  const cals = await db.select().from(calendars).where(isNull(calendars.deletedAt)).orderBy(asc(calendars.id));
  return rows.map((r) => viewOf(r, cals.filter((c) => c.holidayListIds.includes(r.id))));
}

/**
 * Replaces a list's name and holidays (If-Match) and writes the next version of every calendar including it
 * whose holidays change, all in one transaction. Lock order: the list, then its calendars (as calendar
 * writes do: lists FOR SHARE, then the calendar).
 */
export async function updateHolidayList(
  db: Db,
  id: string,
  input: HolidayListInput,
  expectedVersion: number | undefined,
  now: Date,
  actor: Actor,
): Promise<HolidayListUpdateView> {
  const holidays = checkHolidays(input.holidays);
  const created: Array<{ calendarId: string; version: number }> = [];
  await db.transaction(async (tx) => {
    const [current] = await tx.select().from(holidayLists).where(and(eq(holidayLists.id, id), isNull(holidayLists.deletedAt))).for('update');
    if (!current) throw listNotFound(id);
    if (expectedVersion !== undefined && current.version !== expectedVersion) {
      throw preconditionFailed(`The holiday list changed since you read it (version ${current.version}, If-Match had ${expectedVersion}); read it again and retry.`, {
        currentVersion: current.version,
      });
    }
    const version = current.version + 1;
    await tx.update(holidayLists).set({ name: input.name, holidays, version, updatedAt: now }).where(eq(holidayLists.id, id));
    await recordChange(tx, { entity: 'holiday_list', entityId: id, version, action: 'updated', data: { name: input.name } }, actor, now);
    const broken: Array<{ id: string; name: string; problems: readonly CalendarProblem[] }> = [];
    for (const cal of await calendarsUsing(tx, id, true)) {
      const reason = `holiday list "${input.name}" changed (list version ${version})`;
      const result = await nextCalendarVersion(tx, cal, reason, now);
      if (result.kind === 'created') {
        created.push({ calendarId: cal.id, version: result.version });
        await recordChange(tx, { entity: 'calendar', entityId: cal.id, version: result.version, action: 'updated', data: { reason, holidayListId: id } }, actor, now);
      }
      if (result.kind === 'invalid') broken.push({ id: cal.id, name: cal.name, problems: result.problems });
    }
    if (broken.length > 0) {
      throw conflict(
        'HOLIDAY_LIST_CONFLICT',
        `With these holidays ${broken.length === 1 ? 'the calendar' : 'the calendars'} ${broken.map((b) => `"${b.name}"`).join(', ')} would be invalid: ${broken
          .flatMap((b) => b.problems.map((p) => `${b.name}: ${p.path || '(root)'}: ${p.message}`))
          .join('; ')}`,
        { calendars: broken },
      );
    }
  });
  const view = await getHolidayList(db, id);
  return { ...view, calendarVersionsCreated: created };
}

type NextVersion = { kind: 'created'; version: number } | { kind: 'unchanged' } | { kind: 'invalid'; problems: readonly CalendarProblem[] };

/** Re-resolves a (locked) calendar's current source with the lists as they are now in this transaction. */
async function nextCalendarVersion(tx: Tx, cal: typeof calendars.$inferSelect, reason: string, now: Date): Promise<NextVersion> {
  const [current] = await tx
    .select()
    .from(calendarVersions)
    .where(and(eq(calendarVersions.calendarId, cal.id), eq(calendarVersions.version, cal.currentVersion)));
  const source = sourceOf(current?.sourceDefinition ?? current?.definition ?? {});
  const lists = await readLists(tx, cal.holidayListIds);
  const version = cal.currentVersion + 1;
  const definition = resolveDefinition(source, lists, { id: cal.id, version });
  if (current && sameBusinessTime(definition, current.definition)) return { kind: 'unchanged' };
  const check = validateCalendar(definition);
  if (!check.ok) return { kind: 'invalid', problems: check.problems };
  await tx.insert(calendarVersions).values({
    calendarId: cal.id,
    version,
    definition,
    sourceDefinition: source,
    holidayLists: lists.map((l) => ({ id: l.id, name: l.name, version: l.version })),
    reason,
    createdAt: now,
  });
  await tx.update(calendars).set({ currentVersion: version, updatedAt: now }).where(eq(calendars.id, cal.id));
  return { kind: 'created', version };
}

/**
 * The lists a calendar includes, read WITHOUT locking: this transaction holds the calendar, and another list
 * update that has not committed yet will re-resolve this calendar after us (locking the other lists here
 * could deadlock two concurrent list updates of one calendar).
 */
async function readLists(tx: Tx, ids: readonly string[]): Promise<HolidayListContent[]> {
  if (ids.length === 0) return [];
  const rows = await tx.select().from(holidayLists).where(and(inArray(holidayLists.id, [...ids]), isNull(holidayLists.deletedAt)));
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => {
    const r = byId.get(id);
    return r ? [{ id: r.id, name: r.name, version: r.version, holidays: r.holidays }] : [];
  });
}

/** Soft delete; refused with 409 HOLIDAY_LIST_IN_USE while a calendar (not deleted) includes the list. */
export async function deleteHolidayList(db: Db, id: string, now: Date, actor: Actor): Promise<void> {
  await db.transaction(async (tx) => {
    const [row] = await tx.select().from(holidayLists).where(and(eq(holidayLists.id, id), isNull(holidayLists.deletedAt))).for('update');
    if (!row) throw listNotFound(id);
    const users = await calendarsUsing(tx, id);
    if (users.length > 0) {
      throw conflict(
        'HOLIDAY_LIST_IN_USE',
        `The holiday list "${row.name}" is included by ${users.length === 1 ? 'the calendar' : 'the calendars'} ${users.map((c) => `"${c.name}"`).join(', ')}; remove it from ${users.length === 1 ? 'that calendar' : 'those calendars'} first.`,
        { calendars: users.map((c) => ({ id: c.id, name: c.name })) },
      );
    }
    await tx.update(holidayLists).set({ deletedAt: now, updatedAt: now }).where(eq(holidayLists.id, id));
    await recordChange(tx, { entity: 'holiday_list', entityId: id, version: row.version, action: 'deleted' }, actor, now);
  });
}
