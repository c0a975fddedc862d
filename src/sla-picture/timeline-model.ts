/**
 * The facts of a case's SLA timeline picture: each KPI instance (its clock, pauses, warning and failure
 * instants, what happened: warned, breached, succeeded, stale-pause alerts, the actions that ran) and
 * the pinned calendar's business hours, holidays and closures over the picture's time range, up to "now"
 * (the app's clock). Read-only; the drawing is in ./timeline-chart.ts.
 */
import { and, asc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { calendarVersions, caseEvents, cases, slaActionRuns, slaKpiInstances } from '../../db/schema/index.js';
import { notFound } from '../errors.js';
import { kpiLabel } from '../sla/kpis.js';
import { calendarSpans, type CalendarSpans, type Span } from './calendar-spans.js';

export interface TimelineAction {
  at: number;
  phase: string;
  kind: string;
  summary: string;
}

export interface TimelineKpi {
  label: string;
  kpi: string;
  state: string;
  start: number;
  /** When the clock ended, or now while it runs. */
  end: number;
  ended: boolean;
  pauses: Span[];
  warningAt: number | null;
  failureAt: number | null;
  warnedAt: number | null;
  failedAt: number | null;
  succeededAt: number | null;
  lateSucceededAt: number | null;
  staleAlerts: number[];
  actions: TimelineAction[];
}

export interface TimelineModel {
  caseNumber: string;
  caseTitle: string;
  now: number;
  from: number;
  to: number;
  calendar: { id: string; version: number } | null;
  spans: CalendarSpans;
  kpis: TimelineKpi[];
}

/** At most this many KPI instances (newest generations first dropped last): a picture stays readable. */
export const MAX_KPI_ROWS = 12;

const ms = (d: Date | null) => (d ? d.getTime() : null);

function dueAtOf(run: { ranAt: Date; detail: Record<string, unknown> }): number {
  const due = typeof run.detail.dueAt === 'string' ? Date.parse(run.detail.dueAt) : NaN;
  return Number.isFinite(due) ? due : run.ranAt.getTime();
}

export async function loadTimelineModel(db: DbOrTx, caseId: string, now: Date): Promise<TimelineModel> {
  const [c] = await db.select({ id: cases.id, number: cases.number, title: cases.title }).from(cases).where(eq(cases.id, caseId));
  if (!c) throw notFound('case', caseId);
  const instances = (
    await db.select().from(slaKpiInstances).where(eq(slaKpiInstances.caseId, caseId)).orderBy(asc(slaKpiInstances.createdAt), asc(slaKpiInstances.kpi))
  ).slice(-MAX_KPI_ROWS);
  const runs = await db.select().from(slaActionRuns).where(eq(slaActionRuns.caseId, caseId)).orderBy(asc(slaActionRuns.ranAt));
  const stale = await db
    .select({ occurredAt: caseEvents.occurredAt, data: caseEvents.data })
    .from(caseEvents)
    .where(and(eq(caseEvents.caseId, caseId), eq(caseEvents.kind, 'sla.pause_stale')));
  const nowMs = now.getTime();

  const kpis: TimelineKpi[] = instances.map((i) => {
    const endedAt = ms(i.endedAt);
    const end = endedAt ?? nowMs;
    const generations = instances.filter((o) => o.kpi === i.kpi).length;
    return {
      label: `${kpiLabel(i.kpi)}${generations > 1 ? ` #${i.generation}` : ''}`,
      kpi: i.kpi,
      state: i.state,
      start: i.applicableFrom.getTime(),
      end,
      ended: endedAt !== null,
      pauses: i.pauses.map((p) => ({ from: Date.parse(p.from), to: p.to ? Date.parse(p.to) : end })).filter((p) => p.to > p.from),
      warningAt: ms(i.warningAt),
      failureAt: ms(i.failureAt),
      warnedAt: ms(i.warnedAt),
      failedAt: ms(i.failedAt),
      succeededAt: ms(i.succeededAt),
      lateSucceededAt: ms(i.lateSucceededAt),
      staleAlerts: stale.filter((e) => e.data.instanceId === i.id).map((e) => e.occurredAt.getTime()),
      // Drawn at the SLA instant the action belongs to (recorded as `dueAt`), not when the worker got to it.
      actions: runs.filter((r) => r.instanceId === i.id).map((r) => ({ at: dueAtOf(r), phase: r.phase, kind: r.kind, summary: r.summary })),
    };
  });

  const instants = kpis.flatMap((k) => [k.start, k.end, k.warningAt, k.failureAt, k.succeededAt, k.lateSucceededAt, ...k.actions.map((a) => a.at)]);
  const known = [nowMs, ...instants.filter((t): t is number => t !== null)];
  const first = Math.min(...known);
  const last = Math.max(...known);
  const pad = Math.max((last - first) * 0.04, 30 * 60_000);
  const from = first - pad;
  const to = last + pad;

  // The calendar the newest clock runs on (an operator may have applied a newer version to it).
  const pinned = [...instances].reverse().find((i) => i.calendarId !== null && i.calendarVersion !== null);
  let definition: unknown = null;
  if (pinned) {
    const [row] = await db
      .select({ definition: calendarVersions.definition })
      .from(calendarVersions)
      .where(and(eq(calendarVersions.calendarId, pinned.calendarId!), eq(calendarVersions.version, pinned.calendarVersion!)));
    definition = row?.definition ?? null;
  }
  return {
    caseNumber: c.number,
    caseTitle: c.title,
    now: nowMs,
    from,
    to,
    calendar: pinned && definition ? { id: pinned.calendarId!, version: pinned.calendarVersion! } : null,
    spans: calendarSpans(definition, from, to),
    kpis,
  };
}
