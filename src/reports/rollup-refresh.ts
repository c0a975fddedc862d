/**
 * Keeps the per-day rollup (`report_daily_cases`, `report_daily_compliance`) in step with the facts. The
 * facts refresh queues every UTC day a refreshed case touched, before and after its refresh, in
 * `report_dirty_days`; `rebuildDirtyDays` then rebuilds those days alone from the facts, a bounded batch
 * of days per transaction. A change to one case rebuilds the few days it touches, never the whole rollup.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { queryRows } from './sql-rows.js';

/** Queues the days the cases `inIds` (a set of uuids as SQL) touch in their facts and reopenings. */
export async function markDirtyDays(tx: Tx, inIds: SQL): Promise<void> {
  await tx.execute(sql`
    insert into report_dirty_days (day)
    select distinct (t at time zone 'UTC')::date from (
      select unnest(array[f.created_at, f.first_response_at, f.closed_at]) as t from report_case_facts f where f.case_id in ${inIds}
      union all select kf.started_at from report_kpi_facts kf where kf.case_id in ${inIds}
      union all select e.occurred_at from case_events e where e.case_id in ${inIds} and e.kind = 'reopened'
    ) s where t is not null
    on conflict do nothing`);
}

/** Claims up to `batchDays` dirty days and rebuilds their rollup rows; returns how many days. */
export async function rebuildDirtyDays(tx: Tx, batchDays: number): Promise<number> {
  const claimed = await queryRows<{ day: string }>(
    tx,
    sql`with claimed as materialized (select day from report_dirty_days order by day limit ${batchDays})
        delete from report_dirty_days d using claimed where d.day = claimed.day returning to_char(d.day, 'YYYY-MM-DD') as day`,
  );
  if (claimed.length === 0) return 0;
  await rebuildDays(
    tx,
    claimed.map((r) => r.day),
  );
  return claimed.length;
}

// Every dimension a report groups by, plus 'all' (dim names match the report's groupings).
const DIM_OF_GROUPING = sql.raw(`case when grouping(q) = 0 then 'queue' when grouping(o) = 0 then 'owner' when grouping(p) = 0 then 'priority'
  when grouping(s) = 0 then 'service_level' when grouping(g) = 0 then 'origin' when grouping(pr) = 0 then 'product' else 'all' end`);
const KEY_OF_GROUPING = sql.raw('coalesce(q, o, p, s, g, pr)');
const SETS = (lead: string) => sql.raw(['q', 'o', 'p', 's', 'g', 'pr'].map((d) => `(${lead}, ${d})`).join(', ') + `, (${lead})`);
const DIMS = sql.raw('f.queue_id::text as q, f.owner_id::text as o, f.priority as p, f.service_level as s, f.origin as g, f.product as pr');

/** Rebuilds the rollup rows of the given UTC days (YYYY-MM-DD) from the facts and the cases' current dimensions. */
export async function rebuildDays(tx: Tx, days: string[]): Promise<void> {
  for (const run of contiguousRuns(days)) await rebuildRange(tx, run.from, run.to);
}

/** Sorted days as runs of consecutive days [from, to) (YYYY-MM-DD). */
export function contiguousRuns(days: string[]): Array<{ from: string; to: string }> {
  const runs: Array<{ from: string; to: string }> = [];
  for (const day of [...new Set(days)].sort()) {
    const last = runs[runs.length - 1];
    if (last && last.to === day) last.to = nextDay(day);
    else runs.push({ from: day, to: nextDay(day) });
  }
  return runs;
}

const nextDay = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

