import { and, asc, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { calendarVersions, cases, slaActionRuns, slaKpiInstances } from '../../db/schema/index.js';
import { compileCalendar, elapsed, type CalendarDefinition, type CompiledCalendar } from '../calendar/index.js';
import { formatInZone } from '../calendar/instant-text.js';
import { notFound } from '../errors.js';
import { kpiLabel } from './kpis.js';

/**
 * Actions in the order the SLA defines them: by the instant they were due, then phase, then their index in
 * the item (a phase's actions may take effect concurrently, so `ranAt` alone does not say it).
 */
function byDefinitionOrder(a: typeof slaActionRuns.$inferSelect, b: typeof slaActionRuns.$inferSelect): number {
  const due = (r: typeof a) => String((r.detail as { dueAt?: unknown }).dueAt ?? r.ranAt.toISOString());
  const index = (r: typeof a) => Number(r.actionKey.split(':').at(-1));
  const phases = ['warning', 'failure', 'success', 'pause_stale'];
  return due(a).localeCompare(due(b)) || phases.indexOf(a.phase) - phases.indexOf(b.phase) || index(a) - index(b);
}

export interface InstantView {
  utc: string;
  local: string;
}

export interface KpiInstanceView {
  instanceId: string;
  workflowId: string;
  kpi: string;
  kpiLabel: string;
  itemName: string;
  generation: number;
  state: string;
  timeZone: string;
  calendar: { id: string; version: number } | null;
  applicableFrom: InstantView;
  warningAt: InstantView | null;
  failureAt: InstantView | null;
  warnedAt: string | null;
  failedAt: string | null;
  succeededAt: string | null;
  lateSucceededAt: string | null;
  pausedSince: string | null;
  pausedBusinessMinutes: number;
  /** Business minutes until the failure instant (frozen while paused); null once the KPI ended. */
  businessMinutesLeft: number | null;
  /** Business minutes past the failure instant; 0 when not overdue. */
  businessMinutesOverdue: number;
  endedAt: string | null;
  endReason: string | null;
  actions: Array<{ phase: string; kind: string; summary: string; ranAt: string }>;
}

const TWENTY_FOUR_SEVEN: CalendarDefinition = { timeZone: 'UTC', is24x7: true } as CalendarDefinition;

function view(ms: number, zone: string): InstantView {
  return { utc: new Date(ms).toISOString(), local: formatInZone(ms, zone) };
}

/** Spec §2.5 as the API shows it: every KPI instance of a case, newest generation last. */
export async function caseSlaView(db: DbOrTx, caseId: string, now: Date): Promise<KpiInstanceView[]> {
  const [c] = await db.select({ id: cases.id }).from(cases).where(eq(cases.id, caseId));
  if (!c) throw notFound('case', caseId);
  const instances = await db.select().from(slaKpiInstances).where(eq(slaKpiInstances.caseId, caseId)).orderBy(asc(slaKpiInstances.createdAt), asc(slaKpiInstances.kpi));
  if (instances.length === 0) return [];
  const runs = (await db.select().from(slaActionRuns).where(inArray(slaActionRuns.instanceId, instances.map((i) => i.id))).orderBy(asc(slaActionRuns.ranAt))).sort(
    byDefinitionOrder,
  );
  const calendars = new Map<string, CompiledCalendar>();
  for (const i of instances) {
    if (!i.calendarId || i.calendarVersion === null) continue;
    const key = `${i.calendarId}@${i.calendarVersion}`;
    if (calendars.has(key)) continue;
    const [row] = await db.select().from(calendarVersions).where(and(eq(calendarVersions.calendarId, i.calendarId), eq(calendarVersions.version, i.calendarVersion)));
    if (row) calendars.set(key, compileCalendar(row.definition as unknown as CalendarDefinition));
  }
  return instances.map((i) => {
    const cal = (i.calendarId && calendars.get(`${i.calendarId}@${i.calendarVersion}`)) || compileCalendar(TWENTY_FOUR_SEVEN);
    const zone = cal.timeZone;
    let left: number | null = null;
    let overdue = 0;
    if (!i.endedAt && i.failureAt) {
      const from = i.pausedSince ? i.pausedSince.getTime() : now.getTime();
      const remaining = elapsed(cal, from, i.failureAt.getTime());
      left = Math.max(0, Math.round(remaining * 100) / 100);
      overdue = remaining < 0 ? Math.round(-remaining * 100) / 100 : 0;
    } else if (i.endedAt && i.failedAt && i.failureAt) {
      const end = (i.lateSucceededAt ?? i.endedAt).getTime();
      overdue = Math.max(0, Math.round(elapsed(cal, i.failureAt.getTime(), end) * 100) / 100);
    }
    const snapshot = i.itemSnapshot as { name?: string };
    return {
      instanceId: i.id,
      workflowId: i.workflowId,
      kpi: i.kpi,
      kpiLabel: kpiLabel(i.kpi),
      itemName: snapshot.name ?? '',
      generation: i.generation,
      state: i.state,
      timeZone: zone,
      calendar: i.calendarId && i.calendarVersion !== null ? { id: i.calendarId, version: i.calendarVersion } : null,
      applicableFrom: view(i.applicableFrom.getTime(), zone),
      warningAt: i.warningAt ? view(i.warningAt.getTime(), zone) : null,
      failureAt: i.failureAt ? view(i.failureAt.getTime(), zone) : null,
      warnedAt: i.warnedAt?.toISOString() ?? null,
      failedAt: i.failedAt?.toISOString() ?? null,
      succeededAt: i.succeededAt?.toISOString() ?? null,
      lateSucceededAt: i.lateSucceededAt?.toISOString() ?? null,
      pausedSince: i.pausedSince?.toISOString() ?? null,
      pausedBusinessMinutes: i.pausedBusinessMinutes,
      businessMinutesLeft: left,
      businessMinutesOverdue: overdue,
      endedAt: i.endedAt?.toISOString() ?? null,
      endReason: i.endReason,
      actions: runs.filter((r) => r.instanceId === i.id).map((r) => ({ phase: r.phase, kind: r.kind, summary: r.summary, ranAt: r.ranAt.toISOString() })),
    };
  });
}
