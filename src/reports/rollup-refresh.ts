/**
 * Rebuilds whole days of the per-day rollup (`report_daily_cases`, `report_daily_compliance`,
 * `report_daily_customers`) from the facts: the days migration 0019 queued in `report_dirty_days` for the
 * facts that existed before the rollup (or any day queued to repair it), a bounded batch of days per
 * transaction. Day to day, the facts refresh keeps the rollup exact by difference (src/reports/rollup-delta.ts).
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { caseRows, complianceRows, customerRows } from './rollup-rows.js';
import { queryRows } from './sql-rows.js';

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

/** Rebuilds the rollup rows of the given UTC days (YYYY-MM-DD) from the facts. */
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

// The bounds go in as constants, so the planner sees how few facts a day holds and reads them by index.
async function rebuildRange(tx: Tx, fromDay: string, toDay: string): Promise<void> {
  const lo = sql`${`${fromDay}T00:00:00Z`}::timestamptz`;
  const hi = sql`${`${toDay}T00:00:00Z`}::timestamptz`;
  const inRange = (column: SQL) => sql`${column} >= ${lo} and ${column} < ${hi}`;
  for (const table of ['report_daily_cases', 'report_daily_compliance', 'report_daily_customers']) {
    await tx.execute(sql`delete from ${sql.raw(table)} where day >= ${fromDay}::date and day < ${toDay}::date`);
  }
  // The facts' own reopenings (what the per-case difference counts), found through the timeline's index.
  const reopenings = sql`select t, f.* from report_case_facts f cross join lateral unnest(f.reopened_at) as t
    where f.case_id in (select e.case_id from case_events e where e.kind = 'reopened' and ${inRange(sql`e.occurred_at`)}) and ${inRange(sql`t`)}`;
  await tx.execute(sql`insert into report_daily_cases (day, dim, key, created, closed, backlog_out, resolved, reopened,
      first_response_business, first_response_calendar, resolution_business, resolution_calendar) ${caseRows(inRange, reopenings)}`);
  await tx.execute(sql`insert into report_daily_compliance (day, dim, key, kpi, met, paused, breached, late, open) ${complianceRows(inRange)}`);
  await tx.execute(sql`insert into report_daily_customers (day, customer_id, cases) ${customerRows(inRange)}`);
}
