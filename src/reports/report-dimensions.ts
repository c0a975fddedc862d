import { sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { isTimeGrouping, type Grouping } from './report-range.js';
import { queryRows } from './sql-rows.js';

/** Restricts a report to cases owned by some agents or sitting in some queues (goals use it). */
export interface CaseScope {
  ownerIds?: string[];
  queueIds?: string[];
}

/**
 * The group key of a row as SQL text: for day/week/month the UTC bucket (its first date) of the instant
 * the figure is about (`at`), otherwise the case's current dimension (`c` is the joined `cases` row).
 */
export function groupKey(grouping: Grouping, at: SQL): SQL {
  if (isTimeGrouping(grouping)) return sql`to_char(date_trunc('${sql.raw(grouping)}', ${at} at time zone 'UTC'), 'YYYY-MM-DD')`;
  switch (grouping) {
    case 'queue':
      return sql`c.queue_id::text`;
    case 'owner':
      return sql`c.owner_id::text`;
    case 'priority':
      return sql`c.priority`;
    case 'service_level':
      return sql`c.service_level`;
    case 'origin':
      return sql`c.origin`;
    case 'product':
      return sql`c.product`;
  }
}

/** `and (...)` restricting `c` to the scope, or nothing. */
export function scopeFilter(scope: CaseScope | undefined): SQL {
  const parts: SQL[] = [];
  if (scope?.ownerIds?.length) parts.push(sql`c.owner_id in (${sql.join(scope.ownerIds.map((id) => sql`${id}::uuid`), sql`, `)})`);
  if (scope?.queueIds?.length) parts.push(sql`c.queue_id in (${sql.join(scope.queueIds.map((id) => sql`${id}::uuid`), sql`, `)})`);
  if (scope && (scope.ownerIds || scope.queueIds) && parts.length === 0) return sql` and false`;
  return parts.length ? sql` and (${sql.join(parts, sql` or `)})` : sql``;
}

/** Display names of the group keys (queue and agent names; "(none)" for a missing value). */
export async function groupLabels(db: DbOrTx, grouping: Grouping, keys: Array<string | null>): Promise<Map<string | null, string>> {
  const labels = new Map<string | null, string>([[null, '(none)']]);
  const ids = keys.filter((k): k is string => k !== null);
  if ((grouping === 'queue' || grouping === 'owner') && ids.length > 0) {
    const table = grouping === 'queue' ? sql`queues` : sql`agents`;
    const rows = await queryRows<{ id: string; name: string }>(
      db,
      sql`select id::text as id, name from ${table} where id in (${sql.join(ids.map((id) => sql`${id}::uuid`), sql`, `)})`,
    );
    for (const r of rows) labels.set(r.id, r.name);
  }
  for (const k of ids) if (!labels.has(k)) labels.set(k, k);
  return labels;
}
