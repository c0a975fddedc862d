import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { accounts, contacts, surveyResponses, surveys, type SurveyKind, type SurveyTrigger } from '../../db/schema/index.js';
import { notFound } from '../errors.js';
import { paginate, type PageRequest } from '../paging.js';

export type SurveyState = 'open' | 'answered' | 'expired';

/** A customer's survey as shown on the contact or account: the invitation and, once answered, the answer. */
export interface CustomerSurvey {
  id: string;
  kind: SurveyKind;
  trigger: SurveyTrigger;
  caseId: string | null;
  contactId: string | null;
  accountId: string | null;
  issuedAt: Date;
  expiresAt: Date;
  state: SurveyState;
  response: { score: number; comment: string | null; answeredAt: Date } | null;
}

/**
 * The CSAT and NPS surveys of a contact or of an account (newest first). Engagement surveys are never
 * here: they belong to agents and their answers to nobody.
 */
export async function customerSurveys(db: DbOrTx, owner: { contactId: string } | { accountId: string }, page: PageRequest, now: Date) {
  if ('contactId' in owner) {
    const [c] = await db.select({ id: contacts.id }).from(contacts).where(eq(contacts.id, owner.contactId));
    if (!c) throw notFound('contact', owner.contactId);
  } else {
    const [a] = await db.select({ id: accounts.id }).from(accounts).where(eq(accounts.id, owner.accountId));
    if (!a) throw notFound('account', owner.accountId);
  }
  const filter = 'contactId' in owner ? eq(surveys.contactId, owner.contactId) : eq(surveys.accountId, owner.accountId);
  const keys = [
    { expr: surveys.issuedAt, type: 'timestamptz' as const },
    { expr: surveys.id, type: 'uuid' as const },
  ];
  const result = await paginate({ keys, order: 'desc', scope: ['customer-surveys', owner] }, page, (p) =>
    db
      .select({ survey: surveys, response: surveyResponses, cursorKey: p.cursorKey })
      .from(surveys)
      .leftJoin(surveyResponses, eq(surveyResponses.surveyId, surveys.id))
      .where(and(filter, p.after))
      .orderBy(...p.orderBy)
      .limit(p.limit),
  );
  return {
    items: result.rows.map(({ survey: s, response: r }): CustomerSurvey => ({
      id: s.id,
      kind: s.kind,
      trigger: s.trigger,
      caseId: s.caseId,
      contactId: s.contactId,
      accountId: s.accountId,
      issuedAt: s.issuedAt,
      expiresAt: s.expiresAt,
      state: s.answered ? 'answered' : s.expiresAt.getTime() <= now.getTime() ? 'expired' : 'open',
      response: r ? { score: r.score, comment: r.comment, answeredAt: r.answeredAt } : null,
    })),
    nextCursor: result.nextCursor,
  };
}
