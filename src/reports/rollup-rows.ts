/**
 * The rollup rows of a set of facts, as SQL shared by the day rebuild (src/reports/rollup-refresh.ts) and
 * the per-case difference (src/reports/rollup-delta.ts): the facts are chosen by `pick`, a condition on
 * the instant column of each figure (`f` is report_case_facts, `kf` report_kpi_facts).
 */
import { sql, type SQL } from 'drizzle-orm';

export type Pick = (instant: SQL) => SQL;

// Every dimension a report groups by, plus 'all' (dim names match the report's groupings).
const DIM_OF_GROUPING = sql.raw(`case when grouping(q) = 0 then 'queue' when grouping(o) = 0 then 'owner' when grouping(p) = 0 then 'priority'
  when grouping(s) = 0 then 'service_level' when grouping(g) = 0 then 'origin' when grouping(pr) = 0 then 'product' else 'all' end`);
const KEY_OF_GROUPING = sql.raw('coalesce(q, o, p, s, g, pr)');
const SETS = (lead: string) => sql.raw(['q', 'o', 'p', 's', 'g', 'pr'].map((d) => `(${lead}, ${d})`).join(', ') + `, (${lead})`);
const DIMS = sql.raw('f.queue_id::text as q, f.owner_id::text as o, f.priority as p, f.service_level as s, f.origin as g, f.product as pr');
const day = (column: SQL) => sql`(${column} at time zone 'UTC')::date`;

/**
 * `select day, dim, key, created, closed, backlog_out, resolved, reopened, <4 minute arrays>`: one row per
 * day and dimension value of the picked facts. `reopenings` lists (t, <facts columns>) rows of the picked reopenings.
 */
export function caseRows(pick: Pick, reopenings: SQL): SQL {
  const none = sql.raw('null::float8, null::float8, null::float8, null::float8');
  const out = sql`greatest(f.closed_at, f.created_at)`;
  return sql`
    select day, ${DIM_OF_GROUPING} as dim, ${KEY_OF_GROUPING} as key,
           sum(created)::int as created, sum(closed)::int as closed, sum(out)::int as backlog_out, sum(resolved)::int as resolved, sum(reopened)::int as reopened,
           coalesce(array_agg(frb) filter (where frb is not null), '{}') as first_response_business,
           coalesce(array_agg(frc) filter (where frc is not null), '{}') as first_response_calendar,
           coalesce(array_agg(rb) filter (where rb is not null), '{}') as resolution_business,
           coalesce(array_agg(rc) filter (where rc is not null), '{}') as resolution_calendar
      from (
        select ${day(sql`f.created_at`)} as day, 1 as created, 0 as closed, 0 as out, 0 as resolved, 0 as reopened, ${none}, ${DIMS}
          from report_case_facts f where ${pick(sql`f.created_at`)}
        union all
        select ${day(sql`f.closed_at`)}, 0, 1, 0, 0, 0, ${none}, ${DIMS} from report_case_facts f where ${pick(sql`f.closed_at`)}
        union all
        select ${day(out)}, 0, 0, 1, 0, 0, ${none}, ${DIMS} from report_case_facts f where f.closed_at is not null and ${pick(out)}
        union all
        select ${day(sql`f.resolved_at`)}, 0, 0, 0, 1, 0, null, null, f.resolution_business_minutes, f.resolution_calendar_minutes, ${DIMS}
          from report_case_facts f where ${pick(sql`f.resolved_at`)}
        union all
        select ${day(sql`f.first_response_at`)}, 0, 0, 0, 0, 0, f.first_response_business_minutes, f.first_response_calendar_minutes, null, null, ${DIMS}
          from report_case_facts f where ${pick(sql`f.first_response_at`)}
        union all
        select ${day(sql`f.t`)}, 0, 0, 0, 0, 1, ${none}, ${DIMS} from (${reopenings}) f
      ) as x(day, created, closed, out, resolved, reopened, frb, frc, rb, rc, q, o, p, s, g, pr)
     group by grouping sets (${SETS('day')})`;
}

/** `select day, dim, key, kpi, met, paused, breached, late, open` of the picked KPI facts (not canceled). */
export function complianceRows(pick: Pick): SQL {
  return sql`
    select day, ${DIM_OF_GROUPING} as dim, ${KEY_OF_GROUPING} as key, kpi,
           count(*) filter (where outcome = 'met')::int as met, count(*) filter (where outcome = 'paused_at_resolution')::int as paused,
           count(*) filter (where outcome = 'breached')::int as breached, count(*) filter (where outcome = 'late_success')::int as late,
           count(*) filter (where outcome = 'open')::int as open
      from (select ${day(sql`kf.started_at`)} as day, kf.kpi, kf.outcome, ${DIMS}
              from report_kpi_facts kf join report_case_facts f on f.case_id = kf.case_id
             where ${pick(sql`kf.started_at`)} and kf.outcome <> 'canceled') x
     group by grouping sets (${SETS('day, kpi')})`;
}

/** `select day, customer_id, cases` of the picked facts. */
export function customerRows(pick: Pick): SQL {
  return sql`select ${day(sql`f.created_at`)} as day, f.customer_id, count(*)::int as cases
    from report_case_facts f where ${pick(sql`f.created_at`)} and f.customer_id is not null group by 1, 2`;
}
