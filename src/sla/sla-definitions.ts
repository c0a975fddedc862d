import { stageOfItem } from './stage-items.js';
import { and, asc, eq, inArray, isNull, ne } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client.js';
import { calendars, slaItems, slas, slaVersions } from '../../db/schema/index.js';
import { badRequest, notFound, preconditionFailed, unprocessable } from '../errors.js';
import { recordChange } from '../audit/audit-log.js';
import type { Actor } from '../audit/actor.js';
import { validateCondition } from './conditions.js';
import { defaultSuccessCriteria, kpiLabel } from './kpis.js';
import { durationToMinutes } from './durations.js';
import { unknownPlaceholders } from './email-template.js';
import type { SlaInput, SlaView, StalePauseAlertInput } from './sla-schemas.js';

export type SlaRow = typeof slas.$inferSelect;
export type SlaItemRow = typeof slaItems.$inferSelect;

/** Resolves the working-day length of a calendar (for durations in business days). */
export type BusinessDayMinutes = (tx: DbOrTx, calendarId: string | null) => Promise<number>;

function validateItems(input: SlaInput): void {
  input.items.forEach((item, i) => {
    for (const key of ['applicableWhen', 'successCriteria'] as const) {
      const problems = validateCondition(item[key] ?? null);
      if (problems.length) {
        const p = problems[0];
        throw badRequest(p.code === 'INVALID_VALUE' ? 'INVALID_CONDITION' : p.code, `body.items[${i}].${key}${p.path}: ${p.message}`, {
          field: `body.items[${i}].${key}${p.path}`,
          problems,
        });
      }
    }
    const phases = { warningActions: item.warningActions, failureActions: item.failureActions, successActions: item.successActions, 'stalePauseAlert.actions': item.stalePauseAlert?.actions };
    for (const [phase, actions] of Object.entries(phases)) {
      (actions ?? []).forEach((action, j) => {
        if (action.type !== 'send_email') return;
        for (const part of ['subject', 'body'] as const) {
          const unknown = unknownPlaceholders(action[part]);
          if (unknown.length) {
            const field = `body.items[${i}].${phase}[${j}].${part}`;
            throw badRequest('UNKNOWN_PLACEHOLDER', `${field}: unknown placeholder ${unknown.map((u) => `{{${u}}}`).join(', ')}; see the README for the list`, { field });
          }
        }
      });
    }
    if (!item.successCriteria && !defaultSuccessCriteria(item.kpi) && !stageOfItem(item.applicableFrom)) {
      throw badRequest('SUCCESS_CRITERIA_REQUIRED', `body.items[${i}].successCriteria is required for the custom KPI "${item.kpi}"`, {
        field: `body.items[${i}].successCriteria`,
      });
    }
  });
}

async function itemRows(tx: DbOrTx, slaId: string, slaVersion: number, input: SlaInput, businessDayMinutes: BusinessDayMinutes) {
  const dayMinutes = await businessDayMinutes(tx, input.calendarId ?? null);
  return input.items.map((item, i) => {
    const failureMinutes = durationToMinutes(item.failure, dayMinutes);
    const warningMinutes = item.warning ? durationToMinutes(item.warning, dayMinutes) : null;
    if (failureMinutes <= 0) throw badRequest('INVALID_DURATION', `body.items[${i}].failure must be more than 0 minutes`, { field: `body.items[${i}].failure` });
    if (warningMinutes !== null && warningMinutes >= failureMinutes) {
      throw badRequest('INVALID_DURATION', `body.items[${i}].warning (${warningMinutes} min) must be shorter than the failure duration (${failureMinutes} min)`, {
        field: `body.items[${i}].warning`,
      });
    }
    const stale = stalePauseColumns(item.stalePauseAlert ?? null, dayMinutes, i);
    return {
      slaId,
      slaVersion,
      position: i + 1,
      name: item.name,
      kpi: item.kpi,
      applicableWhen: item.applicableWhen ?? null,
      successCriteria: item.successCriteria ?? null,
      applicableFrom: item.applicableFrom ?? 'createdAt',
      warningMinutes,
      failureMinutes,
      warningActions: item.warningActions ?? [],
      failureActions: item.failureActions ?? [],
      successActions: item.successActions ?? [],
      ...stale,
    };
  });
}

