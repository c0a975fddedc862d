/**
 * Keeps `report_case_facts` and `report_kpi_facts` in step with the cases and their clocks. Triggers queue
 * every case whose instants, dimensions, KPI instances or reopenings changed in `report_dirty_cases`;
 * `refreshReportFacts` drains the queue in batches, computing business minutes with the calendar engine on
 * the calendar version the case's clocks pinned, and moves each case's contribution in the per-day rollup
 * from its old facts to its new ones (src/reports/rollup-delta.ts); then it rebuilds any day queued for a
 * rebuild (src/reports/rollup-refresh.ts). Reports and goals drain both before they read, so their figures
 * are never stale, and the work is proportional to what changed since the last read.
 */
import { sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.js';
import { cases, slaKpiInstances } from '../../db/schema/index.js';
import { elapsed, type CompiledCalendar, type Pause } from '../calendar/index.js';
import { calendarVersionCache } from './case-calendars.js';
import { kpiOutcome } from './kpi-outcome.js';
import { addCases, subtractCases } from './rollup-delta.js';
import { rebuildDirtyDays } from './rollup-refresh.js';
import { queryRows } from './sql-rows.js';

type InstanceRow = Pick<
  typeof slaKpiInstances.$inferSelect,
  'id' | 'caseId' | 'kpi' | 'generation' | 'state' | 'applicableFrom' | 'failedAt' | 'succeededAt' | 'lateSucceededAt' | 'pausedSince' | 'pauses' | 'endedAt' | 'calendarId' | 'calendarVersion'
>;

const MS_PER_MINUTE = 60_000;
const FACT_COLUMNS = [
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
  'queue_id',
  'owner_id',
  'priority',
  'service_level',
  'origin',
  'product',
  'customer_id',
  'reopened_at',
  'refreshed_at',
];

// One refresher at a time: a concurrent reader waits here until the batch it would otherwise skip is
// committed, so no reader ever sees facts older than its own start. A change committed meanwhile queues the case again.
const lockRefresh = (tx: Tx) => tx.execute(sql`select pg_advisory_xact_lock(7423012)`);

/**
 * Drains the queue of changed cases, then the days queued for a rebuild (`dayBatch` days per transaction);
 * returns how many cases were refreshed.
 */
export async function refreshReportFacts(
  db: Db,
  options: { batchSize?: number; dayBatch?: number; /** Checked between transactions: stop early, the rest stays queued. */ stopping?: () => boolean } = {},
): Promise<number> {
  const batchSize = options.batchSize ?? 2000;
  const dayBatch = options.dayBatch ?? 31;
  const stopping = options.stopping ?? (() => false);
  let total = 0;
  for (;;) {
    if (stopping()) return total;
    const done = await db.transaction((tx) => refreshBatch(tx, batchSize));
    total += done;
    if (done < batchSize) break;
  }
  for (;;) {
    if (stopping()) return total;
    const days = await db.transaction(async (tx) => {
      await lockRefresh(tx);
      return rebuildDirtyDays(tx, dayBatch);
    });
    if (days < dayBatch) return total;
  }
}

async function refreshBatch(tx: Tx, batchSize: number): Promise<number> {
  await lockRefresh(tx);
  const claimed = await queryRows<{ case_id: string }>(
    tx,
    sql`with claimed as materialized (select case_id from report_dirty_cases limit ${batchSize} for update skip locked)
        delete from report_dirty_cases d using claimed where d.case_id = claimed.case_id returning d.case_id`,
  );
  if (claimed.length === 0) return 0;
  const ids = claimed.map((r) => r.case_id);
  // One array parameter: the planner sees how many cases there are and looks each one up by key.
  const inIds = sql`(select unnest(${`{${ids.join(',')}}`}::uuid[]))`;
  // The rollup loses the cases' old contribution here and gains the new one once their facts are written.
  const touchedDays = await subtractCases(tx, inIds);
  const caseRows = await tx
    .select({
      id: cases.id,
      createdAt: cases.createdAt,
      firstResponseAt: cases.firstResponseAt,
      resolvedAt: cases.resolvedAt,
      cancelledAt: cases.cancelledAt,
      queueId: cases.queueId,
      ownerId: cases.ownerId,
      priority: cases.priority,
      serviceLevel: cases.serviceLevel,
      origin: cases.origin,
      product: cases.product,
      customerId: sql<string | null>`coalesce(${cases.accountId}, ${cases.contactId})`,
    })
    .from(cases)
    .where(sql`${cases.id} in ${inIds}`);
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
    .where(sql`${slaKpiInstances.caseId} in ${inIds}`);
  const reopenings = await queryRows<{ case_id: string; at: string[] }>(
    tx,
    sql`select case_id, array_agg(to_char(occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') order by occurred_at) as at
          from case_events where case_id in ${inIds} and kind = 'reopened' group by case_id`,
  );
  const reopenedAt = new Map(reopenings.map((r) => [r.case_id, r.at]));
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
      case_id: c.id,
      created_at: c.createdAt,
      first_response_at: c.firstResponseAt,
      resolved_at: c.resolvedAt,
      closed_at: c.resolvedAt ?? c.cancelledAt,
      calendar_id: pinned?.calendarId ?? null,
      calendar_version: pinned?.calendarVersion ?? null,
      first_response_business_minutes: firstResponse?.business ?? null,
      first_response_calendar_minutes: firstResponse?.calendar ?? null,
      resolution_business_minutes: resolution?.business ?? null,
      resolution_calendar_minutes: resolution?.calendar ?? null,
      queue_id: c.queueId,
      owner_id: c.ownerId,
      priority: c.priority,
      service_level: c.serviceLevel,
      origin: c.origin,
      product: c.product,
      customer_id: c.customerId,
      reopened_at: reopenedAt.get(c.id) ?? [],
      refreshed_at: now,
    });
  }
  // Rows travel as one JSON parameter (jsonb_to_recordset): thousands of bound parameters cost more than the work.
  if (facts.length > 0) {
    await tx.execute(sql`
      insert into report_case_facts (case_id, ${sql.raw(FACT_COLUMNS.join(', '))})
      select * from jsonb_to_recordset(${JSON.stringify(facts)}::jsonb) as x(case_id uuid, created_at timestamptz, first_response_at timestamptz,
             resolved_at timestamptz, closed_at timestamptz, calendar_id uuid, calendar_version int, first_response_business_minutes float8,
             first_response_calendar_minutes float8, resolution_business_minutes float8, resolution_calendar_minutes float8,
             queue_id uuid, owner_id uuid, priority text, service_level text, origin text, product text, customer_id uuid, reopened_at timestamptz[],
             refreshed_at timestamptz)
      on conflict (case_id) do update set ${sql.raw(FACT_COLUMNS.map((c) => `${c} = excluded.${c}`).join(', '))}`);
  }
  await tx.execute(sql`delete from report_kpi_facts where case_id in ${inIds}`);
  const kpiFacts = instances.map((i) => ({
    instance_id: i.id,
    case_id: i.caseId,
    kpi: i.kpi,
    started_at: i.applicableFrom,
    ended_at: i.endedAt ?? i.succeededAt,
    outcome: kpiOutcome(i),
    refreshed_at: now,
  }));
  if (kpiFacts.length > 0) {
    await tx.execute(sql`
      insert into report_kpi_facts (instance_id, case_id, kpi, started_at, ended_at, outcome, refreshed_at)
      select * from jsonb_to_recordset(${JSON.stringify(kpiFacts)}::jsonb)
        as x(instance_id uuid, case_id uuid, kpi text, started_at timestamptz, ended_at timestamptz, outcome text, refreshed_at timestamptz)`);
  }
  await addCases(tx, inIds, touchedDays);
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
