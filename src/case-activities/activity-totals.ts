import { and, eq, inArray, ne, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { caseActivities } from '../../db/schema/index.js';

/**
 * Time spent on a case: the durations of its *completed* activities (an open task or a future
 * appointment is not time spent yet); billable minutes count only activities flagged billable.
 * Resolution activities carry totals and are not counted themselves.
 */
export interface CaseMinutes {
  totalMinutes: number;
  billableMinutes: number;
}

const counted = and(eq(caseActivities.state, 'completed'), ne(caseActivities.kind, 'resolution'));

export async function activityTotals(db: DbOrTx, caseId: string): Promise<CaseMinutes> {
  const [row] = await db
    .select({
      totalMinutes: sql<number>`coalesce(sum(${caseActivities.durationMinutes}), 0)::int`,
      billableMinutes: sql<number>`coalesce(sum(${caseActivities.durationMinutes}) filter (where ${caseActivities.billable}), 0)::int`,
    })
    .from(caseActivities)
    .where(and(eq(caseActivities.caseId, caseId), counted));
  return { totalMinutes: Number(row.totalMinutes), billableMinutes: Number(row.billableMinutes) };
}

/** Totals for several cases at once (list pages); cases without activities are absent from the map. */
export async function activityTotalsByCase(db: DbOrTx, caseIds: string[]): Promise<Map<string, CaseMinutes>> {
  if (!caseIds.length) return new Map();
  const rows = await db
    .select({
      caseId: caseActivities.caseId,
      totalMinutes: sql<number>`coalesce(sum(${caseActivities.durationMinutes}), 0)::int`,
      billableMinutes: sql<number>`coalesce(sum(${caseActivities.durationMinutes}) filter (where ${caseActivities.billable}), 0)::int`,
    })
    .from(caseActivities)
    .where(and(inArray(caseActivities.caseId, caseIds), counted))
    .groupBy(caseActivities.caseId);
  return new Map(rows.map((r) => [r.caseId, { totalMinutes: Number(r.totalMinutes), billableMinutes: Number(r.billableMinutes) }]));
}