/** The item's stale-pause columns; calendar time is wall-clock, so it takes minutes or hours only. */
function stalePauseColumns(alert: StalePauseAlertInput | null, dayMinutes: number, i: number) {
  if (!alert) return { stalePauseMinutes: null, stalePauseTime: null, stalePauseActions: [] };
  const field = `body.items[${i}].stalePauseAlert.after`;
  const time = alert.time ?? 'business';
  if (time === 'calendar' && 'businessDays' in alert.after) {
    throw badRequest('INVALID_DURATION', `${field}: calendar time takes {minutes} or {hours}, not {businessDays}`, { field });
  }
  const minutes = durationToMinutes(alert.after, dayMinutes);
  if (minutes <= 0) throw badRequest('INVALID_DURATION', `${field} must be more than 0 minutes`, { field });
  return { stalePauseMinutes: minutes, stalePauseTime: time, stalePauseActions: alert.actions };
}

async function assertCalendar(tx: DbOrTx, calendarId: string | null | undefined) {
  if (!calendarId) return;
  // Shared lock: a concurrent delete of the calendar waits for this SLA (and then sees it in use).
  const [cal] = await tx.select({ id: calendars.id }).from(calendars).where(and(eq(calendars.id, calendarId), isNull(calendars.deletedAt))).for('share');
  if (!cal) throw unprocessable('CALENDAR_NOT_FOUND', `body.calendarId: no calendar with id "${calendarId}"`, { field: 'body.calendarId' });
}

/** The SLA row's columns as the API input defines them (defaults per spec §2.1). */
function slaColumns(input: SlaInput) {
  return {
    name: input.name,
    description: input.description ?? null,
    calendarId: input.calendarId ?? null,
    allowPause: input.allowPause ?? true,
    pausingStatuses: input.pausingStatuses ?? ['on_hold', 'waiting_for_details'],
    isDefault: input.isDefault ?? false,
  };
}

/** Writes version `version` of an SLA: its settings and its items (versions are never rewritten). */
async function insertVersion(tx: DbOrTx, slaId: string, version: number, input: SlaInput, businessDayMinutes: BusinessDayMinutes, now: Date): Promise<void> {
  const { name, description, calendarId, allowPause, pausingStatuses } = slaColumns(input);
  await tx.insert(slaVersions).values({ slaId, version, name, description, calendarId, allowPause, pausingStatuses, createdAt: now });
  const items = await itemRows(tx, slaId, version, input, businessDayMinutes);
  if (items.length) await tx.insert(slaItems).values(items);
}

export async function createSla(db: Db, input: SlaInput, businessDayMinutes: BusinessDayMinutes, now: Date, actor: Actor): Promise<SlaView> {
  validateItems(input);
  const id = await db.transaction(async (tx) => {
    await assertCalendar(tx, input.calendarId);
    if (input.isDefault) await tx.update(slas).set({ isDefault: false, updatedAt: now }).where(eq(slas.isDefault, true));
    const [row] = await tx
      .insert(slas)
      .values({ ...slaColumns(input), createdAt: now, updatedAt: now, version: 1 })
      .returning();
    await insertVersion(tx, row.id, 1, input, businessDayMinutes, now);
    await recordChange(tx, { entity: 'sla', entityId: row.id, version: 1, action: 'created', data: { name: input.name } }, actor, now);
    return row.id;
  });
  return getSla(db, id);
}

/**
 * Writes the next version of an SLA. Cases keep following the version they pinned (their running
 * clocks, re-evaluation, pause and resume); only cases that get the SLA from now on pin the new one.
 */
export async function replaceSla(
  db: Db,
  id: string,
  input: SlaInput,
  expectedVersion: number | undefined,
  businessDayMinutes: BusinessDayMinutes,
  now: Date,
  actor: Actor,
): Promise<SlaView> {
  validateItems(input);
  await db.transaction(async (tx) => {
    const [current] = await tx.select().from(slas).where(and(eq(slas.id, id), isNull(slas.deletedAt))).for('update');
    if (!current) throw notFound('SLA', id);
    if (expectedVersion !== undefined && current.version !== expectedVersion) {
      throw preconditionFailed(`The SLA changed since you read it (version ${current.version}, If-Match had ${expectedVersion}); read it again and retry.`);
    }
    await assertCalendar(tx, input.calendarId);
    if (input.isDefault) await tx.update(slas).set({ isDefault: false, updatedAt: now }).where(and(eq(slas.isDefault, true), ne(slas.id, id)));
    await tx
      .update(slas)
      .set({ ...slaColumns(input), updatedAt: now, version: current.version + 1 })
      .where(eq(slas.id, id));
    await tx.update(slaItems).set({ retiredAt: now }).where(and(eq(slaItems.slaId, id), isNull(slaItems.retiredAt)));
    await insertVersion(tx, id, current.version + 1, input, businessDayMinutes, now);
    await recordChange(tx, { entity: 'sla', entityId: id, version: current.version + 1, action: 'updated', data: { name: input.name } }, actor, now);
  });
  return getSla(db, id);
}

