/**
 * Publishing an event: in the caller's transaction, the event row and one pending delivery per enabled
 * subscription that hears its type. Nothing is written when no subscription hears it. The event id
 * (`evt_...`) is the `webhook-id` of all its deliveries; `sourceKey` makes publishing idempotent (a
 * retried activity publishes nothing new). The deliveries are started by the WebhookDispatcher.
 */
import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
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

/** Returns how many deliveries were queued. */
export async function publishWebhookEvent(tx: DbOrTx, e: WebhookEventInput, now: Date = new Date()): Promise<number> {
  const listeners = await tx
    .select({ id: webhookSubscriptions.id })
    .from(webhookSubscriptions)
    .where(and(eq(webhookSubscriptions.enabled, true), sql`${webhookSubscriptions.eventTypes} @> ${JSON.stringify([e.type])}::jsonb`));
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
