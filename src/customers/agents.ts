import { and, eq } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client.js';
import { agents } from '../../db/schema/index.js';
import { notFound, unprocessable } from '../errors.js';
import { paginate, type PageRequest } from '../paging.js';
import { changedValues } from '../versioned.js';

/**
 * Agents: support staff who own cases. `managerId` names the agent who receives failure escalations.
 * Agents carry no version, so their updates take no If-Match (last write wins).
 */
export type AgentRow = typeof agents.$inferSelect;

export interface AgentInput {
  name: string;
  email: string;
  managerId?: string | null;
}

/** 422 AGENT_NOT_FOUND naming `field` unless the agent exists. */
export async function assertAgent(db: DbOrTx, agentId: string, field: string): Promise<void> {
  const [row] = await db.select({ id: agents.id }).from(agents).where(eq(agents.id, agentId));
  if (!row) throw unprocessable('AGENT_NOT_FOUND', `${field}: no agent with id "${agentId}"`, { field, id: agentId });
}

export async function createAgent(db: Db, input: AgentInput, now: Date): Promise<AgentRow> {
  if (input.managerId) await assertAgent(db, input.managerId, 'body.managerId');
  const [row] = await db
    .insert(agents)
    .values({ name: input.name, email: input.email, managerId: input.managerId ?? null, createdAt: now })
    .returning();
  return row;
}

export async function getAgent(db: DbOrTx, id: string): Promise<AgentRow> {
  const [row] = await db.select().from(agents).where(eq(agents.id, id));
  if (!row) throw notFound('agent', id);
  return row;
}

export function listAgents(db: DbOrTx, filter: { managerId?: string }, page: PageRequest) {
  const keys = [
    { expr: agents.createdAt, type: 'timestamptz' as const },
    { expr: agents.id, type: 'uuid' as const },
  ];
  return paginate({ keys, order: 'asc', scope: ['agents', filter.managerId ?? null] }, page, (p) =>
    db
      .select({ agent: agents, cursorKey: p.cursorKey })
      .from(agents)
      .where(and(filter.managerId ? eq(agents.managerId, filter.managerId) : undefined, p.after))
      .orderBy(...p.orderBy)
      .limit(p.limit),
  );
}

/** A manager chain must end: an agent cannot (indirectly) manage themself. */
async function assertNoManagerCycle(db: DbOrTx, agentId: string, managerId: string): Promise<void> {
  const seen = new Set<string>();
  for (let current: string | null = managerId; current; ) {
    if (current === agentId) {
      throw unprocessable('MANAGER_CYCLE', `body.managerId: agent "${managerId}" is managed (directly or indirectly) by this agent`, { field: 'body.managerId' });
    }
    if (seen.has(current)) return;
    seen.add(current);
    const [row] = await db.select({ managerId: agents.managerId }).from(agents).where(eq(agents.id, current));
    current = row?.managerId ?? null;
  }
}

export async function updateAgent(db: Db, id: string, patch: Partial<AgentInput>): Promise<AgentRow> {
  return db.transaction(async (tx) => {
    const [current] = await tx.select().from(agents).where(eq(agents.id, id)).for('update');
    if (!current) throw notFound('agent', id);
    const set = changedValues(current, patch);
    if (!set) return current;
    if (set.managerId) {
      await assertAgent(tx, set.managerId, 'body.managerId');
      await assertNoManagerCycle(tx, id, set.managerId);
    }
    const [row] = await tx.update(agents).set(set).where(eq(agents.id, id)).returning();
    return row;
  });
}
