import { and, eq } from 'drizzle-orm';
import type { DbOrTx, Tx } from '../../db/client.js';
import { auditLog } from '../../db/schema/index.js';
import { paginate, type PageRequest } from '../paging.js';
import { actorColumns, actorView, type Actor, type ActorView } from './actor.js';

/**
 * The audit log of the configuration clocks depend on: every create, replace, delete and apply-to-running
 * of an SLA, calendar or holiday list writes one row in the transaction that makes the change, with the
 * version it produced and the actor. Case changes are recorded as case events (the case timeline) instead.
 */
export type AuditEntity = (typeof auditLog.$inferSelect)['entity'];

export interface AuditEntry {
  entity: AuditEntity;
  entityId: string;
  version: number | null;
  action: string;
  data?: Record<string, unknown>;
}

export async function recordChange(tx: Tx, entry: AuditEntry, actor: Actor, at: Date): Promise<void> {
  await tx.insert(auditLog).values({ ...entry, data: entry.data ?? {}, ...actorColumns(actor), at });
}

export interface AuditLogView {
  id: string;
  entity: AuditEntity;
  entityId: string;
  version: number | null;
  action: string;
  actor: ActorView;
  at: string;
  data: Record<string, unknown>;
}

/** The changes, oldest first, optionally for one entity type and id. */
export async function listChanges(db: DbOrTx, filter: { entity?: AuditEntity; entityId?: string }, page: PageRequest) {
  const keys = [{ expr: auditLog.id, type: 'bigint' as const }];
  const result = await paginate({ keys, order: 'asc', scope: ['audit-log', filter.entity ?? null, filter.entityId ?? null] }, page, (p) =>
    db
      .select({ row: auditLog, cursorKey: p.cursorKey })
      .from(auditLog)
      .where(
        and(filter.entity ? eq(auditLog.entity, filter.entity) : undefined, filter.entityId ? eq(auditLog.entityId, filter.entityId) : undefined, p.after),
      )
      .orderBy(...p.orderBy)
      .limit(p.limit),
  );
  return {
    items: result.rows.map(
      ({ row }): AuditLogView => ({
        id: String(row.id),
        entity: row.entity,
        entityId: row.entityId,
        version: row.version,
        action: row.action,
        actor: actorView(row),
        at: row.at.toISOString(),
        data: row.data,
      }),
    ),
    nextCursor: result.nextCursor,
  };
}
