import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { cases, queueItems, queues, type CaseOrigin, type CasePriority, type ServiceLevel } from '../../db/schema/index.js';
import { unprocessable } from '../errors.js';
import { assertAgent } from '../customers/agents.js';
import { resolveCaseCustomer } from '../customers/case-customer.js';
import type { CaseDraft, CaseRow } from './case-lifecycle.js';
import { recordCaseEvent, type CaseEvents } from './case-store.js';
import type { Actor } from '../audit/actor.js';
import { resolveCaseProduct } from '../products/product-refs.js';

export interface CreateCaseInput {
  title: string;
  description?: string | null;
  accountId?: string | null;
  contactId?: string | null;
  priority?: CasePriority;
  serviceLevel?: ServiceLevel;
  origin: CaseOrigin;
  /** A product name (older clients); productId wins. */
  product?: string | null;
  productId?: string | null;
  ownerId?: string | null;
  queueId?: string | null;
  entitlementId?: string | null;
}

/** CAS-000001, CAS-000002, ... from the case_number_seq sequence (numbers of rolled-back creates are skipped). */
export function formatCaseNumber(n: number): string {
  return `CAS-${String(n).padStart(6, '0')}`;
}

/**
 * Creates a case in one transaction with its `created` event, its queue item and whatever the lifecycle
 * listeners write (`beforeCreate` may complete the draft, e.g. entitlement and SLA; `onCreated` starts
 * the SLA clocks). A listener that throws leaves nothing behind. The caller runs `afterCommit`.
 * `actor` (who creates it) is recorded on the `created` event.
 */
export async function createCase(db: Db, events: CaseEvents, input: CreateCaseInput, now: Date, actor: Actor): Promise<CaseRow> {
  return db.transaction(async (tx) => {
    const customer = await resolveCaseCustomer(tx, {
      accountId: input.accountId ?? null,
      contactId: input.contactId ?? null,
      accountExplicit: input.accountId !== undefined,
    });
    if (input.ownerId) await assertAgent(tx, input.ownerId, 'body.ownerId');
    if (input.queueId) {
      const [q] = await tx.select({ id: queues.id }).from(queues).where(eq(queues.id, input.queueId));
      if (!q) throw unprocessable('QUEUE_NOT_FOUND', `body.queueId: no queue with id "${input.queueId}"`, { field: 'body.queueId', id: input.queueId });
    }
    const product = (await resolveCaseProduct(tx, { productId: input.productId, product: input.product }, now)) ?? { productId: null, product: null };
    const [{ n }] = await tx.select({ n: sql<string>`nextval('case_number_seq')` }).from(sql`(select 1) as one`);
    const draft: CaseDraft = {
      number: formatCaseNumber(Number(n)),
      title: input.title,
      description: input.description ?? null,
      accountId: customer.accountId,
      contactId: customer.contactId,
      priority: input.priority ?? 'normal',
      serviceLevel: input.serviceLevel ?? customer.tier,
      origin: input.origin,
      product: product.product,
      productId: product.productId,
      ownerId: input.ownerId ?? null,
      queueId: input.queueId ?? null,
      entitlementId: input.entitlementId ?? null,
      status: 'in_progress',
      fields: {},
      createdAt: now,
      updatedAt: now,
      version: 1,
    };
    await events.emit('beforeCreate', tx, draft, now, actor);
    const [created] = await tx.insert(cases).values(draft).returning();
    if (created.queueId) await tx.insert(queueItems).values({ queueId: created.queueId, caseId: created.id, enteredAt: now, reason: 'created' });
    await recordCaseEvent(
      tx,
      {
        caseId: created.id,
        kind: 'created',
        summary: `Case ${created.number} created (${created.priority} priority, ${created.serviceLevel})`,
        data: { status: created.status, priority: created.priority, serviceLevel: created.serviceLevel, origin: created.origin, queueId: created.queueId },
        occurredAt: now,
        actor,
      },
      now,
    );
    await events.emit('onCreated', tx, created, now, actor);
    return created;
  });
}
