/**
 * Webhook subscriptions (admin): create (the secret is returned once), read, change, delete, and
 * rotate the secret (the previous one keeps signing for a grace period). Receiver URLs are checked by
 * the SSRF policy when set; every delivery checks again (the DNS answer may change).
 */
import { desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { webhookSubscriptions } from '../../db/schema/index.js';
import { actorColumns, type Actor } from '../audit/actor.js';
import { AppError, notFound, preconditionFailed, unprocessable } from '../errors.js';
import { checkReceiverUrl, ReceiverRefused, type ReceiverPolicy } from './receiver-address.js';
import { newWebhookSecret } from './signature.js';

export type WebhookSubscriptionRow = typeof webhookSubscriptions.$inferSelect;

export interface SubscriptionInput {
  url: string;
  eventTypes: string[];
  description?: string | null;
  alertEmail?: string | null;
  enabled?: boolean;
}

async function checkedUrl(raw: string, policy: ReceiverPolicy): Promise<string> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new AppError('VALIDATION_FAILED', 400, 'body.url must be an absolute http:// or https:// URL', { field: 'body.url' });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new AppError('VALIDATION_FAILED', 400, 'body.url must be an absolute http:// or https:// URL', { field: 'body.url' });
  }
  try {
    await checkReceiverUrl(url, policy);
  } catch (err) {
    if (err instanceof ReceiverRefused) throw unprocessable('WEBHOOK_RECEIVER_REFUSED', `body.url refused: ${err.message}.`, { field: 'body.url' });
    throw err;
  }
  return url.toString();
}

export async function createSubscription(db: Db, input: SubscriptionInput, policy: ReceiverPolicy, now: Date, actor: Actor) {
  const url = await checkedUrl(input.url, policy);
  const secret = newWebhookSecret();
  const [row] = await db
    .insert(webhookSubscriptions)
    .values({
      url,
      eventTypes: [...new Set(input.eventTypes)],
      description: input.description ?? null,
      alertEmail: input.alertEmail ?? null,
      enabled: input.enabled ?? true,
      secret,
      ...actorColumns(actor),
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  return { subscription: row, secret };
}

export async function getSubscription(db: Db, id: string): Promise<WebhookSubscriptionRow> {
  const [row] = await db.select().from(webhookSubscriptions).where(eq(webhookSubscriptions.id, id));
  if (!row) throw notFound('webhook subscription', id);
  return row;
}

export function listSubscriptions(db: Db): Promise<WebhookSubscriptionRow[]> {
  return db.select().from(webhookSubscriptions).orderBy(desc(webhookSubscriptions.createdAt), desc(webhookSubscriptions.id));
}

function assertVersion(row: WebhookSubscriptionRow, expected: number | undefined) {
  if (expected !== undefined && row.version !== expected) {
    throw preconditionFailed(`The subscription changed since your read (now version ${row.version}); read it again.`, { currentVersion: row.version });
  }
}

export async function updateSubscription(
  db: Db,
  id: string,
  patch: Partial<SubscriptionInput>,
  policy: ReceiverPolicy,
  now: Date,
  actor: Actor,
  expectedVersion?: number,
): Promise<WebhookSubscriptionRow> {
  const url = patch.url === undefined ? undefined : await checkedUrl(patch.url, policy);
  return db.transaction(async (tx) => {
    const [row] = await tx.select().from(webhookSubscriptions).where(eq(webhookSubscriptions.id, id)).for('update');
    if (!row) throw notFound('webhook subscription', id);
    assertVersion(row, expectedVersion);
    // Enabling again starts a new failure window.
    const reenabled = patch.enabled === true && !row.enabled;
    const [updated] = await tx
      .update(webhookSubscriptions)
      .set({
        ...(url !== undefined ? { url } : {}),
        ...(patch.eventTypes !== undefined ? { eventTypes: [...new Set(patch.eventTypes)] } : {}),
        ...(patch.description !== undefined ? { description: patch.description } : {}),
        ...(patch.alertEmail !== undefined ? { alertEmail: patch.alertEmail } : {}),
        ...(patch.enabled !== undefined ? { enabled: patch.enabled } : {}),
        ...(reenabled ? { failingSince: null, disabledAt: null, disabledReason: null } : {}),
        ...(patch.enabled === false && row.enabled ? { disabledAt: now, disabledReason: `disabled by ${actor.name}` } : {}),
        ...actorColumns(actor),
        updatedAt: now,
        version: sql`${webhookSubscriptions.version} + 1`,
      })
      .where(eq(webhookSubscriptions.id, id))
      .returning();
    return updated;
  });
}

export async function deleteSubscription(db: Db, id: string): Promise<void> {
  const rows = await db.delete(webhookSubscriptions).where(eq(webhookSubscriptions.id, id)).returning({ id: webhookSubscriptions.id });
  if (rows.length === 0) throw notFound('webhook subscription', id);
}

/** A new secret; the current one keeps signing (second signature) until `now + graceHours`. */
export async function rotateSecret(db: Db, id: string, graceHours: number, now: Date, actor: Actor) {
  const secret = newWebhookSecret();
  const [row] = await db
    .update(webhookSubscriptions)
    .set({
      previousSecret: graceHours > 0 ? sql`${webhookSubscriptions.secret}` : null,
      previousSecretExpiresAt: graceHours > 0 ? new Date(now.getTime() + graceHours * 3_600_000) : null,
      secret,
      ...actorColumns(actor),
      updatedAt: now,
      version: sql`${webhookSubscriptions.version} + 1`,
    })
    .where(eq(webhookSubscriptions.id, id))
    .returning();
  if (!row) throw notFound('webhook subscription', id);
  return { subscription: row, secret };
}
