/**
 * Keeps `report_case_facts` and `report_kpi_facts` in step with the cases and their clocks. Triggers queue
 * every case whose instants or KPI instances changed in `report_dirty_cases`; `refreshReportFacts` drains
 * the queue in batches, computing business minutes with the calendar engine on the calendar version the
 * case's clocks pinned. Reports and goals drain it before they read, so their figures are never stale,
 * and the work is proportional to what changed since the last read.
 */
import { inArray, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.js';
import { cases, reportCaseFacts, reportKpiFacts, slaKpiInstances } from '../../db/schema/index.js';
import { elapsed, type CompiledCalendar, type Pause } from '../calendar/index.js';
import { calendarVersionCache } from './case-calendars.js';
import { kpiOutcome } from './kpi-outcome.js';
import { queryRows } from './sql-rows.js';

type InstanceRow = Pick<
  typeof slaKpiInstances.$inferSelect,
  'id' | 'caseId' | 'kpi' | 'generation' | 'state' | 'applicableFrom' | 'failedAt' | 'succeededAt' | 'lateSucceededAt' | 'pausedSince' | 'pauses' | 'endedAt' | 'calendarId' | 'calendarVersion'
>;

const MS_PER_MINUTE = 60_000;

/** Drains the queue of changed cases; returns how many cases were refreshed. */
export async function refreshReportFacts(db: Db, options: { batchSize?: number } = {}): Promise<number> {
  const batchSize = options.batchSize ?? 2000;
  let total = 0;
  for (;;) {
    const done = await db.transaction((tx) => refreshBatch(tx, batchSize));
    total += done;
    if (done < batchSize) return total;
  }
}

async function refreshBatch(tx: Tx, batchSize: number): Promise<number> {
  // Claimed rows stay locked until commit: a change committed meanwhile queues the case again.
  const claimed = await queryRows<{ case_id: string }>(
    tx,
    sql`with claimed as materialized (select case_id from report_dirty_cases limit ${batchSize} for update skip locked)
        delete from report_dirty_cases d using claimed where d.case_id = claimed.case_id returning d.case_id`,
  );
  if (claimed.length === 0) return 0;
  const ids = claimed.map((r) => r.case_id);
  const caseRows = await tx
    .select({ id: cases.id, createdAt: cases.createdAt, firstResponseAt: cases.firstResponseAt, resolvedAt: cases.resolvedAt, cancelledAt: cases.cancelledAt })
    .from(cases)
    .where(inArray(cases.id, ids));
  const instances: InstanceRow[] = await tx
    .select({
      id: slaKpiInstances.id,
      caseId: slaKpiInstances.caseId,
      kpi: slaKpiInstances.kpi,
      generation: slaKpiInstances.generation,
      state: slaKpiInstances.state,
      applicableFrom: slaKpiInstances.applicableFrom,
      failedAt: slaKpiInstances.failedAt,
      succeededAt: slaKpiInstances.succeededAt,
      lateSucceededAt: slaKpiInstances.lateSucceededAt,
      pausedSince: slaKpiInstances.pausedSince,
      pauses: slaKpiInstances.pauses,
      endedAt: slaKpiInstances.endedAt,
      calendarId: slaKpiInstances.calendarId,
      calendarVersion: slaKpiInstances.calendarVersion,
    })
    .from(slaKpiInstances)
    .where(inArray(slaKpiInstances.caseId, ids));
  const byCase = new Map<string, InstanceRow[]>();
  for (const i of instances) byCase.set(i.caseId, [...(byCase.get(i.caseId) ?? []), i]);

  const now = new Date();
  const facts = [];
  for (const c of caseRows) {
    const own = byCase.get(c.id) ?? [];
    const pinned = pinnedCalendarOf(own);
    const cal = await calendarVersionCache.get(tx, pinned?.calendarId ?? null, pinned?.calendarVersion ?? null);
    const firstResponse = span(cal, c.createdAt, c.firstResponseAt, pausesOf(own, 'first_response'));
    const resolution = span(cal, c.createdAt, c.resolvedAt, pausesOf(own, 'resolve'));
    facts.push({
      caseId: c.id,
      createdAt: c.createdAt,
      firstResponseAt: c.firstResponseAt,
      resolvedAt: c.resolvedAt,
      closedAt: c.resolvedAt ?? c.cancelledAt,
      calendarId: pinned?.calendarId ?? null,
      calendarVersion: pinned?.calendarVersion ?? null,
      firstResponseBusinessMinutes: firstResponse?.business ?? null,
      firstResponseCalendarMinutes: firstResponse?.calendar ?? null,
      resolutionBusinessMinutes: resolution?.business ?? null,
      resolutionCalendarMinutes: resolution?.calendar ?? null,
      refreshedAt: now,
    });
  }
  if (facts.length > 0) {
    await tx
      .insert(reportCaseFacts)
      .values(facts)
      .onConflictDoUpdate({
        target: reportCaseFacts.caseId,
        set: Object.fromEntries(
          [
            'created_at',
            'first_response_at',
            'resolved_at',
            'closed_at',
            'calendar_id',
            'calendar_version',
            'first_response_business_minutes',
            'first_response_calendar_minutes',
            'resolution_business_minutes',
            'resolution_calendar_minutes',
            'refreshed_at',
          ].map((column) => [camel(column), sql.raw(`excluded.${column}`)]),
        ),
      });
  }
  await tx.delete(reportKpiFacts).where(inArray(reportKpiFacts.caseId, ids));
  const kpiFacts = instances.map((i) => ({
    instanceId: i.id,
    caseId: i.caseId,
    kpi: i.kpi,
    startedAt: i.applicableFrom,
    endedAt: i.endedAt ?? i.succeededAt,
    outcome: kpiOutcome(i),
    refreshedAt: now,
  }));
  if (kpiFacts.length > 0) await tx.insert(reportKpiFacts).values(kpiFacts);
  return claimed.length;
}

/** The calendar version of the case's Resolve By clock (latest generation), else of any clock that pinned one. */
function pinnedCalendarOf(instances: InstanceRow[]): InstanceRow | undefined {
  const withCalendar = instances.filter((i) => i.calendarId !== null && i.calendarVersion !== null);
  withCalendar.sort((a, b) => Number(b.kpi === 'resolve') - Number(a.kpi === 'resolve') || b.generation - a.generation);
  return withCalendar[0];
}

function pausesOf(instances: InstanceRow[], kpi: string): Pause[] {
  return instances
    .filter((i) => i.kpi === kpi)
    .flatMap((i) => i.pauses.map((p) => ({ from: Date.parse(p.from), to: p.to === null ? Infinity : Date.parse(p.to) })));
}

/** Minutes from `from` to `to`: business minutes outside the clock's pauses, and plain calendar minutes. */
function span(cal: CompiledCalendar, from: Date, to: Date | null, pauses: Pause[]): { business: number; calendar: number } | null {
  if (to === null) return null;
  const a = from.getTime();
  const b = Math.max(a, to.getTime());
  return { business: elapsed(cal, a, b, { pauses }), calendar: (b - a) / MS_PER_MINUTE };
}

const camel = (column: string) => column.replace(/_([a-z])/g, (_, ch: string) => ch.toUpperCase());
