/**
 * Delivers one `email_outbox` row. The row is locked for the send (`for update skip locked`), a row
 * already `sent` is never sent again, and it is marked sent in the same transaction with a
 * conditional update. The Message-ID is derived from the outbox id, so even the unavoidable case
 * (the process dies after the SMTP server accepted the message, before the commit) re-sends the same
 * Message-ID, which receivers can drop.
 */
import { ApplicationFailure } from '@temporalio/common';
import { and, eq, sql } from 'drizzle-orm';
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

export function createEmailActivities({ db, mailer, clock }: EmailDeps) {
  return {
    async deliverEmail(outboxId: string): Promise<DeliverEmailResult> {
      try {
        return await db.transaction(async (tx) => {
          const [row] = await tx.select().from(emailOutbox).where(eq(emailOutbox.id, outboxId)).for('update', { skipLocked: true });
          if (!row) {
            const [exists] = await tx.select({ status: emailOutbox.status, messageId: emailOutbox.messageId }).from(emailOutbox).where(eq(emailOutbox.id, outboxId));
            if (!exists) throw ApplicationFailure.nonRetryable(`No outbox email ${outboxId}`, 'EmailOutboxMissing');
            if (exists.status === 'sent') return { status: 'already_sent', messageId: exists.messageId ?? '' };
            throw ApplicationFailure.retryable(`Outbox email ${outboxId} is being delivered by another attempt`, 'EmailOutboxBusy');
          }
          if (row.status === 'sent') return { status: 'already_sent', messageId: row.messageId ?? '' };
          const messageId = outboxMessageId(row.id, mailer.from);
          await mailer.send({ to: row.to, subject: row.subject, text: row.body, html: row.html ?? undefined, messageId, headers: { 'X-SLA-Outbox-Id': row.id } });
          await tx
            .update(emailOutbox)
            .set({ status: 'sent', sentAt: clock(), messageId, attempts: sql`${emailOutbox.attempts} + 1`, lastError: null })
            .where(and(eq(emailOutbox.id, row.id), eq(emailOutbox.status, 'pending')));
          return { status: 'sent', messageId };
        });
      } catch (err) {
        if (err instanceof ApplicationFailure) throw err;
        const message = err instanceof Error ? err.message : String(err);
        const permanent = isPermanent(err);
        await db
          .update(emailOutbox)
          .set({ attempts: sql`${emailOutbox.attempts} + 1`, lastError: message, ...(permanent ? { status: 'failed' as const } : {}) })
          .where(and(eq(emailOutbox.id, outboxId), eq(emailOutbox.status, 'pending')))
          .catch(() => undefined);
        if (permanent) throw ApplicationFailure.nonRetryable(`SMTP refused the email: ${message}`, 'EmailRejected');
        throw err;
      }
    },
  };
}
