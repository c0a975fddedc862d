/**
 * Keeps the per-day rollup exact as cases change, by difference: before a batch of cases gets its new
 * facts, their old contribution (read from their old facts: instants, minutes, dimensions, customer,
 * reopenings, KPI outcomes) is subtracted from the rollup rows it went to; after, the new one is added.
 * The work is proportional to the cases refreshed, whatever the size of the days they touch. Minutes are
 * removed one occurrence per value (`report_array_minus`, migration 0019), so medians stay exact.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { caseRows, complianceRows, customerRows } from './rollup-rows.js';
import { queryRows } from './sql-rows.js';

const ARRAYS = ['first_response_business', 'first_response_calendar', 'resolution_business', 'resolution_calendar'];
const COUNTS = ['created', 'closed', 'backlog_out', 'resolved', 'reopened'];
const KPI_COUNTS = ['met', 'paused', 'breached', 'late', 'open'];
const set = (parts: string[]) => sql.raw(parts.join(', '));

/** Takes the contribution of the cases `inIds` (a set of uuids as SQL), as their facts stand now, out of the rollup. */
export async function subtractCases(tx: Tx, inIds: SQL): Promise<string[]> {
  const { pick, reopenings } = ofCases(inIds);
  const a = await queryRows<{ day: string }>(
    tx,
    sql`update report_daily_cases r set ${set([...COUNTS.map((c) => `${c} = r.${c} - a.${c}`), ...ARRAYS.map((c) => `${c} = report_array_minus(r.${c}, a.${c})`)])}
          from (${caseRows(pick, reopenings)}) a where r.day = a.day and r.dim = a.dim and r.key is not distinct from a.key returning to_char(r.day, 'YYYY-MM-DD') as day`,
  );
  const b = await queryRows<{ day: string }>(
    tx,
    sql`update report_daily_compliance r set ${set(KPI_COUNTS.map((c) => `${c} = r.${c} - a.${c}`))}
          from (${complianceRows(pick)}) a where r.day = a.day and r.dim = a.dim and r.key is not distinct from a.key and r.kpi = a.kpi
        returning to_char(r.day, 'YYYY-MM-DD') as day`,
  );
  await tx.execute(sql`update report_daily_customers r set cases = r.cases - a.cases from (${customerRows(pick)}) a where r.day = a.day and r.customer_id = a.customer_id`);
  return [...new Set([...a, ...b].map((r) => r.day))];
}

/** Adds the contribution of the cases `inIds`, as their facts stand now, to the rollup; drops the rows left empty on `days`. */
export async function addCases(tx: Tx, inIds: SQL, days: string[]): Promise<void> {
  const { pick, reopenings } = ofCases(inIds);
  await tx.execute(sql`insert into report_daily_cases as r (day, dim, key, ${set([...COUNTS, ...ARRAYS])}) ${caseRows(pick, reopenings)}
    on conflict (day, dim, key) do update set ${set([...COUNTS.map((c) => `${c} = r.${c} + excluded.${c}`), ...ARRAYS.map((c) => `${c} = r.${c} || excluded.${c}`)])}`);
  await tx.execute(sql`insert into report_daily_compliance as r (day, dim, key, kpi, ${set(KPI_COUNTS)}) ${complianceRows(pick)}
    on conflict (day, dim, key, kpi) do update set ${set(KPI_COUNTS.map((c) => `${c} = r.${c} + excluded.${c}`))}`);
  await tx.execute(sql`insert into report_daily_customers as r (day, customer_id, cases) ${customerRows(pick)}
    on conflict (day, customer_id) do update set cases = r.cases + excluded.cases`);
  // A group with nothing left must vanish, as it would from the facts (a rebuilt day has no such row).
  if (days.length === 0) return;
  const onDays = sql`day = any(${`{${days.join(',')}}`}::date[])`;
  await tx.execute(sql`delete from report_daily_cases where ${onDays} and ${sql.raw(COUNTS.map((c) => `${c} = 0`).join(' and '))}
    and ${sql.raw(ARRAYS.map((c) => `cardinality(${c}) = 0`).join(' and '))}`);
  await tx.execute(sql`delete from report_daily_compliance where ${onDays} and ${sql.raw(KPI_COUNTS.map((c) => `${c} = 0`).join(' and '))}`);
  await tx.execute(sql`delete from report_daily_customers where ${onDays} and cases = 0`);
}

function ofCases(inIds: SQL) {
  return {
    // The KPI facts are joined with their case's facts (f), so one condition picks both.
    pick: (instant: SQL) => sql`${instant} is not null and f.case_id in ${inIds}`,
    reopenings: sql`select t, f.* from report_case_facts f cross join lateral unnest(f.reopened_at) as t where f.case_id in ${inIds}`,
  };
}
