import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { cases, slaKpiInstances, type CasePriority, type CaseStatus } from '../../db/schema/index.js';
import { notFound } from '../errors.js';
import { paginate, type Order, type PageRequest, type SortKey } from '../paging.js';
import { activityTotals, activityTotalsByCase, type CaseMinutes } from '../case-activities/activity-totals.js';
import type { CaseRow } from './case-lifecycle.js';

export type CaseWithMinutes = CaseRow & CaseMinutes;

export async function getCase(db: DbOrTx, id: string): Promise<CaseWithMinutes> {
  const [row] = await db.select().from(cases).where(eq(cases.id, id));
  if (!row) throw notFound('case', id);
  return { ...row, ...(await activityTotals(db, id)) };
}

/** Adds the activity minutes to a case just written (same transaction or after commit). */
export async function withMinutes(db: DbOrTx, c: CaseRow): Promise<CaseWithMinutes> {
  return { ...c, ...(await activityTotals(db, c.id)) };
}

export interface CaseFilter {
  status?: CaseStatus[];
  priority?: CasePriority[];
  ownerId?: string;
  queueId?: string;
  accountId?: string;
  contactId?: string;
  breached?: boolean;
  number?: string;
  /** ISO duration (days, hours, minutes: `PT4H`, `P1DT30M`): an open KPI clock paused longer than this (calendar time). */
  pausedLongerThan?: string;
}

/** `PnDTnHnM` (each part optional, at least one): the only durations `pausedLongerThan` takes. */
export const PAUSED_LONGER_THAN_PATTERN = '^P(?:\\d{1,5}D(?:T\\d{1,6}H(?:\\d{1,7}M)?|T\\d{1,7}M)?|T\\d{1,6}H(?:\\d{1,7}M)?|T\\d{1,7}M)$';

/** Minutes of a `PnDTnHnM` duration. */
export function durationMinutes(iso: string): number {
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?)?$/.exec(iso);
  if (!m) throw new TypeError(`not a PnDTnHnM duration: ${iso}`);
  return Number(m[1] ?? 0) * 1440 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0);
}

/** Cases with an open clock paused since before `now - minutes` (the pause began longer ago than that). */
function pausedLongerThan(iso: string, now: Date): SQL {
  const since = new Date(now.getTime() - durationMinutes(iso) * 60_000);
  return sql`exists (select 1 from ${slaKpiInstances} where ${slaKpiInstances.caseId} = ${cases.id} and ${slaKpiInstances.endedAt} is null and ${slaKpiInstances.pausedSince} < ${since.toISOString()}::timestamptz)`;
}

export type CaseSort = 'createdAt' | 'updatedAt' | 'priority';

const priorityRank = sql`(case ${cases.priority} when 'low' then 0 when 'normal' then 1 else 2 end)`;

const sortKeys: Record<CaseSort, SortKey[]> = {
  createdAt: [{ expr: cases.createdAt, type: 'timestamptz' }, { expr: cases.id, type: 'uuid' }],
  updatedAt: [{ expr: cases.updatedAt, type: 'timestamptz' }, { expr: cases.id, type: 'uuid' }],
  // low < normal < high; within one priority, by id (stable, not meaningful).
  priority: [{ expr: priorityRank, type: 'int' }, { expr: cases.id, type: 'uuid' }],
};

function filterWhere(f: CaseFilter, now: Date): SQL | undefined {
  return and(
    f.status?.length ? inArray(cases.status, f.status) : undefined,
    f.priority?.length ? inArray(cases.priority, f.priority) : undefined,
    f.ownerId ? eq(cases.ownerId, f.ownerId) : undefined,
    f.queueId ? eq(cases.queueId, f.queueId) : undefined,
    f.accountId ? eq(cases.accountId, f.accountId) : undefined,
    f.contactId ? eq(cases.contactId, f.contactId) : undefined,
    f.breached !== undefined ? eq(cases.breached, f.breached) : undefined,
    f.number ? eq(cases.number, f.number) : undefined,
    f.pausedLongerThan ? pausedLongerThan(f.pausedLongerThan, now) : undefined,
  );
}

/**
 * One page of cases matching every given filter, ordered by `sort` then id (keyset paging). `now` (the
 * app's clock) anchors `pausedLongerThan`; the cursor keeps the duration, so later pages use their own now.
 */
export async function listCases(db: DbOrTx, filter: CaseFilter, sort: CaseSort, order: Order, page: PageRequest, now: Date = new Date()) {
  const scope = ['cases', sort, { ...filter, status: filter.status?.toSorted(), priority: filter.priority?.toSorted() }];
  const result = await paginate({ keys: sortKeys[sort], order, scope }, page, (p) =>
    db
      .select({ case: cases, cursorKey: p.cursorKey })
      .from(cases)
      .where(and(filterWhere(filter, now), p.after))
      .orderBy(...p.orderBy)
      .limit(p.limit),
  );
  const minutes = await activityTotalsByCase(
    db,
    result.rows.map((r) => r.case.id),
  );
  const none: CaseMinutes = { totalMinutes: 0, billableMinutes: 0 };
  return { items: result.rows.map((r): CaseWithMinutes => ({ ...r.case, ...(minutes.get(r.case.id) ?? none) })), nextCursor: result.nextCursor };
}
