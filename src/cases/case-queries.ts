import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { cases, type CasePriority, type CaseStatus } from '../../db/schema/index.js';
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
}

export type CaseSort = 'createdAt' | 'updatedAt' | 'priority';

const priorityRank = sql`(case ${cases.priority} when 'low' then 0 when 'normal' then 1 else 2 end)`;

const sortKeys: Record<CaseSort, SortKey[]> = {
  createdAt: [{ expr: cases.createdAt, type: 'timestamptz' }, { expr: cases.id, type: 'uuid' }],
  updatedAt: [{ expr: cases.updatedAt, type: 'timestamptz' }, { expr: cases.id, type: 'uuid' }],
  // low < normal < high; within one priority, by id (stable, not meaningful).
  priority: [{ expr: priorityRank, type: 'int' }, { expr: cases.id, type: 'uuid' }],
};

function filterWhere(f: CaseFilter): SQL | undefined {
  return and(
    f.status?.length ? inArray(cases.status, f.status) : undefined,
    f.priority?.length ? inArray(cases.priority, f.priority) : undefined,
    f.ownerId ? eq(cases.ownerId, f.ownerId) : undefined,
    f.queueId ? eq(cases.queueId, f.queueId) : undefined,
    f.accountId ? eq(cases.accountId, f.accountId) : undefined,
    f.contactId ? eq(cases.contactId, f.contactId) : undefined,
    f.breached !== undefined ? eq(cases.breached, f.breached) : undefined,
    f.number ? eq(cases.number, f.number) : undefined,
  );
}

/** One page of cases matching every given filter, ordered by `sort` then id (keyset paging). */
export async function listCases(db: DbOrTx, filter: CaseFilter, sort: CaseSort, order: Order, page: PageRequest) {
  const scope = ['cases', sort, { ...filter, status: filter.status?.toSorted(), priority: filter.priority?.toSorted() }];
  const result = await paginate({ keys: sortKeys[sort], order, scope }, page, (p) =>
    db
      .select({ case: cases, cursorKey: p.cursorKey })
      .from(cases)
      .where(and(filterWhere(filter), p.after))
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
