/**
 * One attempt of a webhook delivery (see workflows/webhook-delivery.workflow.ts). The attempt is sent
 * outside any transaction, then recorded in one: the attempt row (unique per delivery and attempt, so a
 * retried activity records it once), the delivery's state, and the subscription's failure window. The
 * attempt that finds the subscription failing for the whole window disables it and queues the admin
 * email in `email_outbox` (the workflow sends it with `deliverEmail`). Every attempt of an event carries
 * the event id as `webhook-id`.
 */
import { ApplicationFailure } from '@temporalio/common';
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { emailOutbox, webhookDeliveries, webhookDeliveryAttempts, webhookEvents, webhookSubscriptions } from '../db/schema/index.js';
import { webhookHeaders } from '../src/webhooks/signature.js';
import { sendWebhook } from '../src/webhooks/send-webhook.js';
import { disabledEmail } from '../src/webhooks/disabled-email.js';
import type { WebhookAttemptInput, WebhookAttemptResult } from '../workflows/webhook-contract.js';
import type { createEmailActivities } from './email.activities.js';

/** The admin email's outbox key: one per disablement (the attempt that disabled the subscription). */
const disabledEmailKey = (subscriptionId: string, attemptAt: Date) => `webhook-disabled:${subscriptionId}:${attemptAt.getTime()}`;

export interface WebhookActivityDeps {
  db: Db;
  /** The signing clock (`webhook-timestamp`): real time, as receivers check it against theirs. */
  clock: () => Date;
  settings: WebhookDeliverySettings;
}

export interface WebhookDeliverySettings {
  allowPrivateNetworks: boolean;
  adminEmail: string;
  timeoutSeconds: number;
}

export const DEFAULT_WEBHOOK_DELIVERY_SETTINGS: WebhookDeliverySettings = { allowPrivateNetworks: false, adminEmail: 'admin@localhost', timeoutSeconds: 10 };

export function createWebhookActivities({ db, clock, settings }: WebhookActivityDeps) {
  return {
    async attemptWebhookDelivery(input: WebhookAttemptInput): Promise<WebhookAttemptResult> {
      const [row] = await db
        .select({ delivery: webhookDeliveries, subscription: webhookSubscriptions, event: webhookEvents })
        .from(webhookDeliveries)
        .innerJoin(webhookSubscriptions, eq(webhookSubscriptions.id, webhookDeliveries.subscriptionId))
        .innerJoin(webhookEvents, eq(webhookEvents.id, webhookDeliveries.eventId))
        .where(eq(webhookDeliveries.id, input.deliveryId));
      if (!row) return { outcome: 'stopped' }; // the subscription was deleted with its deliveries
      const { delivery, subscription, event } = row;
      const attemptAt = new Date(input.attemptAt);
      if (delivery.attempts >= input.attempt || delivery.status !== 'pending') {
        // Recorded by an earlier run of this activity (or finished): answer what that run decided.
        if (delivery.status === 'succeeded') return { outcome: 'succeeded' };
        const [mail] = await db.select({ id: emailOutbox.id }).from(emailOutbox).where(eq(emailOutbox.idempotencyKey, disabledEmailKey(subscription.id, attemptAt)));
        if (mail && delivery.attempts === input.attempt) return { outcome: 'disabled', emailOutboxId: mail.id };
        return { outcome: delivery.status === 'pending' ? 'retry' : delivery.status === 'failed' ? 'failed' : 'stopped' };
      }
      if (!subscription.enabled) {
        await db
          .update(webhookDeliveries)
          .set({ status: 'canceled', finishedAt: attemptAt, nextAttemptAt: null, lastError: 'subscription disabled' })
          .where(and(eq(webhookDeliveries.id, delivery.id), eq(webhookDeliveries.status, 'pending')));
        return { outcome: 'stopped' };
      }
      const body = JSON.stringify(event.payload);
      const sent = await sendWebhook(subscription.url, webhookHeaders(subscription, event.id, clock(), body), body, {
        allowPrivateNetworks: settings.allowPrivateNetworks,
        timeoutMs: settings.timeoutSeconds * 1000,
      });
      const last = input.nextAttemptAt === null;
      return db.transaction(async (tx) => {
        await tx
          .insert(webhookDeliveryAttempts)
          .values({ deliveryId: delivery.id, attempt: input.attempt, at: attemptAt, statusCode: sent.statusCode, latencyMs: sent.latencyMs, error: sent.error })
          .onConflictDoNothing();
        const status = sent.ok ? 'succeeded' : last ? 'failed' : 'pending';
        await tx
          .update(webhookDeliveries)
          .set({
            status,
            attempts: input.attempt,
            lastStatusCode: sent.statusCode,
            lastLatencyMs: sent.latencyMs,
            lastError: sent.error,
            lastAttemptAt: attemptAt,
            nextAttemptAt: status === 'pending' ? new Date(input.nextAttemptAt!) : null,
            finishedAt: status === 'pending' ? null : attemptAt,
          })
          .where(eq(webhookDeliveries.id, delivery.id));
        if (sent.ok) {
          await tx.update(webhookSubscriptions).set({ failingSince: null }).where(eq(webhookSubscriptions.id, subscription.id));
          return { outcome: 'succeeded' as const };
        }
        const [failing] = await tx
          .update(webhookSubscriptions)
          .set({ failingSince: sql`coalesce(${webhookSubscriptions.failingSince}, ${attemptAt.toISOString()}::timestamptz)` })
          .where(eq(webhookSubscriptions.id, subscription.id))
          .returning({ failingSince: webhookSubscriptions.failingSince, enabled: webhookSubscriptions.enabled });
        const failingForMs = failing?.failingSince ? attemptAt.getTime() - failing.failingSince.getTime() : 0;
        if (!failing?.enabled || failingForMs < input.disableAfterMs) return { outcome: last ? ('failed' as const) : ('retry' as const) };
        const reason = `every delivery failed for ${Math.round(failingForMs / 3_600_000)} h (last: ${sent.error})`;
        await tx
          .update(webhookSubscriptions)
          .set({ enabled: false, disabledAt: attemptAt, disabledReason: reason, updatedAt: attemptAt, version: sql`${webhookSubscriptions.version} + 1` })
          .where(eq(webhookSubscriptions.id, subscription.id));
        const mail = disabledEmail(subscription, reason, attemptAt);
        const key = disabledEmailKey(subscription.id, attemptAt);
        await tx
          .insert(emailOutbox)
          .values({ idempotencyKey: key, to: [subscription.alertEmail ?? settings.adminEmail], subject: mail.subject, body: mail.body })
          .onConflictDoNothing({ target: emailOutbox.idempotencyKey });
        const [queued] = await tx.select({ id: emailOutbox.id }).from(emailOutbox).where(eq(emailOutbox.idempotencyKey, key));
        if (!queued) throw ApplicationFailure.retryable('admin email of a disabled webhook subscription was not queued');
        if (!last) await tx.update(webhookDeliveries).set({ status: 'canceled', finishedAt: attemptAt, nextAttemptAt: null }).where(eq(webhookDeliveries.id, delivery.id));
        return { outcome: 'disabled' as const, emailOutboxId: queued.id };
      });
    },
  };
}

export type WebhookActivities = ReturnType<typeof createWebhookActivities> & Pick<ReturnType<typeof createEmailActivities>, 'deliverEmail'>;
