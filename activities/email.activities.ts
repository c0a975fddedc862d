/**
 * Delivers one `email_outbox` row. The row is first claimed with a short lease (`sending_until`, one
 * conditional update on the database clock), then sent with no transaction or lock held, so a slow or
 * unreachable SMTP server never holds a database connection (PGlite has one: it would stall every
 * request). A row already `sent` is never sent again; a row another attempt is sending answers
 * "busy" (retried) until that attempt ends or its lease runs out (the process died mid-send). The
 * Message-ID is derived from the outbox id, so even the unavoidable case (the process dies after the
 * SMTP server accepted the message, before it is marked sent) re-sends the same Message-ID, which
 * receivers can drop.
 */
import { ApplicationFailure } from '@temporalio/common';
import { and, eq, isNull, lt, or, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { emailOutbox } from '../db/schema/index.js';
import { outboxMessageId, type Mailer } from '../src/mail/mailer.js';
import type { DeliverEmailResult } from './types.js';

export interface EmailDeps {
  db: Db;
  mailer: Mailer;
  clock: () => Date;
}

/** SMTP 5xx: the server refused the message for good; retrying cannot help. */
function isPermanent(err: unknown): boolean {
  const code = (err as { responseCode?: unknown }).responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}

/** Above the mailer's own timeouts (src/mail/mailer.ts), so a lease never runs out under a live send. */
export const SENDING_LEASE_SECONDS = 180;

/** Why a row could not be claimed: gone, already sent, given up on, or being sent by another attempt. */
async function notClaimed(db: Db, outboxId: string): Promise<DeliverEmailResult> {
  const [row] = await db.select({ status: emailOutbox.status, messageId: emailOutbox.messageId, lastError: emailOutbox.lastError }).from(emailOutbox).where(eq(emailOutbox.id, outboxId));
  if (!row) throw ApplicationFailure.nonRetryable(`No outbox email ${outboxId}`, 'EmailOutboxMissing');
  if (row.status === 'sent') return { status: 'already_sent', messageId: row.messageId ?? '' };
  if (row.status === 'failed') throw ApplicationFailure.nonRetryable(`Outbox email ${outboxId} was given up on: ${row.lastError ?? 'failed'}`, 'EmailOutboxFailed');
  throw ApplicationFailure.retryable(`Outbox email ${outboxId} is being delivered by another attempt`, 'EmailOutboxBusy');
}

export function createEmailActivities({ db, mailer, clock }: EmailDeps) {
  return {
    async deliverEmail(outboxId: string): Promise<DeliverEmailResult> {
      const [row] = await db
        .update(emailOutbox)
        .set({ sendingUntil: sql`now() + ${sql.raw(`interval '${SENDING_LEASE_SECONDS} seconds'`)}` })
        .where(and(eq(emailOutbox.id, outboxId), eq(emailOutbox.status, 'pending'), or(isNull(emailOutbox.sendingUntil), lt(emailOutbox.sendingUntil, sql`now()`))))
        .returning();
      if (!row) return notClaimed(db, outboxId);
      const messageId = outboxMessageId(row.id, mailer.from);
      try {
        await mailer.send({ to: row.to, subject: row.subject, text: row.body, html: row.html ?? undefined, messageId, headers: { 'X-SLA-Outbox-Id': row.id } });
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        const permanent = isPermanent(err);
        await db
          .update(emailOutbox)
          .set({ attempts: sql`${emailOutbox.attempts} + 1`, lastError: message, sendingUntil: null, ...(permanent ? { status: 'failed' as const } : {}) })
          .where(and(eq(emailOutbox.id, outboxId), eq(emailOutbox.status, 'pending')))
          .catch(() => undefined);
        if (permanent) throw ApplicationFailure.nonRetryable(`SMTP refused the email: ${message}`, 'EmailRejected');
        throw err;
      }
      await db
        .update(emailOutbox)
        .set({ status: 'sent', sentAt: clock(), messageId, attempts: sql`${emailOutbox.attempts} + 1`, lastError: null, sendingUntil: null })
        .where(and(eq(emailOutbox.id, row.id), eq(emailOutbox.status, 'pending')));
      return { status: 'sent', messageId };
    },
  };
}
