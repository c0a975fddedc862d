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

export interface DeliveredCommand {
  command: ClaimedCommand;
  /** Why its workflow rejected it (recorded, not retried); undefined when it was delivered. */
  rejection?: string;
}

/**
 * Delivered (or rejected, with the reason), in one statement for any number of commands: each
 * instance's next command becomes claimable, and a delivered start stamps its instance's
 * `workflow_started_at`. Returns the ids still ours: a command missing from it lost its claim (its lease
 * ran out and another dispatcher took it over).
 */
export async function markDelivered(db: Db, done: DeliveredCommand[], at: Date): Promise<Set<number>> {
  if (!done.length) return new Set();
  const rows = JSON.stringify(done.map((d) => ({ id: d.command.id, token: d.command.claimToken, rejection: d.rejection ?? null })));
  const atText = at.toISOString();
  const result = await db.execute(sql`
    with done as (select * from jsonb_to_recordset(${rows}::jsonb) as d(id bigint, token uuid, rejection text)),
    marked as (
      update ${slaCommands} c
         set claim_token = null, claimed_until = null, next_attempt_at = null, delivered_at = ${atText}::timestamptz,
             last_error = case when done.rejection is null then null else 'rejected: ' || done.rejection end
        from done
       where c.id = done.id and c.claim_token = done.token
      returning c.id, c.kind, c.instance_id, done.rejection),
    started as (
      update ${slaKpiInstances} i
         set workflow_started_at = coalesce(i.workflow_started_at, ${atText}::timestamptz)
        from marked
       where i.id = marked.instance_id and marked.kind = 'start' and marked.rejection is null
      returning i.id)
    select id from marked`);
  const marked = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as Array<{ id: unknown }>;
  return new Set(marked.map((r) => Number(r.id)));
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
