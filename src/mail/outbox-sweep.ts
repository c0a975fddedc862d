import { and, asc, eq, gte, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { emailOutbox } from '../../db/schema/index.js';

/**
 * Outbox emails that no workflow owns (surveys, articles sent from a case) are retried by a sweep: their
 * first delivery runs right after their commit, and whatever it could not send (SMTP down) stays pending.
 */
export interface OutboxSweepOptions {
  /** Which emails: those whose idempotency key starts with one of these (SLA emails belong to their workflows). */
  keyPrefixes: readonly string[];
  /** Sends one outbox email through the idempotent delivery (`deliverEmail`, which locks the row). */
  deliver(outboxId: string): Promise<unknown>;
  /** An email that failed this many times is marked failed and left alone. */
  maxAttempts: number;
  limit: number;
  log?: { warn(obj: object, msg: string): void };
}

function withPrefix(prefixes: readonly string[]): SQL {
  // left(key, n) = prefix rather than LIKE: a prefix is data, and '_' or '%' in it must not match anything else.
  return or(...prefixes.map((p) => sql`left(${emailOutbox.idempotencyKey}, ${p.length}) = ${p}`))!;
}

/** One pass: gives up on emails out of attempts, then delivers the oldest pending ones, one by one. */
export async function deliverPendingOutboxEmails(db: Db, options: OutboxSweepOptions): Promise<{ delivered: number; failed: number }> {
  if (!options.keyPrefixes.length) return { delivered: 0, failed: 0 };
  const ours = withPrefix(options.keyPrefixes);
  await db
    .update(emailOutbox)
    .set({ status: 'failed' })
    .where(and(eq(emailOutbox.status, 'pending'), ours, gte(emailOutbox.attempts, options.maxAttempts)));
  const pending = await db
    .select({ id: emailOutbox.id, key: emailOutbox.idempotencyKey })
    .from(emailOutbox)
    .where(and(eq(emailOutbox.status, 'pending'), ours, lt(emailOutbox.attempts, options.maxAttempts)))
    .orderBy(asc(emailOutbox.createdAt))
    .limit(options.limit);
  let delivered = 0;
  for (const { id, key } of pending) {
    try {
      await options.deliver(id);
      delivered++;
    } catch (err) {
      options.log?.warn({ outboxId: id, key, err: err instanceof Error ? err.message : String(err) }, 'outbox email not delivered; retrying at the next sweep');
    }
  }
  return { delivered, failed: pending.length - delivered };
}
