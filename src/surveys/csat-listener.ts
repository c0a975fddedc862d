import { and, eq, inArray } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { accounts, caseEvents, contacts, emailOutbox, surveys } from '../../db/schema/index.js';
import type { CaseLifecycleListener, CaseRow } from '../cases/case-lifecycle.js';
import { recordCaseEvent } from '../cases/case-store.js';
import { SYSTEM } from '../audit/actor.js';
import { issueSurvey, openCsatSurvey, type SurveyIssueOptions } from './issue-survey.js';

async function csatRecipient(tx: Tx, c: CaseRow): Promise<{ email: string; name: string | null } | undefined> {
  if (c.contactId) {
    const [contact] = await tx.select({ email: contacts.email, name: contacts.name }).from(contacts).where(eq(contacts.id, c.contactId));
    if (contact?.email) return { email: contact.email, name: contact.name };
  }
  if (c.accountId) {
    const [account] = await tx.select({ email: accounts.email, name: accounts.name }).from(accounts).where(eq(accounts.id, c.accountId));
    if (account?.email) return { email: account.email, name: account.name };
  }
  return undefined;
}

/**
 * Issues a CSAT survey when a case is resolved, in the resolution's transaction: to the case's contact,
 * else to its account's address. A case re-resolved while its survey is still open keeps that survey (no
 * second email). Imported cases are history: the survey their replayed resolution issued is withdrawn in
 * the import's transaction, so no email goes out for them.
 */
export function createCsatSurveyListener(options: SurveyIssueOptions): CaseLifecycleListener {
  return {
    name: 'csat-surveys',
    async onResolved(tx, _before, after, at) {
      if (await openCsatSurvey(tx, after.id, at)) return;
      const recipient = await csatRecipient(tx, after);
      if (!recipient) {
        await recordCaseEvent(tx, { caseId: after.id, kind: 'survey.not_sent', summary: 'CSAT survey not sent: the customer has no email address', occurredAt: at, actor: SYSTEM }, at);
        return;
      }
      const survey = await issueSurvey(
        tx,
        {
          kind: 'csat',
          trigger: 'resolution',
          recipient: { ...recipient, caseId: after.id, contactId: after.contactId, accountId: after.accountId },
          caseLabel: `${after.number} "${after.title}"`,
        },
        options,
        at,
        SYSTEM,
      );
      await recordCaseEvent(
        tx,
        {
          caseId: after.id,
          kind: 'survey.sent',
          summary: `CSAT survey sent to ${recipient.email}`,
          data: { surveyId: survey.id, kind: 'csat', expiresAt: survey.expiresAt.toISOString(), emailOutboxId: survey.emailOutboxId },
          occurredAt: at,
          actor: SYSTEM,
        },
        at,
      );
    },
    async onImported(tx, c) {
      const issued = await tx.select({ id: surveys.id, outboxId: surveys.emailOutboxId }).from(surveys).where(and(eq(surveys.caseId, c.id), eq(surveys.trigger, 'resolution')));
      if (issued.length === 0) return;
      await tx.delete(surveys).where(inArray(surveys.id, issued.map((s) => s.id)));
      const outboxIds = issued.flatMap((s) => (s.outboxId ? [s.outboxId] : []));
      if (outboxIds.length) await tx.delete(emailOutbox).where(inArray(emailOutbox.id, outboxIds));
      await tx.delete(caseEvents).where(and(eq(caseEvents.caseId, c.id), inArray(caseEvents.kind, ['survey.sent', 'survey.not_sent'])));
    },
  };
}
