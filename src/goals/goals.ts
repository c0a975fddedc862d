/** Goals: create, read, change the targets, delete. Their progress is computed when read (goal-progress.ts). */
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client.js';
import { agents, goals, queues, type GoalOwnerType } from '../../db/schema/index.js';
import { actorColumns, type Actor } from '../audit/actor.js';
import { conflict, notFound, preconditionFailed, unprocessable } from '../errors.js';
import { paginate, type PageRequest } from '../paging.js';
import { goalMetrics, type GoalMetric, type GoalMetricName } from './goal-metrics.js';
import { resolvePeriod, type GoalPeriodInput } from './goal-periods.js';

export type GoalRow = typeof goals.$inferSelect;

export interface GoalInput {
  name: string;
  metric: GoalMetricName;
  owner: { type: GoalOwnerType; id: string };
  period: GoalPeriodInput;
  target: number;
  stretchTarget?: number | null;
  parentId?: string | null;
}

export async function getGoal(db: DbOrTx, id: string): Promise<GoalRow> {
  const [row] = await db.select().from(goals).where(and(eq(goals.id, id), isNull(goals.deletedAt)));
  if (!row) throw notFound('goal', id);
  return row;
}

export const childGoals = (db: DbOrTx, id: string) =>
  db.select().from(goals).where(and(eq(goals.parentId, id), isNull(goals.deletedAt))).orderBy(asc(goals.name), asc(goals.id));

async function checkOwner(db: DbOrTx, owner: GoalInput['owner']) {
  const table = owner.type === 'agent' ? agents : queues;
  const [row] = await db.select({ id: table.id }).from(table).where(eq(table.id, owner.id));
  if (!row) throw unprocessable('GOAL_OWNER_NOT_FOUND', `No ${owner.type} with id "${owner.id}" (owner.type is agent or queue).`, { field: 'body.owner.id' });
}

function checkStretch(target: number, stretch: number | null | undefined, metric: GoalMetricName, better: 'higher' | 'lower') {
  if (stretch === null || stretch === undefined) return;
  if (better === 'higher' ? stretch < target : stretch > target) {
    throw unprocessable('GOAL_STRETCH_BELOW_TARGET', `For ${metric} the stretch target must be ${better === 'higher' ? 'at least' : 'at most'} the target (${target}).`, {
      field: 'body.stretchTarget',
    });
  }
}

export async function createGoal(db: Db, input: GoalInput, better: 'higher' | 'lower', actor: Actor, now: Date): Promise<GoalRow> {
  const period = resolvePeriod(input.period);
  const metric: GoalMetric = goalMetrics[input.metric];
  if (metric.source === 'surveys' && metric.unscoped) throw unprocessable('GOAL_METRIC_NOT_SCOPABLE', metric.unscoped, { field: 'body.metric', metric: input.metric });
  checkStretch(input.target, input.stretchTarget, input.metric, better);
  await checkOwner(db, input.owner);
  if (input.parentId) {
    const parent = await getGoal(db, input.parentId).catch(() => {
      throw unprocessable('GOAL_PARENT_NOT_FOUND', `No goal with id "${input.parentId}" to roll up into.`, { field: 'body.parentId' });
    });
    if (parent.metric !== input.metric || parent.periodStart !== period.start || parent.periodEnd !== period.end) {
      throw unprocessable('GOAL_PARENT_MISMATCH', `A child goal has its parent's metric (${parent.metric}) and period (${parent.periodLabel}).`, { field: 'body.parentId' });
    }
  }
  const [row] = await db
    .insert(goals)
    .values({
      name: input.name,
      metric: input.metric,
      ownerType: input.owner.type,
      ownerId: input.owner.id,
      periodType: period.type,
      periodLabel: period.label,
      periodStart: period.start,
      periodEnd: period.end,
      target: input.target,
      stretchTarget: input.stretchTarget ?? null,
      parentId: input.parentId ?? null,
      createdAt: now,
      updatedAt: now,
      ...actorColumns(actor),
    })
    .returning();
  return row!;
}

export async function updateGoalTargets(
  db: Db,
  id: string,
  patch: { name?: string; target?: number; stretchTarget?: number | null },
  better: (metric: string) => 'higher' | 'lower',
  expectedVersion: number | undefined,
  actor: Actor,
  now: Date,
): Promise<GoalRow> {
  const before = await getGoal(db, id);
  if (expectedVersion !== undefined && expectedVersion !== before.version) throw preconditionFailed(`Goal ${id} is at version ${before.version}, not ${expectedVersion}.`, { currentVersion: before.version });
  const target = patch.target ?? before.target;
  const stretch = patch.stretchTarget === undefined ? before.stretchTarget : patch.stretchTarget;
  checkStretch(target, stretch, before.metric as GoalMetricName, better(before.metric));
  const [row] = await db
    .update(goals)
    .set({ name: patch.name ?? before.name, target, stretchTarget: stretch, version: sql`${goals.version} + 1`, updatedAt: now, ...actorColumns(actor) })
    .where(and(eq(goals.id, id), eq(goals.version, before.version)))
    .returning();
  if (!row) throw preconditionFailed(`Goal ${id} changed meanwhile; read it again.`);
  return row;
}

export async function deleteGoal(db: Db, id: string, actor: Actor, now: Date): Promise<void> {
  await getGoal(db, id);
  if ((await childGoals(db, id)).length > 0) throw conflict('GOAL_HAS_CHILDREN', 'Delete or move the child goals first: this goal rolls them up.', { id });
  await db.update(goals).set({ deletedAt: now, updatedAt: now, ...actorColumns(actor) }).where(eq(goals.id, id));
}

export async function listGoals(db: DbOrTx, filter: { parentId?: string }, page: PageRequest) {
  const keys = [
    { expr: goals.createdAt, type: 'timestamptz' as const },
    { expr: goals.id, type: 'uuid' as const },
  ];
  return paginate({ keys, order: 'asc', scope: ['goals', filter.parentId ?? null] }, page, (p) =>
    db
      .select({ row: goals, cursorKey: p.cursorKey })
      .from(goals)
      .where(and(isNull(goals.deletedAt), filter.parentId ? eq(goals.parentId, filter.parentId) : undefined, p.after))
      .orderBy(...p.orderBy)
      .limit(p.limit),
  );
}