// The bounds go in as constants, so the planner sees how few facts a day holds and reads them by index (no cases join).
async function rebuildRange(tx: Tx, fromDay: string, toDay: string): Promise<void> {
  const lo = sql`${`${fromDay}T00:00:00Z`}::timestamptz`;
  const hi = sql`${`${toDay}T00:00:00Z`}::timestamptz`;
  const inRange = (column: SQL) => sql`${column} >= ${lo} and ${column} < ${hi}`;
  const day = (column: SQL) => sql`(${column} at time zone 'UTC')::date`;
  await tx.execute(sql`delete from report_daily_cases where day >= ${fromDay}::date and day < ${toDay}::date`);
  await tx.execute(sql`delete from report_daily_compliance where day >= ${fromDay}::date and day < ${toDay}::date`);
  await tx.execute(sql`delete from report_daily_customers where day >= ${fromDay}::date and day < ${toDay}::date`);
  await tx.execute(sql`insert into report_daily_customers (day, customer_id)
    select distinct ${day(sql`f.created_at`)}, f.customer_id from report_case_facts f where ${inRange(sql`f.created_at`)} and f.customer_id is not null`);
  const none = sql.raw('null::float8, null::float8, null::float8, null::float8');
  const out = sql`greatest(f.closed_at, f.created_at)`;
  await tx.execute(sql`
    insert into report_daily_cases (day, dim, key, created, closed, backlog_out, resolved, reopened,
           first_response_business, first_response_calendar, resolution_business, resolution_calendar)
    select day, ${DIM_OF_GROUPING}, ${KEY_OF_GROUPING},
           sum(created)::int, sum(closed)::int, sum(out)::int, sum(resolved)::int, sum(reopened)::int,
           coalesce(array_agg(frb) filter (where frb is not null), '{}'), coalesce(array_agg(frc) filter (where frc is not null), '{}'),
           coalesce(array_agg(rb) filter (where rb is not null), '{}'), coalesce(array_agg(rc) filter (where rc is not null), '{}')
      from (
        select ${day(sql`f.created_at`)} as day, 1 as created, 0 as closed, 0 as out, 0 as resolved, 0 as reopened, ${none}, ${DIMS}
          from report_case_facts f where ${inRange(sql`f.created_at`)}
        union all
        select ${day(sql`f.closed_at`)}, 0, 1, 0, 0, 0, ${none}, ${DIMS} from report_case_facts f where ${inRange(sql`f.closed_at`)}
        union all
        select ${day(out)}, 0, 0, 1, 0, 0, ${none}, ${DIMS} from report_case_facts f where f.closed_at is not null and ${inRange(out)}
        union all
        select ${day(sql`f.resolved_at`)}, 0, 0, 0, 1, 0, null, null, f.resolution_business_minutes, f.resolution_calendar_minutes, ${DIMS}
          from report_case_facts f where ${inRange(sql`f.resolved_at`)}
        union all
        select ${day(sql`f.first_response_at`)}, 0, 0, 0, 0, 0, f.first_response_business_minutes, f.first_response_calendar_minutes, null, null, ${DIMS}
          from report_case_facts f where ${inRange(sql`f.first_response_at`)}
        union all
        select ${day(sql`e.occurred_at`)}, 0, 0, 0, 0, 1, ${none}, ${DIMS}
          from case_events e join report_case_facts f on f.case_id = e.case_id where e.kind = 'reopened' and ${inRange(sql`e.occurred_at`)}
      ) as x(day, created, closed, out, resolved, reopened, frb, frc, rb, rc, q, o, p, s, g, pr)
     group by grouping sets (${SETS('day')})`);
  await tx.execute(sql`
    insert into report_daily_compliance (day, dim, key, kpi, met, paused, breached, late, open)
    select day, ${DIM_OF_GROUPING}, ${KEY_OF_GROUPING}, kpi,
           count(*) filter (where outcome = 'met')::int, count(*) filter (where outcome = 'paused_at_resolution')::int,
           count(*) filter (where outcome = 'breached')::int, count(*) filter (where outcome = 'late_success')::int,
           count(*) filter (where outcome = 'open')::int
      from (select ${day(sql`kf.started_at`)} as day, kf.kpi, kf.outcome, ${DIMS}
              from report_kpi_facts kf join report_case_facts f on f.case_id = kf.case_id
             where ${inRange(sql`kf.started_at`)} and kf.outcome <> 'canceled') x
     group by grouping sets (${SETS('day, kpi')})`);
}