/** Soft delete: new cases no longer get the SLA; cases that pinned one of its versions keep following it. */
export async function deleteSla(db: Db, id: string, now: Date, actor: Actor): Promise<void> {
  await db.transaction(async (tx) => {
    const rows = await tx
      .update(slas)
      .set({ deletedAt: now, isDefault: false })
      .where(and(eq(slas.id, id), isNull(slas.deletedAt)))
      .returning({ id: slas.id, version: slas.version });
    if (!rows.length) throw notFound('SLA', id);
    await recordChange(tx, { entity: 'sla', entityId: id, version: rows[0].version, action: 'deleted' }, actor, now);
  });
}

/** The current version of a live SLA (what `GET /v1/slas/{id}` shows); clocks use `loadSlaVersion`. */
export async function loadSla(db: DbOrTx, id: string): Promise<{ sla: SlaRow; items: SlaItemRow[] } | undefined> {
  const [sla] = await db.select().from(slas).where(and(eq(slas.id, id), isNull(slas.deletedAt)));
  if (!sla) return undefined;
  const items = await db.select().from(slaItems).where(and(eq(slaItems.slaId, id), isNull(slaItems.retiredAt))).orderBy(asc(slaItems.position));
  return { sla, items };
}

/** The default SLA and its current version (the one a new case pins), or null when there is none. */
export async function defaultSla(db: DbOrTx): Promise<{ id: string; version: number } | null> {
  const [row] = await db.select({ id: slas.id, version: slas.version }).from(slas).where(and(eq(slas.isDefault, true), isNull(slas.deletedAt)));
  return row ?? null;
}

export function toSlaView(sla: SlaRow, items: SlaItemRow[]): SlaView {
  return {
    id: sla.id,
    name: sla.name,
    description: sla.description,
    calendarId: sla.calendarId,
    allowPause: sla.allowPause,
    pausingStatuses: sla.pausingStatuses,
    isDefault: sla.isDefault,
    version: sla.version,
    createdAt: sla.createdAt.toISOString(),
    updatedAt: sla.updatedAt.toISOString(),
    items: items.map(toItemView),
  };
}

export function toItemView(i: SlaItemRow): SlaView['items'][number] {
  return {
    id: i.id,
    position: i.position,
    name: i.name,
    kpi: i.kpi,
    kpiLabel: kpiLabel(i.kpi),
    applicableWhen: i.applicableWhen ?? null,
    successCriteria: i.successCriteria ?? defaultSuccessCriteria(i.kpi),
    applicableFrom: i.applicableFrom,
    warningMinutes: i.warningMinutes,
    failureMinutes: i.failureMinutes,
    warningActions: i.warningActions,
    failureActions: i.failureActions,
    successActions: i.successActions,
    stalePauseAlert:
      i.stalePauseMinutes !== null && i.stalePauseTime !== null ? { afterMinutes: i.stalePauseMinutes, time: i.stalePauseTime, actions: i.stalePauseActions } : null,
  };
}

export async function getSla(db: DbOrTx, id: string): Promise<SlaView> {
  const loaded = await loadSla(db, id);
  if (!loaded) throw notFound('SLA', id);
  return toSlaView(loaded.sla, loaded.items);
}

export async function listSlas(db: DbOrTx): Promise<SlaView[]> {
  const rows = await db.select().from(slas).where(isNull(slas.deletedAt)).orderBy(asc(slas.createdAt));
  if (rows.length === 0) return [];
  const items = await db
    .select()
    .from(slaItems)
    .where(and(inArray(slaItems.slaId, rows.map((r) => r.id)), isNull(slaItems.retiredAt)))
    .orderBy(asc(slaItems.position));
  return rows.map((r) => toSlaView(r, items.filter((i) => i.slaId === r.id)));
}
