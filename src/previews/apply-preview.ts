/**
 * POST /v1/previews/{id}/apply: does what the preview decided, no more, no less, in one transaction.
 * The preview is stale (409 PREVIEW_STALE, nothing changes) when its subject is no longer at the
 * version it was made on, when writing the proposal would not produce the versions it decided on, or
 * when the instances in scope are not exactly the previewed ones in the previewed state.
 *
 * Calendars: each instance gets an `apply_calendar` command (the workflow recomputes with the same pure
 * rules) and the new version on its row. SLA: the case is re-pinned to the new version and each open
 * clock is replaced by one on the new version's item, carrying its start, pauses, warning and failure, so
 * an action that already ran never runs again (spec §2.9, §2.10); a clock whose KPI no longer applies ends.
 */
import { and, eq, inArray, min } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.js';
import { cases, slaActionRuns, slaCommands, slaKpiInstances, type PreviewDecision } from '../../db/schema/index.js';
import { recordChange } from '../audit/audit-log.js';
import type { Actor } from '../audit/actor.js';
import { replaceCalendar } from '../calendars/calendars.js';
import { updateHolidayList } from '../calendars/holiday-lists.js';
import { AppError, conflict } from '../errors.js';
import { enqueueCommand, markEnded } from '../sla/kpi-instances.js';
import { startInstance } from '../sla/sla-clock-listener.js';
import { replaceSla, type BusinessDayMinutes } from '../sla/sla-definitions.js';
import type { CalendarInput, HolidayListInput } from '../calendars/calendar-schemas.js';
import type { SlaInput } from '../sla/sla-schemas.js';
import { calendarsIncluding, subjectVersion } from './make-preview.js';
import { currentCalendarVersions, loadSlaTarget } from './decisions.js';
import { calendarScope, lockCases, slaScope, type ScopedInstance } from './instance-scope.js';
import { asDb, loadPreview, markApplied, type PreviewRow } from './preview-store.js';

export const SLA_VERSION_APPLIED = (version: number) => `SLA version ${version} applied`;

const stale = (message: string, details: Record<string, unknown> = {}) =>
  conflict('PREVIEW_STALE', `${message}; the preview no longer says what applying would do. Make a new preview (POST .../preview) and apply that one.`, details);

function sameVersions(a: ReadonlyArray<{ id: string; version: number }>, b: ReadonlyArray<{ id: string; version: number }>): boolean {
  const key = (l: ReadonlyArray<{ id: string; version: number }>) => l.map((c) => `${c.id}@${c.version}`).sort().join(',');
  return key(a) === key(b);
}

/** Refuses unless the scope now is exactly the previewed instances in their previewed state. */
function checkScope(p: PreviewRow, fresh: readonly ScopedInstance[]): Map<string, ScopedInstance> {
  const now = new Map(fresh.map((i) => [i.id, i]));
  const changed = p.decisions.filter((d) => now.get(d.instanceId)?.fingerprint !== d.fingerprint).map((d) => d.instanceId);
  const previewed = new Set(p.decisions.map((d) => d.instanceId));
  const added = fresh.filter((i) => !previewed.has(i.id)).map((i) => i.id);
  if (changed.length || added.length) {
    const what = [changed.length ? `${changed.length} previewed KPI instance(s) changed or ended` : '', added.length ? `${added.length} new one(s) came into scope` : '']
      .filter(Boolean)
      .join(' and ');
    throw stale(`Since the preview, ${what}`, { changedInstanceIds: changed.slice(0, 20), addedInstanceIds: added.slice(0, 20) });
  }
  return now;
}

export interface AppliedPreview {
  row: PreviewRow;
  /** Cases whose clocks got commands (for delivery after commit). */
  caseIds: string[];
}

export async function applyPreview(db: Db, id: string, businessDayMinutes: BusinessDayMinutes, now: Date, actor: Actor): Promise<AppliedPreview> {
  const caseIds = await db.transaction(async (tx) => {
    const p = await loadPreview(tx, id, tx);
    if (p.appliedAt) {
      throw conflict('PREVIEW_ALREADY_APPLIED', `This preview was applied at ${p.appliedAt.toISOString()}; make a new preview for further changes.`, { appliedAt: p.appliedAt.toISOString() });
    }
    const version = await subjectVersion(tx, p.kind, p.subjectId).catch((err) => {
      if (err instanceof AppError && err.status === 404) throw stale(`The ${p.kind.replace('_', ' ')} was deleted`);
      throw err;
    });
    if (version !== p.baseVersion) {
      throw stale(`The ${p.kind.replace('_', ' ')} is at version ${version}, the preview was made on version ${p.baseVersion}`, { currentVersion: version });
    }
    const touched = p.kind === 'sla' ? await applySla(tx, p, businessDayMinutes, now, actor) : await applyCalendars(tx, p, now, actor);
    await markApplied(tx, id, now, actor);
    return touched;
  });
  return { row: await loadPreview(db, id), caseIds };
}

