import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { accounts, cases, contacts, emailOutbox, knowledgeSends } from '../../db/schema/index.js';
import { conflict, notFound, unprocessable } from '../errors.js';
import { actorColumns, type Actor } from '../audit/actor.js';
import { logActivity } from '../case-activities/activities.js';
import type { CaseEvents } from '../cases/case-store.js';
import { servedVersion } from './case-links.js';
import { articlePlainText } from './markdown.js';
import { KNOWLEDGE_OUTBOX_KEY_PREFIX } from './outbox-key.js';

/**
 * Emails the published version of an article to the case's customer (its contact, else its account):
 * in one transaction the email is written to the email outbox under a key derived from the request's
 * Idempotency-Key (so it exists once per key, even after the stored answer expired), and it is logged as
 * a completed outgoing email activity through the ordinary activity path, which makes it the case's
 * first response when none was recorded. The caller delivers the outbox email after the commit.
 */
export interface SendInput {
  caseId: string;
  articleId: string;
  /** Optional words above the article. */
  message?: string;
  /** Scopes the outbox key: the API key and the request's Idempotency-Key. */
  dedupeKey: string;
}

export interface SentArticle {
  send: typeof knowledgeSends.$inferSelect;
  number: string;
  title: string;
  caseId: string;
  firstResponse: boolean;
  /** True when an earlier request with this key already sent it. */
  alreadySent: boolean;
}

async function recipientOf(db: Db, c: { contactId: string | null; accountId: string | null; number: string }): Promise<string> {
  if (c.contactId) {
    const [contact] = await db.select({ email: contacts.email }).from(contacts).where(eq(contacts.id, c.contactId));
    if (contact?.email) return contact.email;
  }
  if (c.accountId) {
    const [account] = await db.select({ email: accounts.email }).from(accounts).where(eq(accounts.id, c.accountId));
    if (account?.email) return account.email;
  }
  throw unprocessable('CUSTOMER_HAS_NO_EMAIL', `Case ${c.number}: neither its contact nor its account has an email address; add one (PATCH the contact or account) and send again.`);
}

export async function sendArticle(db: Db, events: CaseEvents, input: SendInput, now: Date, actor: Actor): Promise<SentArticle> {
  return db.transaction(async (tx) => {
    const [c] = await tx.select().from(cases).where(eq(cases.id, input.caseId));
    if (!c) throw notFound('case', input.caseId);
    const { article, version } = await servedVersion(tx, input.articleId, undefined, 'path.articleId');
    if (version.expiresAt && version.expiresAt <= now) {
      throw conflict('ARTICLE_EXPIRED', `Article ${article.number} expired at ${version.expiresAt.toISOString()}; publish a current version before sending it.`, {
        expiresAt: version.expiresAt.toISOString(),
      });
    }
    const outboxKey = `${KNOWLEDGE_OUTBOX_KEY_PREFIX}${input.caseId}:${input.dedupeKey}`;
    const [earlier] = await tx.select({ send: knowledgeSends }).from(knowledgeSends).innerJoin(emailOutbox, eq(emailOutbox.id, knowledgeSends.outboxId)).where(eq(emailOutbox.idempotencyKey, outboxKey));
    if (earlier) return { send: earlier.send, number: article.number, title: version.title, caseId: c.id, firstResponse: false, alreadySent: true };
    const to = await recipientOf(tx as unknown as Db, c);
    const subject = `${c.number}: ${version.title}`.replace(/[\r\n]+/g, ' ');
    const intro = input.message?.trim() ? `${input.message.trim()}\n\n` : '';
    const text = `${intro}${articlePlainText(version.title, version.content)}\n${article.number} v${version.version}\n`;
    const html = `${intro ? `<p>${escapeHtml(input.message!.trim())}</p>` : ''}<h1>${escapeHtml(version.title)}</h1>${version.contentHtml}<p><small>${article.number} v${version.version}</small></p>`;
    const [outbox] = await tx.insert(emailOutbox).values({ idempotencyKey: outboxKey, to: [to], subject, body: text, html, createdAt: now }).returning({ id: emailOutbox.id });
    const logged = await logActivity(
      tx as unknown as Db,
      events,
      c.id,
      { kind: 'email', direction: 'outgoing', subject: `Sent article ${article.number}: ${version.title}`, body: `To ${to}\n\n${text}`, state: 'completed', occurredAt: now },
      undefined,
      now,
      actor,
    );
    const [send] = await tx
      .insert(knowledgeSends)
      .values({ caseId: c.id, articleId: article.id, articleVersion: version.version, outboxId: outbox!.id, activityId: logged.activity.id, to: [to], sentAt: now, ...actorColumns(actor) })
      .returning();
    return { send: send!, number: article.number, title: version.title, caseId: c.id, firstResponse: !c.firstResponseAt && !!logged.case.firstResponseAt, alreadySent: false };
  });
}

const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => escapes[ch]!);
}
