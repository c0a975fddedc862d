/**
 * The `sla_commands` outbox as the dispatcher sees it: short statements only, never a transaction held
 * open while Temporal is called. A command is *claimable* when it is undelivered, not leased (or its
 * lease ran out: its dispatcher crashed), not backing off, and the oldest undelivered command of its
 * KPI instance, so commands of one instance reach their workflow in the order they were written while
 * different instances are delivered side by side.
 */
import { randomUUID } from 'node:crypto';
import { and, asc, eq, isNull, lt, lte, notExists, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db } from '../../db/client.js';
import { slaCommands, slaKpiInstances } from '../../db/schema/index.js';

export interface ClaimedCommand {
  id: number;
  caseId: string;
  instanceId: string;
  workflowId: string;
  kind: string;
  payload: Record<string, unknown>;
  /** Including this claim. */
  attempts: number;
  claimToken: string;
}

export interface PendingCommandStats {
  pending: number;
  /** Age of the oldest undelivered command (database clock), null when none is pending. */
  oldestPendingSeconds: number | null;
}

/** Claims up to `limit` claimable commands, oldest first, with a lease until `now + leaseMs`. */
export async function claimCommands(db: Db, options: { limit: number; now: Date; leaseMs: number }): Promise<ClaimedCommand[]> {
  const { limit, now, leaseMs } = options;
  if (limit <= 0) return [];
  const earlier = alias(slaCommands, 'earlier');
  const claimable = db
    .select({ id: slaCommands.id })
    .from(slaCommands)
    .where(
      and(
        isNull(slaCommands.deliveredAt),
        or(isNull(slaCommands.claimedUntil), lte(slaCommands.claimedUntil, now)),
        or(isNull(slaCommands.nextAttemptAt), lte(slaCommands.nextAttemptAt, now)),
        notExists(
          db
            .select({ one: sql`1` })
            .from(earlier)
            .where(and(eq(earlier.instanceId, slaCommands.instanceId), isNull(earlier.deliveredAt), lt(earlier.id, slaCommands.id))),
        ),
      ),
    )
    .orderBy(asc(slaCommands.id))
    .limit(limit)
    .for('update', { skipLocked: true });
  const claimToken = randomUUID();
  // A materialised CTE: `WHERE id IN (… LIMIT n FOR UPDATE SKIP LOCKED)` may be rescanned by the planner
  // and then claim more than n rows.
  const result = await db.execute(sql`
    with claimable as materialized (${claimable})
    update ${slaCommands}
       set claim_token = ${claimToken}, claimed_until = ${new Date(now.getTime() + leaseMs).toISOString()}::timestamptz, attempts = ${slaCommands.attempts} + 1
      from claimable, ${slaKpiInstances}
     where ${slaCommands.id} = claimable.id and ${slaKpiInstances.id} = ${slaCommands.instanceId}
     returning ${slaCommands.id} as id, ${slaCommands.caseId} as case_id, ${slaCommands.instanceId} as instance_id,
               ${slaKpiInstances.workflowId} as workflow_id, ${slaCommands.kind} as kind, ${slaCommands.payload} as payload,
               ${slaCommands.attempts} as attempts`);
  const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as Array<Record<string, unknown>>;
  return rows
    .map((r) => ({
      id: Number(r.id),
      caseId: String(r.case_id),
      instanceId: String(r.instance_id),
      workflowId: String(r.workflow_id),
      kind: String(r.kind),
      payload: (typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload) as Record<string, unknown>,
      attempts: Number(r.attempts),
      claimToken,
    }))
    .sort((a, b) => a.id - b.id);
}

const ours = (c: ClaimedCommand) => and(eq(slaCommands.id, c.id), eq(slaCommands.claimToken, c.claimToken));
const released = { claimToken: null, claimedUntil: null } as const;

/**
 * Delivered (or rejected, with the reason): the instance's next command becomes claimable. False when
 * the claim was lost (its lease ran out and another dispatcher took the command over).
 */
export async function markDelivered(db: Db, c: ClaimedCommand, at: Date, rejection?: string): Promise<boolean> {
  const done = { ...released, deliveredAt: at, nextAttemptAt: null, lastError: rejection === undefined ? null : `rejected: ${rejection}` };
  if (c.kind !== 'start' || rejection !== undefined) {
    return (await db.update(slaCommands).set(done).where(ours(c)).returning({ id: slaCommands.id })).length > 0;
  }
  return db.transaction(async (tx) => {
    const rows = await tx.update(slaCommands).set(done).where(ours(c)).returning({ id: slaCommands.id });
    if (!rows.length) return false;
    await tx
      .update(slaKpiInstances)
      .set({ workflowStartedAt: sql`coalesce(${slaKpiInstances.workflowStartedAt}, ${at.toISOString()}::timestamptz)` })
      .where(eq(slaKpiInstances.id, c.instanceId));
    return true;
  });
}

/** A transient failure: released, and not claimed again before `retryAt`. */
export async function markForRetry(db: Db, c: ClaimedCommand, retryAt: Date, error: string): Promise<boolean> {
  const rows = await db.update(slaCommands).set({ ...released, nextAttemptAt: retryAt, lastError: error }).where(ours(c)).returning({ id: slaCommands.id });
  return rows.length > 0;
}

export async function pendingCommandStats(db: Db): Promise<PendingCommandStats> {
  const [row] = await db
    .select({
      pending: sql<number | string>`count(*)`,
      oldest: sql<number | string | null>`extract(epoch from now() - min(${slaCommands.createdAt}))`,
    })
    .from(slaCommands)
    .where(isNull(slaCommands.deliveredAt));
  const oldest = row?.oldest === null || row?.oldest === undefined ? null : Math.max(0, Math.round(Number(row.oldest)));
  return { pending: Number(row?.pending ?? 0), oldestPendingSeconds: oldest };
}
