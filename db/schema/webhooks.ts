import { sql } from 'drizzle-orm';
import { pgTable, text, timestamp, uuid, integer, boolean, jsonb, index, uniqueIndex } from 'drizzle-orm/pg-core';
import { cases } from './cases.js';
import { actorColumnDefinitions } from './audit.js';

/**
 * Webhook subscriptions (Standard Webhooks). The signing secret must be readable to sign (HMAC), so it
 * is stored as is and never returned after creation or rotation. During a rotation's grace period the
 * previous secret signs too (`previous_secret` until `previous_secret_expires_at`).
 * `failing_since`: the first failed attempt since the last success; 24 h of failures disable the row.
 */
export const webhookSubscriptions = pgTable('webhook_subscriptions', {
  id: uuid('id').primaryKey().defaultRandom(),
  url: text('url').notNull(),
  description: text('description'),
  eventTypes: jsonb('event_types').$type<string[]>().notNull(),
  enabled: boolean('enabled').notNull().default(true),
  secret: text('secret').notNull(),
  previousSecret: text('previous_secret'),
  previousSecretExpiresAt: timestamp('previous_secret_expires_at', { withTimezone: true, mode: 'date' }),
  /** Who is told when the subscription is disabled (else WEBHOOK_ADMIN_EMAIL). */
  alertEmail: text('alert_email'),
  failingSince: timestamp('failing_since', { withTimezone: true, mode: 'date' }),
  disabledAt: timestamp('disabled_at', { withTimezone: true, mode: 'date' }),
  disabledReason: text('disabled_reason'),
  ...actorColumnDefinitions(),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull(),
  version: integer('version').notNull().default(1),
});

/**
 * One row per event, written in the transaction of the change it reports. `id` is the `webhook-id`
 * of every delivery of the event (retries and redeliveries alike). `source_key` makes the write
 * idempotent (e.g. the SLA timeline's `sla:<instanceId>:<seq>`).
 */
export const webhookEvents = pgTable(
  'webhook_events',
  {
    id: text('id').primaryKey(),
    type: text('type').notNull(),
    sourceKey: text('source_key').notNull(),
    caseId: uuid('case_id').references(() => cases.id),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    occurredAt: timestamp('occurred_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [uniqueIndex('webhook_events_source_key_unique').on(t.sourceKey)],
);

export const webhookDeliveryStatuses = ['pending', 'succeeded', 'failed', 'canceled'] as const;
export type WebhookDeliveryStatus = (typeof webhookDeliveryStatuses)[number];

/** The outbox: one delivery of one event to one subscription; a redelivery is a new row for the same event. */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    subscriptionId: uuid('subscription_id').notNull().references(() => webhookSubscriptions.id, { onDelete: 'cascade' }),
    eventId: text('event_id').notNull().references(() => webhookEvents.id),
    status: text('status', { enum: webhookDeliveryStatuses }).notNull().default('pending'),
    /** Set once its delivery workflow was started (the dispatcher's claim). */
    dispatchedAt: timestamp('dispatched_at', { withTimezone: true, mode: 'date' }),
    attempts: integer('attempts').notNull().default(0),
    lastStatusCode: integer('last_status_code'),
    lastLatencyMs: integer('last_latency_ms'),
    lastError: text('last_error'),
    lastAttemptAt: timestamp('last_attempt_at', { withTimezone: true, mode: 'date' }),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true, mode: 'date' }),
    /** The delivery this one repeats (manual redelivery). */
    redeliveryOf: uuid('redelivery_of'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
    finishedAt: timestamp('finished_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [
    index('webhook_deliveries_subscription_idx').on(t.subscriptionId, t.createdAt, t.id),
    index('webhook_deliveries_undispatched_idx').on(t.createdAt).where(sql`${t.dispatchedAt} is null and ${t.status} = 'pending'`),
  ],
);

/** Each HTTP attempt of a delivery (the delivery log's detail). */
export const webhookDeliveryAttempts = pgTable(
  'webhook_delivery_attempts',
  {
    deliveryId: uuid('delivery_id').notNull().references(() => webhookDeliveries.id, { onDelete: 'cascade' }),
    attempt: integer('attempt').notNull(),
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull(),
    statusCode: integer('status_code'),
    latencyMs: integer('latency_ms').notNull(),
    error: text('error'),
  },
  (t) => [uniqueIndex('webhook_delivery_attempts_unique').on(t.deliveryId, t.attempt)],
);
