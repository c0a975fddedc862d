/**
 * Publishing an event: in the caller's transaction, the event row and one pending delivery per enabled
 * subscription that hears its type. Nothing is written when no subscription hears it. The event id
 * (`evt_...`) is the `webhook-id` of all its deliveries; `sourceKey` makes publishing idempotent (a
 * retried activity publishes nothing new). The deliveries are started by the WebhookDispatcher.
 */
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { webhookDeliveries, webhookEvents, webhookSubscriptions } from '../../db/schema/index.js';

export interface WebhookEventInput {
  type: string;
  /** Unique per real-world event (e.g. `case:<id>:created:<version>`, `sla:<instanceId>:<seq>`). */
  sourceKey: string;
  caseId: string | null;
  occurredAt: Date;
  /** The payload's `data`; a function is only called when some subscription hears the event. */
  data: Record<string, unknown> | (() => Promise<Record<string, unknown>>);
}

export const newEventId = () => `evt_${randomUUID().replaceAll('-', '')}`;

/** The JSON body every delivery of an event sends (Standard Webhooks: type, timestamp, data). */
export function eventPayload(id: string, e: Pick<WebhookEventInput, 'type' | 'occurredAt'>, data: Record<string, unknown>): Record<string, unknown> {
  return { id, type: e.type, timestamp: e.occurredAt.toISOString(), data };
}

type EnabledSubscription = { id: string; eventTypes: string[] };
/**
 * The enabled subscriptions, read once per transaction: a case change publishes several events (a create
 * with two clocks: three) and each would otherwise look them up again.
 */
const enabledInTransaction = new WeakMap<DbOrTx, Promise<EnabledSubscription[]>>();
function enabledSubscriptions(tx: DbOrTx): Promise<EnabledSubscription[]> {
  const read = () => tx.select({ id: webhookSubscriptions.id, eventTypes: webhookSubscriptions.eventTypes }).from(webhookSubscriptions).where(eq(webhookSubscriptions.enabled, true));
  // Outside a transaction (the database handle itself lives on): read every time.
  if (!('rollback' in tx)) return read();
  let found = enabledInTransaction.get(tx);
  if (!found) {
    found = Promise.resolve(read()); // a query builder would run again at every await
    enabledInTransaction.set(tx, found);
    found.catch(() => enabledInTransaction.delete(tx));
  }
  return found;
}

/** Returns how many deliveries were queued. */
export async function publishWebhookEvent(tx: DbOrTx, e: WebhookEventInput, now: Date = new Date()): Promise<number> {
  const listeners = (await enabledSubscriptions(tx)).filter((s) => s.eventTypes.includes(e.type));
  if (listeners.length === 0) return 0;
  const id = newEventId();
  const data = typeof e.data === 'function' ? await e.data() : e.data;
  const [event] = await tx
    .insert(webhookEvents)
    .values({ id, type: e.type, sourceKey: e.sourceKey, caseId: e.caseId, payload: eventPayload(id, e, data), occurredAt: e.occurredAt })
    .onConflictDoNothing({ target: webhookEvents.sourceKey })
    .returning({ id: webhookEvents.id });
  if (!event) return 0;
  await tx.insert(webhookDeliveries).values(listeners.map((s) => ({ subscriptionId: s.id, eventId: event.id, createdAt: now })));
  return listeners.length;
}
