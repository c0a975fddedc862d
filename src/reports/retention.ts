import { sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import type { ReportRange } from './report-range.js';
import { int, queryRows } from './sql-rows.js';

export interface Retention {
  previousFrom: string;
  previousTo: string;
  /** Customers active in the previous period of the same length. */
  previousCustomers: number;
  /** Of those, the customers active in this period too. */
  retainedCustomers: number;
  /** retained / previous in percent (two decimals); null without customers in the previous period. */
  rate: number | null;
}

const DAY_MS = 86_400_000;

/** Customers who created a case in [from, to): the rollup's whole days, the cases of the partial days at the edges. */
function withCases(r: ReportRange, rollup: boolean): SQL {
  const fromDay = Math.ceil(r.from.getTime() / DAY_MS) * DAY_MS;
  const toDay = Math.floor(r.to.getTime() / DAY_MS) * DAY_MS;
  const fromCases = (a: number, b: number) => sql`select coalesce(account_id, contact_id) from cases
     where created_at >= ${new Date(a).toISOString()}::timestamptz and created_at < ${new Date(b).toISOString()}::timestamptz and coalesce(account_id, contact_id) is not null`;
  if (!rollup || fromDay >= toDay) return fromCases(r.from.getTime(), r.to.getTime());
  const parts = [sql`select customer_id from report_daily_customers where day >= ${new Date(fromDay).toISOString().slice(0, 10)}::date and day < ${new Date(toDay).toISOString().slice(0, 10)}::date`];
  if (r.from.getTime() < fromDay) parts.push(fromCases(r.from.getTime(), fromDay));
  if (toDay < r.to.getTime()) parts.push(fromCases(toDay, r.to.getTime()));
  return sql.join(parts, sql` union `);
}

/**
 * Customer retention (README "Service KPIs and goals"): a customer is an account, or a contact without
 * account; it is active in [a, b) if it created a case in [a, b) or held an activated entitlement covering
 * a day of [a, b) that was not cancelled before a. Reads the per-day rollup, so its facts must be fresh.
 */
export async function retention(db: DbOrTx, range: ReportRange, options: { rollup?: boolean } = {}): Promise<Retention> {
  const length = range.to.getTime() - range.from.getTime();
  const previous = { from: new Date(range.from.getTime() - length), to: range.from };
  const active = (r: ReportRange) => sql`
    select customer from (${withCases(r, options.rollup !== false)}) as with_cases(customer)
    union
    select coalesce(account_id, contact_id) from entitlements
     where state = 'activated'
       and (start_date::timestamp at time zone 'UTC') < ${r.to.toISOString()}::timestamptz
       and ((end_date + 1)::timestamp at time zone 'UTC') > ${r.from.toISOString()}::timestamptz
       and (cancelled_at is null or cancelled_at > ${r.from.toISOString()}::timestamptz)`;
  const [row] = await queryRows(
    db,
    sql`with prev as (${active(previous)}), cur as (${active(range)})
        select (select count(*) from prev)::int as previous, (select count(*) from prev join cur using (customer))::int as retained`,
  );
  const previousCustomers = int(row?.previous);
  const retainedCustomers = int(row?.retained);
  return {
    previousFrom: previous.from.toISOString(),
    previousTo: previous.to.toISOString(),
    previousCustomers,
    retainedCustomers,
    rate: previousCustomers === 0 ? null : Math.round((retainedCustomers / previousCustomers) * 10000) / 100,
  };
}
