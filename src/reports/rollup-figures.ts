/**
 * The report's figures read from the per-day rollup (src/reports/rollup-refresh.ts) for the whole UTC days
 * of the range, plus the raw facts of the partial days at its edges, so any range gives exactly what the
 * facts give (src/reports/case-figures.ts): counts are sums, medians and p90s are taken over the minutes
 * the rollup rows hold. `rollupPlan` says whether a query can be read that way.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { backlogKey, factsAt, grouped, iso, readStats, reopenings, stats, type ByGroup, type DurationFigures, type ReportQuery } from './case-figures.js';
import { complianceOfRows, kpiFactRows, type Compliance } from './compliance-figures.js';
import { scopeFilter } from './report-dimensions.js';
import { isTimeGrouping, type ReportRange, type TimeGrouping } from './report-range.js';
import { int } from './sql-rows.js';

export interface RollupPlan {
  /** The rollup dimension read ('all' for time groupings of everything). */
  dim: string;
  /** Only these keys of the dimension (a goal's queues or agents), or all. */
  keys: string[] | null;
  unit: TimeGrouping | null;
  /** Whole UTC days [from, to) as YYYY-MM-DD. */
  days: { from: string; to: string };
  /** The partial days at the range's edges, read from the facts. */
  edges: ReportRange[];
}

const DAY_MS = 86_400_000;
const floorDay = (d: Date) => new Date(Math.floor(d.getTime() / DAY_MS) * DAY_MS);
const ceilDay = (d: Date) => new Date(Math.ceil(d.getTime() / DAY_MS) * DAY_MS);
const ymd = (d: Date) => d.toISOString().slice(0, 10);

/**
 * How `q` reads from the rollup, or null when it cannot: a dimension grouping of everything, or a time
 * grouping of everything or of one dimension's keys (the rollup has no row for an owner within a queue).
 */
export function rollupPlan(q: ReportQuery): RollupPlan | null {
  const unit = isTimeGrouping(q.groupBy) ? q.groupBy : null;
  let dim: string;
  let keys: string[] | null = null;
  if (!q.scope) dim = unit ? 'all' : q.groupBy;
  else {
    const owners = q.scope.ownerIds ?? [];
    const queues = q.scope.queueIds ?? [];
    if (!unit || (owners.length > 0) === (queues.length > 0)) return null;
    [dim, keys] = owners.length > 0 ? ['owner', owners] : ['queue', queues];
  }
  const from = ceilDay(q.range.from);
  const to = floorDay(q.range.to);
  if (from.getTime() >= to.getTime()) return null;
  const edges: ReportRange[] = [];
  if (q.range.from.getTime() < from.getTime()) edges.push({ from: q.range.from, to: from });
  if (to.getTime() < q.range.to.getTime()) edges.push({ from: to, to: q.range.to });
  return { dim, keys, unit, days: { from: ymd(from), to: ymd(to) }, edges };
}

const keyFilter = (p: RollupPlan): SQL => (p.keys ? sql` and r.key in (${sql.join(p.keys.map((k) => sql`${k}::uuid::text`), sql`, `)})` : sql``);
const rollupKey = (p: RollupPlan): SQL => (p.unit ? sql`to_char(date_trunc('${sql.raw(p.unit)}', r.day::timestamp), 'YYYY-MM-DD')` : sql`r.key`);

/** `from <table> r <lateral> where <the plan's dimension, keys and whole days>` */
function rollupRows(p: RollupPlan, table: 'report_daily_cases' | 'report_daily_compliance', lateral: SQL = sql``): SQL {
  return sql`from ${sql.raw(table)} r${lateral} where r.dim = ${p.dim} and r.day >= ${p.days.from}::date and r.day < ${p.days.to}::date${keyFilter(p)}`;
}

const unionAll = (parts: SQL[]): SQL => sql.join(parts, sql` union all `);
const edgeQuery = (q: ReportQuery, range: ReportRange): ReportQuery => ({ ...q, range });

/** A count: the rollup column over the whole days, one per fact of the edges whose `column` lies in them. */
function count(db: DbOrTx, q: ReportQuery, p: RollupPlan, rollupColumn: string, edge: (e: ReportQuery) => SQL): Promise<ByGroup<number>> {
  const parts = [
    sql`select ${rollupKey(p)} as k, r.${sql.raw(rollupColumn)} as n ${rollupRows(p, 'report_daily_cases')}`,
    ...p.edges.map((e) => sql`select k, 1 as n from (${edge(edgeQuery(q, e))}) e`),
  ];
  return grouped(db, sql`sum(n)::int as n`, unionAll(parts), (r) => int(r.n), sql`sum(n) > 0`);
}

