import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { Db, DbOrTx, Tx } from '../../db/client.js';
import { agents, cases, queueItems, queues } from '../../db/schema/index.js';
import { AppError, conflict, notFound, unprocessable } from '../errors.js';
import { paginate, type PageRequest } from '../paging.js';
import type { CaseRow } from '../cases/case-lifecycle.js';
import { assertActive, lockCase, recordCaseEvent, writeCase, type CaseEvents } from '../cases/case-store.js';
import { assertAgent } from '../customers/agents.js';
import type { Actor } from '../audit/actor.js';

/**
 * Queue items: a case's presence in a queue. A case is in at most one queue at a time (one open item,
 * enforced by a unique index); `cases.queue_id` mirrors the queue of the open item. Moving a case closes
 * its open item (removedAt) and opens one in the new queue. An agent "picks" an item to work it
 * (workedById) and releases it back to the queue.
 */
export type QueueItemRow = typeof queueItems.$inferSelect;

export async function openItemOf(tx: DbOrTx, caseId: string): Promise<QueueItemRow | undefined> {
  const [row] = await tx.select().from(queueItems).where(and(eq(queueItems.caseId, caseId), isNull(queueItems.removedAt)));
  return row;
}

async function queueNames(tx: Tx, ids: Array<string | null>): Promise<Map<string, string>> {
  const wanted = ids.filter((id): id is string => id !== null);
  if (!wanted.length) return new Map();
  const rows = await tx.select({ id: queues.id, name: queues.name }).from(queues).where(inArray(queues.id, wanted));
  return new Map(rows.map((r) => [r.id, r.name]));
}

/**
 * Moves a case (locked by the caller) into `queueId`, or out of every queue with null: closes its open
 * item, opens the new one, updates the case, writes a `queue_changed` event and tells the lifecycle
 * (`onUpdated` with ['queueId']). Moving a case to the queue it is in changes nothing (`moved: false`).
 * SLA "escalate to queue" actions can call this too (with the SLA engine as `actor`).
 */
export async function moveCaseToQueue(
  tx: Tx,
  events: CaseEvents,
  c: CaseRow,
  queueId: string | null,
  reason: string | null,
  now: Date,
  actor: Actor,
): Promise<{ case: CaseRow; item: QueueItemRow | null; moved: boolean }> {
  const current = await openItemOf(tx, c.id);
  const fromQueueId = current?.queueId ?? null;
  if (fromQueueId === queueId && c.queueId === queueId) return { case: c, item: current ?? null, moved: false };
  if (current) await tx.update(queueItems).set({ removedAt: now }).where(eq(queueItems.id, current.id));
  let item: QueueItemRow | null = null;
  if (queueId) [item] = await tx.insert(queueItems).values({ queueId, caseId: c.id, enteredAt: now, reason }).returning();
  const after = await writeCase(tx, c, { queueId }, now);
  const names = await queueNames(tx, [fromQueueId, queueId]);
  const label = (id: string | null) => (id ? `"${names.get(id) ?? id}"` : 'no queue');
  await recordCaseEvent(
    tx,
    {
      caseId: c.id,
      kind: 'queue_changed',
      summary: `Moved from ${label(fromQueueId)} to ${label(queueId)}${reason ? `: ${reason}` : ''}`,
      data: { fromQueueId, toQueueId: queueId, queueItemId: item?.id ?? null, reason },
      occurredAt: now,
      actor,
    },
    now,
  );
  await events.emit('onUpdated', tx, c, after, ['queueId'], now, actor);
  return { case: after, item, moved: true };
}

/** Closes the case's open item (when it is resolved or cancelled); the caller clears `cases.queue_id`. */
export async function closeOpenItem(tx: Tx, caseId: string, now: Date): Promise<void> {
  await tx.update(queueItems).set({ removedAt: now }).where(and(eq(queueItems.caseId, caseId), isNull(queueItems.removedAt)));
}

/** Adds a case to a queue (moving it out of any other). `created` is false when it already was there. */
export async function addCaseToQueue(
  db: Db,
  events: CaseEvents,
  input: { queueId: string; caseId: string; reason?: string | null },
  now: Date,
  actor: Actor,
): Promise<{ item: QueueItemRow; created: boolean }> {
  return db.transaction(async (tx) => {
    await assertQueueExists(tx, input.queueId);
    const c = await lockCase(tx, input.caseId).catch((e: unknown) => {
      if (e instanceof AppError && e.code === 'CASE_NOT_FOUND') {
        throw unprocessable('CASE_NOT_FOUND', `body.caseId: no case with id "${input.caseId}"`, { field: 'body.caseId', id: input.caseId });
      }
      throw e;
    });
    assertActive(c);
    const moved = await moveCaseToQueue(tx, events, c, input.queueId, input.reason ?? null, now, actor);
    return { item: moved.item!, created: moved.moved };
  });
}

async function assertQueueExists(tx: DbOrTx, queueId: string): Promise<void> {
  const [q] = await tx.select({ id: queues.id }).from(queues).where(eq(queues.id, queueId));
  if (!q) throw notFound('queue', queueId);
}

