/**
 * The delivery log of a subscription (newest first: status, attempts, last answer and latency) with
 * each delivery's attempts, and manual redelivery: a new delivery of the same event (so the same
 * `webhook-id`), started like any other by the dispatcher.
 */
import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { webhookDeliveries, webhookDeliveryAttempts, webhookEvents, webhookSubscriptions, type WebhookDeliveryStatus } from '../../db/schema/index.js';
import { conflict, notFound } from '../errors.js';
import { paginate, type PageRequest } from '../paging.js';
import { getSubscription } from './subscriptions.js';

export type DeliveryRow = typeof webhookDeliveries.$inferSelect & { eventType: string };
export type AttemptRow = typeof webhookDeliveryAttempts.$inferSelect;

const deliveryColumns = { delivery: webhookDeliveries, eventType: webhookEvents.type };

export async function listDeliveries(db: Db, subscriptionId: string, filter: { status?: WebhookDeliveryStatus }, page: PageRequest) {
  await getSubscription(db, subscriptionId);
  const keys = [
    { expr: webhookDeliveries.createdAt, type: 'timestamptz' as const },
    { expr: webhookDeliveries.id, type: 'uuid' as const },
  ];
  const result = await paginate({ keys, order: 'desc', scope: ['webhook-deliveries', subscriptionId, filter.status ?? null] }, page, (p) =>
    db
      .select({ ...deliveryColumns, cursorKey: p.cursorKey })
      .from(webhookDeliveries)
      .innerJoin(webhookEvents, eq(webhookEvents.id, webhookDeliveries.eventId))
      .where(and(eq(webhookDeliveries.subscriptionId, subscriptionId), filter.status ? eq(webhookDeliveries.status, filter.status) : undefined, p.after))
      .orderBy(...p.orderBy)
      .limit(p.limit),
  );
  return { rows: result.rows.map((r): DeliveryRow => ({ ...r.delivery, eventType: r.eventType })), nextCursor: result.nextCursor };
}

export async function getDelivery(db: Db, subscriptionId: string, deliveryId: string): Promise<{ delivery: DeliveryRow; attempts: AttemptRow[]; payload: Record<string, unknown> }> {
  const [row] = await db
    .select({ ...deliveryColumns, payload: webhookEvents.payload })
    .from(webhookDeliveries)
    .innerJoin(webhookEvents, eq(webhookEvents.id, webhookDeliveries.eventId))
    .where(and(eq(webhookDeliveries.id, deliveryId), eq(webhookDeliveries.subscriptionId, subscriptionId)));
  if (!row) throw notFound('webhook delivery', deliveryId);
  const attempts = await db.select().from(webhookDeliveryAttempts).where(eq(webhookDeliveryAttempts.deliveryId, deliveryId)).orderBy(asc(webhookDeliveryAttempts.attempt));
  return { delivery: { ...row.delivery, eventType: row.eventType }, attempts, payload: row.payload };
}

export async function redeliver(db: Db, subscriptionId: string, deliveryId: string, now: Date): Promise<DeliveryRow> {
  const { delivery } = await getDelivery(db, subscriptionId, deliveryId);
  const [subscription] = await db.select({ enabled: webhookSubscriptions.enabled }).from(webhookSubscriptions).where(eq(webhookSubscriptions.id, subscriptionId));
  if (!subscription?.enabled) {
    throw conflict('WEBHOOK_SUBSCRIPTION_DISABLED', 'The subscription is disabled: enable it first (PATCH {"enabled": true}), then redeliver.');
  }
  const [row] = await db
    .insert(webhookDeliveries)
    .values({ subscriptionId, eventId: delivery.eventId, redeliveryOf: delivery.id, createdAt: now })
    .returning();
  return { ...row, eventType: delivery.eventType };
}
