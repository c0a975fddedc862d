/**
 * SLA compliance per KPI: the KPI instances whose clock started in the range, by outcome
 * (src/reports/kpi-outcome.ts), one statement over `report_kpi_facts` with per-KPI totals.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { TOTAL, type ByGroup, type ReportQuery } from './case-figures.js';
import { groupKey, scopeFilter } from './report-dimensions.js';
import { int, queryRows } from './sql-rows.js';

export interface Compliance {
  met: number;
  pausedAtResolution: number;
  breached: number;
  lateSuccess: number;
  open: number;
  /** Decided instances (all but open). */
  decided: number;
  /** (met + pausedAtResolution) / decided, in percent with two decimals; null when nothing was decided. */
  complianceRate: number | null;
}

export const emptyCompliance = (): Compliance => ({ met: 0, pausedAtResolution: 0, breached: 0, lateSuccess: 0, open: 0, decided: 0, complianceRate: null });

export function complianceOf(c: Omit<Compliance, 'decided' | 'complianceRate'>): Compliance {
  const decided = c.met + c.pausedAtResolution + c.breached + c.lateSuccess;
  return { ...c, decided, complianceRate: decided === 0 ? null : Math.round(((c.met + c.pausedAtResolution) / decided) * 10000) / 100 };
}

/** Per group (and TOTAL): per KPI name, its compliance. */
export function complianceByKpi(db: DbOrTx, q: ReportQuery): Promise<ByGroup<Map<string, Compliance>>> {
  return complianceOfRows(db, kpiFactRows(q));
}

/** The KPI facts started in the range as rows (kpi, k, met, paused, breached, late, open) of 0/1. */
export const kpiFactRows = (q: ReportQuery): SQL => sql`select kf.kpi, ${groupKey(q.groupBy, sql`kf.started_at`)} as k,
      (kf.outcome = 'met')::int as met, (kf.outcome = 'paused_at_resolution')::int as paused, (kf.outcome = 'breached')::int as breached,
      (kf.outcome = 'late_success')::int as late, (kf.outcome = 'open')::int as open
    from report_kpi_facts kf join cases c on c.id = kf.case_id
   where kf.started_at >= ${q.range.from.toISOString()}::timestamptz and kf.started_at < ${q.range.to.toISOString()}::timestamptz
     and kf.outcome <> 'canceled'${scopeFilter(q.scope)}`;

/** Sums rows (kpi, k, met, paused, breached, late, open) per KPI and group, with per-KPI totals. */
export async function complianceOfRows(db: DbOrTx, inner: SQL): Promise<ByGroup<Map<string, Compliance>>> {
  const rows = await queryRows(
    db,
    sql`select kpi, k, grouping(k) as is_total, sum(met)::int as met, sum(paused)::int as paused, sum(breached)::int as breached,
               sum(late)::int as late, sum(open)::int as open
      from (${inner}) s
      group by grouping sets ((kpi, k), (kpi))`,
  );
  const out: ByGroup<Map<string, Compliance>> = new Map();
  for (const r of rows) {
    const key = Number(r.is_total) === 1 ? TOTAL : ((r.k as string | null) ?? null);
    const perKpi = out.get(key) ?? new Map<string, Compliance>();
    perKpi.set(String(r.kpi), complianceOf({ met: int(r.met), pausedAtResolution: int(r.paused), breached: int(r.breached), lateSuccess: int(r.late), open: int(r.open) }));
    out.set(key, perKpi);
  }
  return out;
}
