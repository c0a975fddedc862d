import { sql } from 'drizzle-orm';
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

/**
 * Customer retention (README "Service KPIs and goals"): a customer is an account, or a contact without
 * account; it is active in [a, b) if it created a case in [a, b) or held an activated entitlement covering
 * a day of [a, b) that was not cancelled before a.
 */
export async function retention(db: DbOrTx, range: ReportRange): Promise<Retention> {
  const length = range.to.getTime() - range.from.getTime();
  const previous = { from: new Date(range.from.getTime() - length), to: range.from };
  const active = (r: ReportRange) => sql`
    select coalesce(account_id, contact_id) as customer from cases
     where created_at >= ${r.from.toISOString()}::timestamptz and created_at < ${r.to.toISOString()}::timestamptz and coalesce(account_id, contact_id) is not null
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
