/**
 * Case volume and response/resolution times, each one SQL statement over `report_case_facts` joined with
 * `cases` for the dimensions, grouped by the report's key with a grand total (GROUPING SETS).
 */
import { sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { groupKey, scopeFilter, type CaseScope } from './report-dimensions.js';
import { isTimeGrouping, type Grouping, type ReportRange } from './report-range.js';
import { int, num, queryRows } from './sql-rows.js';

/** The key of the grand-total row in the maps these queries answer. */
export const TOTAL = '\u0000total';
export type GroupKey = string | null;
export type ByGroup<T> = Map<GroupKey, T>;

export interface TimeStats {
  count: number;
  median: number | null;
  p90: number | null;
  mean: number | null;
}
export interface DurationFigures {
  businessMinutes: TimeStats;
  calendarMinutes: TimeStats;
}

export interface ReportQuery {
  range: ReportRange;
  groupBy: Grouping;
  scope?: CaseScope;
}

export const iso = (d: Date) => sql`${d.toISOString()}::timestamptz`;
const round2 = (v: number | null) => (v === null ? null : Math.round(v * 100) / 100);

export function stats(column: string): SQL {
  const c = sql.raw(column);
  return sql`count(${c})::int as ${sql.raw(`${column}_n`)},
    percentile_cont(0.5) within group (order by ${c}) as ${sql.raw(`${column}_median`)},
    percentile_cont(0.9) within group (order by ${c}) as ${sql.raw(`${column}_p90`)},
    avg(${c})::float8 as ${sql.raw(`${column}_mean`)}`;
}

export const readStats = (r: Record<string, unknown>, column: string): TimeStats => ({
  count: int(r[`${column}_n`]),
  median: round2(num(r[`${column}_median`])),
  p90: round2(num(r[`${column}_p90`])),
  mean: round2(num(r[`${column}_mean`])),
});

/**
 * Rows of `select <figures> from (<inner>) s group by grouping sets ((k), ())`, keyed by group; `having`
 * drops groups (never the total) whose rows add up to nothing.
 */
export async function grouped<T>(db: DbOrTx, figures: SQL, inner: SQL, read: (r: Record<string, unknown>) => T, having?: SQL): Promise<ByGroup<T>> {
  const keep = having ? sql` having grouping(k) = 1 or ${having}` : sql``;
  const rows = await queryRows(db, sql`select k, grouping(k) as is_total, ${figures} from (${inner}) s group by grouping sets ((k), ())${keep}`);
  const out: ByGroup<T> = new Map();
  for (const r of rows) out.set(Number(r.is_total) === 1 ? TOTAL : ((r.k as string | null) ?? null), read(r));
  return out;
}

/** Facts of the cases whose instant `column` lies in the range, with the group key at that instant. */
export function factsAt(q: ReportQuery, column: string): SQL {
  const at = sql.raw(`f.${column}`);
  return sql`select ${groupKey(q.groupBy, at)} as k, f.* from report_case_facts f join cases c on c.id = f.case_id
    where ${at} >= ${iso(q.range.from)} and ${at} < ${iso(q.range.to)}${scopeFilter(q.scope)}`;
}

export function createdCounts(db: DbOrTx, q: ReportQuery): Promise<ByGroup<number>> {
  return grouped(db, sql`count(*)::int as n`, factsAt(q, 'created_at'), (r) => int(r.n));
}

/** Cases closed (resolved or cancelled) in the range: the backlog's outflow. */
export function closedCounts(db: DbOrTx, q: ReportQuery): Promise<ByGroup<number>> {
  return grouped(db, sql`count(*)::int as n`, factsAt(q, 'closed_at'), (r) => int(r.n));
}

export function resolutions(db: DbOrTx, q: ReportQuery): Promise<ByGroup<{ resolved: number; time: DurationFigures }>> {
  return grouped(db, sql`count(*)::int as n, ${stats('resolution_business_minutes')}, ${stats('resolution_calendar_minutes')}`, factsAt(q, 'resolved_at'), (r) => ({
    resolved: int(r.n),
    time: { businessMinutes: readStats(r, 'resolution_business_minutes'), calendarMinutes: readStats(r, 'resolution_calendar_minutes') },
  }));
}

export function firstResponses(db: DbOrTx, q: ReportQuery): Promise<ByGroup<DurationFigures>> {
  return grouped(db, sql`${stats('first_response_business_minutes')}, ${stats('first_response_calendar_minutes')}`, factsAt(q, 'first_response_at'), (r) => ({
    businessMinutes: readStats(r, 'first_response_business_minutes'),
    calendarMinutes: readStats(r, 'first_response_calendar_minutes'),
  }));
}

/** Reopenings (timeline events `reopened`) in the range. */
export function reopenedCounts(db: DbOrTx, q: ReportQuery): Promise<ByGroup<number>> {
  return grouped(db, sql`count(*)::int as n`, reopenings(q), (r) => int(r.n));
}

export const reopenings = (q: ReportQuery): SQL => sql`select ${groupKey(q.groupBy, sql`e.occurred_at`)} as k from case_events e join cases c on c.id = e.case_id
    where e.kind = 'reopened' and e.occurred_at >= ${iso(q.range.from)} and e.occurred_at < ${iso(q.range.to)}${scopeFilter(q.scope)}`;

/**
 * Cases open at instant `at` (created before it, not closed before it), by the cases' current dimension.
 * Written as two index-friendly sets: still open, and closed at or after `at`.
 */
export function backlogAt(db: DbOrTx, q: ReportQuery, at: Date): Promise<ByGroup<number>> {
  const key = backlogKey(q);
  const inner = sql`select ${key} as k from report_case_facts f join cases c on c.id = f.case_id
    where f.created_at < ${iso(at)} and (f.closed_at is null or f.closed_at >= ${iso(at)})${scopeFilter(q.scope)}`;
  return grouped(db, sql`count(*)::int as n`, inner, (r) => int(r.n));
}

/** Backlog rows carry the case's current dimension; time groupings read only the total. */
export const backlogKey = (q: ReportQuery): SQL => (isTimeGrouping(q.groupBy) ? sql`null::text` : groupKey(q.groupBy, sql`f.created_at`));