export async function getQueueItem(db: DbOrTx, id: string): Promise<QueueItemRow> {
  const [row] = await db.select().from(queueItems).where(eq(queueItems.id, id));
  if (!row) throw notFound('queue item', id);
  return row;
}

/** Locks the item's case and checks the item is still the case's open item (409 QUEUE_ITEM_NOT_OPEN). */
async function lockOpenItem(tx: Tx, id: string): Promise<{ item: QueueItemRow; c: CaseRow }> {
  const found = await getQueueItem(tx, id);
  const c = await lockCase(tx, found.caseId);
  const [item] = await tx.select().from(queueItems).where(eq(queueItems.id, id));
  if (item.removedAt) {
    throw conflict('QUEUE_ITEM_NOT_OPEN', `Queue item ${id} was closed at ${item.removedAt.toISOString()}: the case left that queue.`, {
      removedAt: item.removedAt.toISOString(),
      caseQueueId: c.queueId,
    });
  }
  return { item, c };
}

/**
 * An agent takes an item to work on it. Picking an item the same agent already works changes nothing;
 * an item another agent works is 409 QUEUE_ITEM_ALREADY_PICKED (release it first).
 */
export async function pickQueueItem(db: Db, id: string, agentId: string, now: Date, actor: Actor): Promise<QueueItemRow> {
  return db.transaction(async (tx) => {
    const { item, c } = await lockOpenItem(tx, id);
    await assertAgent(tx, agentId, 'body.agentId');
    if (item.workedById === agentId) return item;
    if (item.workedById) {
      throw conflict('QUEUE_ITEM_ALREADY_PICKED', `Queue item ${id} is already being worked by agent ${item.workedById}; release it first.`, {
        workedById: item.workedById,
      });
    }
    const [row] = await tx.update(queueItems).set({ workedById: agentId }).where(eq(queueItems.id, id)).returning();
    const [agent] = await tx.select({ name: agents.name }).from(agents).where(eq(agents.id, agentId));
    await recordCaseEvent(tx, { caseId: c.id, kind: 'queue_item_picked', summary: `Picked by ${agent.name}`, data: { queueItemId: id, queueId: item.queueId, agentId }, occurredAt: now, actor }, now);
    return row;
  });
}

/** Puts a picked item back so anyone can pick it; releasing an item nobody works changes nothing. */
export async function releaseQueueItem(db: Db, id: string, now: Date, actor: Actor): Promise<QueueItemRow> {
  return db.transaction(async (tx) => {
    const { item, c } = await lockOpenItem(tx, id);
    if (!item.workedById) return item;
    const [row] = await tx.update(queueItems).set({ workedById: null }).where(eq(queueItems.id, id)).returning();
    await recordCaseEvent(
      tx,
      { caseId: c.id, kind: 'queue_item_released', summary: 'Released back to the queue', data: { queueItemId: id, queueId: item.queueId, agentId: item.workedById }, occurredAt: now, actor },
      now,
    );
    return row;
  });
}

/** Moves the item's case to another queue: the item closes and the new queue's item is returned. */
export async function routeQueueItem(
  db: Db,
  events: CaseEvents,
  id: string,
  input: { queueId: string; reason?: string | null },
  now: Date,
  actor: Actor,
): Promise<{ item: QueueItemRow; moved: boolean }> {
  return db.transaction(async (tx) => {
    const { c } = await lockOpenItem(tx, id);
    const [q] = await tx.select({ id: queues.id }).from(queues).where(eq(queues.id, input.queueId));
    if (!q) throw unprocessable('QUEUE_NOT_FOUND', `body.queueId: no queue with id "${input.queueId}"`, { field: 'body.queueId', id: input.queueId });
    const moved = await moveCaseToQueue(tx, events, c, input.queueId, input.reason ?? null, now, actor);
    return { item: moved.item!, moved: moved.moved };
  });
}

/** Takes the item's case out of its queue (it is then in no queue); returns the case id. */
export async function removeQueueItem(db: Db, events: CaseEvents, id: string, now: Date, actor: Actor): Promise<string> {
  return db.transaction(async (tx) => {
    const { c } = await lockOpenItem(tx, id);
    await moveCaseToQueue(tx, events, c, null, null, now, actor);
    return c.id;
  });
}

export function listQueueItems(db: DbOrTx, queueId: string, filter: { workedById?: string }, page: PageRequest) {
  const keys = [
    { expr: queueItems.enteredAt, type: 'timestamptz' as const },
    { expr: queueItems.id, type: 'uuid' as const },
  ];
  return paginate({ keys, order: 'asc', scope: ['queue-items', queueId, filter.workedById ?? null] }, page, async (p) => {
    await assertQueueExists(db, queueId);
    return db
      .select({
        item: queueItems,
        case: { number: cases.number, title: cases.title, priority: cases.priority, status: cases.status, ownerId: cases.ownerId },
        cursorKey: p.cursorKey,
      })
      .from(queueItems)
      .innerJoin(cases, eq(cases.id, queueItems.caseId))
      .where(
        and(eq(queueItems.queueId, queueId), isNull(queueItems.removedAt), filter.workedById ? eq(queueItems.workedById, filter.workedById) : undefined, p.after),
      )
      .orderBy(...p.orderBy)
      .limit(p.limit);
  });
}