export const createdCounts = (db: DbOrTx, q: ReportQuery, p: RollupPlan) => count(db, q, p, 'created', (e) => factsAt(e, 'created_at'));
export const closedCounts = (db: DbOrTx, q: ReportQuery, p: RollupPlan) => count(db, q, p, 'closed', (e) => factsAt(e, 'closed_at'));
export const reopenedCounts = (db: DbOrTx, q: ReportQuery, p: RollupPlan) => count(db, q, p, 'reopened', reopenings);

/** Rows (k, n, business, calendar): the rollup's count and minutes of the whole days, then the edges' facts. */
function minutes(q: ReportQuery, p: RollupPlan, what: 'first_response' | 'resolution', rollupCount: string | null, at: string): SQL {
  const [b, c] = [`${what}_business`, `${what}_calendar`];
  const parts = [
    sql`select ${rollupKey(p)} as k, 0 as n, u.b as ${sql.raw(`${b}_minutes`)}, u.c as ${sql.raw(`${c}_minutes`)}
          ${rollupRows(p, 'report_daily_cases', sql.raw(` cross join lateral unnest(r.${b}, r.${c}) as u(b, c)`))}`,
    ...p.edges.map((e) => sql`select k, 1, ${sql.raw(`${b}_minutes, ${c}_minutes`)} from (${factsAt(edgeQuery(q, e), at)}) e`),
  ];
  if (rollupCount) parts.push(sql`select ${rollupKey(p)}, r.${sql.raw(rollupCount)}, null, null ${rollupRows(p, 'report_daily_cases')}`);
  return unionAll(parts);
}

export function resolutions(db: DbOrTx, q: ReportQuery, p: RollupPlan): Promise<ByGroup<{ resolved: number; time: DurationFigures }>> {
  const figures = sql`sum(n)::int as n, ${stats('resolution_business_minutes')}, ${stats('resolution_calendar_minutes')}`;
  return grouped(
    db,
    figures,
    minutes(q, p, 'resolution', 'resolved', 'resolved_at'),
    (r) => ({ resolved: int(r.n), time: { businessMinutes: readStats(r, 'resolution_business_minutes'), calendarMinutes: readStats(r, 'resolution_calendar_minutes') } }),
    sql`sum(n) > 0`,
  );
}

export function firstResponses(db: DbOrTx, q: ReportQuery, p: RollupPlan): Promise<ByGroup<DurationFigures>> {
  const figures = sql`${stats('first_response_business_minutes')}, ${stats('first_response_calendar_minutes')}`;
  // Edge rows count 1 each, whole-day rows hold one minute pair per response: a group with neither is absent, as from the facts.
  return grouped(
    db,
    figures,
    minutes(q, p, 'first_response', null, 'first_response_at'),
    (r) => ({ businessMinutes: readStats(r, 'first_response_business_minutes'), calendarMinutes: readStats(r, 'first_response_calendar_minutes') }),
    sql`(sum(n) > 0 or count(first_response_business_minutes) > 0)`,
  );
}

export function complianceByKpi(db: DbOrTx, q: ReportQuery, p: RollupPlan): Promise<ByGroup<Map<string, Compliance>>> {
  return complianceOfRows(
    db,
    unionAll([
      sql`select r.kpi, ${rollupKey(p)} as k, r.met, r.paused, r.breached, r.late, r.open ${rollupRows(p, 'report_daily_compliance')}`,
      ...p.edges.map((e) => kpiFactRows(edgeQuery(q, e))),
    ]),
  );
}

/**
 * Cases open at `at` by their current dimension: created minus left (greatest(closed_at, created_at)) over
 * every rollup day before `at`'s day, then the facts of that day up to `at`.
 */
export function backlogAt(db: DbOrTx, q: ReportQuery, p: RollupPlan, at: Date): Promise<ByGroup<number>> {
  const day = floorDay(at);
  const key = p.unit ? sql`null::text` : sql`r.key`;
  const parts = [sql`select ${key} as k, r.created - r.backlog_out as n from report_daily_cases r where r.dim = ${p.dim} and r.day < ${ymd(day)}::date${keyFilter(p)}`];
  if (day.getTime() < at.getTime()) {
    const facts = sql`from report_case_facts f join cases c on c.id = f.case_id where`;
    const scope = scopeFilter(q.scope);
    parts.push(sql`select ${backlogKey(q)}, 1 ${facts} f.created_at >= ${iso(day)} and f.created_at < ${iso(at)}${scope}`);
    parts.push(sql`select ${backlogKey(q)}, -1 ${facts} f.closed_at is not null and greatest(f.closed_at, f.created_at) >= ${iso(day)}
                     and greatest(f.closed_at, f.created_at) < ${iso(at)}${scope}`);
  }
  return grouped(db, sql`sum(n)::int as n`, unionAll(parts), (r) => int(r.n), sql`sum(n) > 0`);
}