async function applyCalendars(tx: Tx, p: PreviewRow, now: Date, actor: Actor): Promise<string[]> {
  let calendarIds: string[];
  if (p.kind === 'calendar') {
    if (p.proposed) await replaceCalendar(asDb(tx), p.subjectId, p.proposed as CalendarInput, p.baseVersion, now, actor);
    calendarIds = [p.subjectId];
  } else if (p.proposed) {
    const written = await updateHolidayList(asDb(tx), p.subjectId, p.proposed as HolidayListInput, p.baseVersion, now, actor);
    calendarIds = written.calendarVersionsCreated.map((c) => c.calendarId);
  } else {
    calendarIds = await calendarsIncluding(tx, p.subjectId);
  }
  const targets = await currentCalendarVersions(tx, calendarIds);
  const versions = [...targets.values()].map((c) => ({ id: c.id, version: c.version }));
  if (!sameVersions(versions, p.target.calendars)) {
    throw stale('The calendar versions applying would produce differ from the previewed ones', { previewed: p.target.calendars, now: versions });
  }
  await lockCases(tx, [...new Set(p.decisions.map((d) => d.caseId))]);
  checkScope(p, await calendarScope(tx, new Map(versions.map((c) => [c.id, c.version])), true));
  const byCalendar = new Map<string, PreviewDecision[]>();
  for (const d of p.decisions) byCalendar.set(d.calendar!.id, [...(byCalendar.get(d.calendar!.id) ?? []), d]);
  for (const [calendarId, decisions] of byCalendar) {
    const calendar = targets.get(calendarId)!;
    for (let i = 0; i < decisions.length; i += 1000) {
      const chunk = decisions.slice(i, i + 1000);
      await tx.insert(slaCommands).values(chunk.map((d) => ({ caseId: d.caseId, instanceId: d.instanceId, kind: 'apply_calendar', payload: { calendar } })));
      await tx
        .update(slaKpiInstances)
        .set({ calendarVersion: calendar.version, updatedAt: now })
        .where(inArray(slaKpiInstances.id, chunk.map((d) => d.instanceId)));
    }
  }
  for (const c of versions) {
    const count = byCalendar.get(c.id)?.length ?? 0;
    await recordChange(tx, { entity: 'calendar', entityId: c.id, version: c.version, action: 'applied_to_running', data: { instances: count, previewId: p.id } }, actor, now);
  }
  return [...new Set(p.decisions.map((d) => d.caseId))];
}

async function applySla(tx: Tx, p: PreviewRow, businessDayMinutes: BusinessDayMinutes, now: Date, actor: Actor): Promise<string[]> {
  const version = p.proposed
    ? (await replaceSla(asDb(tx), p.subjectId, p.proposed as SlaInput, p.baseVersion, businessDayMinutes, now, actor)).version
    : p.target.slaVersion!;
  if (version !== p.target.slaVersion) throw stale(`Writing the proposal would make SLA version ${version}, the preview decided on version ${p.target.slaVersion}`);
  const target = (await loadSlaTarget(tx, p.subjectId, version))!;
  const calendars = target.calendar ? [{ id: target.calendar.id, version: target.calendar.version }] : [];
  if (!sameVersions(calendars, p.target.calendars)) throw stale("The SLA's calendar has a new version since the preview", { previewed: p.target.calendars, now: calendars });
  await lockCases(tx, [...new Set(p.decisions.map((d) => d.caseId))]);
  const fresh = await slaScope(tx, p.subjectId, version, true);
  const scope = checkScope(p, fresh.instances);
  const items = new Map(target.pinned.items.map((i) => [i.position, i]));
  const reason = SLA_VERSION_APPLIED(version);
  const ran = await phasesThatRan(tx, p.decisions.map((d) => d.instanceId));
  const caseIds = [...new Set(p.decisions.map((d) => d.caseId))];
  for (let i = 0; i < caseIds.length; i += 1000) {
    await tx
      .update(cases)
      .set({ slaVersion: version })
      .where(and(eq(cases.slaId, p.subjectId), inArray(cases.id, caseIds.slice(i, i + 1000))));
  }
  for (const d of p.decisions) {
    const inst = scope.get(d.instanceId)!;
    await enqueueCommand(tx, inst, 'cancel', { at: now.toISOString(), reason });
    await markEnded(tx, inst.id, reason, now);
    if (!d.new) continue;
    await startInstance(tx, { ...fresh.cases.get(inst.caseId)!, slaVersion: version }, target.pinned.settings, items.get(d.newItemPosition!)!, {
      applicableFrom: inst.applicableFrom,
      pauses: inst.pauses,
      warnedAt: inst.warnedAt ?? ran.get(`${inst.id}:warning`) ?? null,
      failedAt: inst.failedAt ?? ran.get(`${inst.id}:failure`) ?? null,
      carriedPausedMinutes: inst.pausedBusinessMinutes,
    });
  }
  await recordChange(tx, { entity: 'sla', entityId: p.subjectId, version, action: 'applied_to_running', data: { instances: p.decisions.length, cases: caseIds.length, previewId: p.id } }, actor, now);
  return caseIds;
}

/**
 * When each instance's warning / failure actions first ran. A workflow records the transition and runs
 * its actions side by side, so an action may have run before `warned_at` / `failed_at` is mirrored: the
 * replacement inherits the phase either way, and its actions never run twice.
 */
async function phasesThatRan(tx: Tx, instanceIds: readonly string[]): Promise<Map<string, Date>> {
  const out = new Map<string, Date>();
  for (let k = 0; k < instanceIds.length; k += 1000) {
    const rows = await tx
      .select({ instanceId: slaActionRuns.instanceId, phase: slaActionRuns.phase, at: min(slaActionRuns.ranAt) })
      .from(slaActionRuns)
      .where(and(inArray(slaActionRuns.instanceId, instanceIds.slice(k, k + 1000)), inArray(slaActionRuns.phase, ['warning', 'failure'])))
      .groupBy(slaActionRuns.instanceId, slaActionRuns.phase);
    for (const r of rows) if (r.at) out.set(`${r.instanceId}:${r.phase}`, r.at);
  }
  return out;
}
