import { and, eq, ne, sql } from 'drizzle-orm';
import type { Db, DbOrTx, Tx } from '../../db/client.js';
import { queues } from '../../db/schema/index.js';
import { conflict, notFound } from '../errors.js';
import { paginate, type PageRequest } from '../paging.js';

/**
 * Queues hold cases waiting to be worked. One queue at most is the escalation queue (the default target of
 * SLA "escalate to queue" actions): marking another one moves the mark, as with the default SLA.
 */
export type QueueRow = typeof queues.$inferSelect;

export interface QueueInput {
  name: string;
  description?: string | null;
  isEscalation?: boolean;
}

/** Serialises changes of the escalation mark so two concurrent requests cannot leave two marked queues. */
async function takeEscalationMark(tx: Tx, queueId: string | null): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext('queues.is_escalation'))`);
  await tx
    .update(queues)
    .set({ isEscalation: false })
    .where(and(eq(queues.isEscalation, true), queueId ? ne(queues.id, queueId) : undefined));
}

function isUniqueViolation(e: unknown): boolean {
  const err = e as { code?: string; cause?: { code?: string } };
  return err?.code === '23505' || err?.cause?.code === '23505';
}

const nameTaken = (name: string) => conflict('QUEUE_NAME_TAKEN', `A queue named "${name}" already exists; queue names are unique.`, { field: 'body.name', name });

export async function createQueue(db: Db, input: QueueInput, now: Date): Promise<QueueRow> {
  try {
    return await db.transaction(async (tx) => {
      if (input.isEscalation) await takeEscalationMark(tx, null);
      const [row] = await tx
        .insert(queues)
        .values({ name: input.name, description: input.description ?? null, isEscalation: input.isEscalation ?? false, createdAt: now })
        .returning();
      return row;
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw nameTaken(input.name);
    throw e;
  }
}

export async function updateQueue(db: Db, id: string, patch: Partial<QueueInput>): Promise<QueueRow> {
  try {
    return await db.transaction(async (tx) => {
      const [current] = await tx.select().from(queues).where(eq(queues.id, id)).for('update');
      if (!current) throw notFound('queue', id);
      if (patch.isEscalation) await takeEscalationMark(tx, id);
      const [row] = await tx
        .update(queues)
        .set({ name: patch.name ?? current.name, description: patch.description === undefined ? current.description : patch.description, isEscalation: patch.isEscalation ?? current.isEscalation })
        .where(eq(queues.id, id))
        .returning();
      return row;
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw nameTaken(patch.name ?? '');
    throw e;
  }
}

export async function getQueue(db: DbOrTx, id: string): Promise<QueueRow> {
  const [row] = await db.select().from(queues).where(eq(queues.id, id));
  if (!row) throw notFound('queue', id);
  return row;
}

/** The queue marked as the escalation queue, if any. */
export async function escalationQueue(db: DbOrTx): Promise<QueueRow | undefined> {
  const [row] = await db.select().from(queues).where(eq(queues.isEscalation, true)).limit(1);
  return row;
}

export function listQueues(db: DbOrTx, page: PageRequest) {
  const keys = [
    { expr: queues.name, type: 'text' as const },
    { expr: queues.id, type: 'uuid' as const },
  ];
  return paginate({ keys, order: 'asc', scope: 'queues' }, page, (p) =>
    db.select({ queue: queues, cursorKey: p.cursorKey }).from(queues).where(p.after).orderBy(...p.orderBy).limit(p.limit),
  );
}
