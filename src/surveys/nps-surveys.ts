import { randomUUID } from 'node:crypto';
import { and, asc, eq, gt, isNotNull, notExists, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.js';
import { accounts, contacts, surveys } from '../../db/schema/index.js';
import { conflict, unprocessable } from '../errors.js';
import type { Actor } from '../audit/actor.js';
import { issueSurvey, recentNpsSurvey, type SurveyIssueOptions } from './issue-survey.js';

export interface NpsOptions extends SurveyIssueOptions {
  /** A contact gets at most one NPS survey per this many days. */
  periodDays: number;
}

export type NpsSkipReason = 'no_email' | 'surveyed_recently';

export interface NpsIssueResult {
  roundId: string;
  issued: Array<{ surveyId: string; contactId: string; expiresAt: Date }>;
  skipped: Array<{ contactId: string; reason: NpsSkipReason }>;
}

const DAY_MS = 86_400_000;

/**
 * One contact's NPS survey, unless they have no email or got one within the period. The contact row is
 * locked first, so two requests (or the schedule and a request) cannot both issue within one period.
 */
async function issueToContact(
  tx: Tx,
  contactId: string,
  ctx: { options: NpsOptions; at: Date; actor: Actor; roundId: string; trigger: 'on_demand' | 'schedule' },
): Promise<{ surveyId: string; expiresAt: Date } | NpsSkipReason> {
  const [contact] = await tx.select().from(contacts).where(eq(contacts.id, contactId)).for('update');
  if (!contact?.email) return 'no_email';
  const since = new Date(ctx.at.getTime() - ctx.options.periodDays * DAY_MS);
  if (await recentNpsSurvey(tx, contactId, since)) return 'surveyed_recently';
  const survey = await issueSurvey(
    tx,
    { kind: 'nps', trigger: ctx.trigger, roundId: ctx.roundId, recipient: { email: contact.email, name: contact.name, contactId, accountId: contact.accountId } },
    ctx.options,
    ctx.at,
    ctx.actor,
  );
  return { surveyId: survey.id, expiresAt: survey.expiresAt };
}

/**
 * `POST /v1/surveys/nps` for one contact: 422 CONTACT_NOT_FOUND or CONTACT_HAS_NO_EMAIL, 409
 * NPS_SURVEYED_RECENTLY within the period (naming when the next one may go out).
 */
export async function issueNpsToContact(db: Db, contactId: string, options: NpsOptions, at: Date, actor: Actor): Promise<NpsIssueResult> {
  return db.transaction(async (tx) => {
    const [exists] = await tx.select({ id: contacts.id }).from(contacts).where(eq(contacts.id, contactId));
    if (!exists) throw unprocessable('CONTACT_NOT_FOUND', `body.contactId: no contact with id "${contactId}"`, { field: 'body.contactId', id: contactId });
    const roundId = randomUUID();
    const outcome = await issueToContact(tx, contactId, { options, at, actor, roundId, trigger: 'on_demand' });
    if (outcome === 'no_email') throw unprocessable('CONTACT_HAS_NO_EMAIL', 'The contact has no email address to send the survey to; set one first (PATCH /v1/contacts/{id}).');
    if (outcome === 'surveyed_recently') {
      const last = await recentNpsSurvey(tx, contactId, new Date(at.getTime() - options.periodDays * DAY_MS));
      const nextAt = new Date((last?.issuedAt ?? at).getTime() + options.periodDays * DAY_MS);
      throw conflict('NPS_SURVEYED_RECENTLY', `The contact got an NPS survey within the last ${options.periodDays} days; the next one can be sent from ${nextAt.toISOString()}.`, {
        nextAllowedAt: nextAt.toISOString(),
      });
    }
    return { roundId, issued: [{ contactId, ...outcome }], skipped: [] };
  });
}

/** Every contact of an account (with an email, not surveyed within the period) gets one; the others are listed as skipped. */
export async function issueNpsToAccount(db: Db, accountId: string, options: NpsOptions, at: Date, actor: Actor): Promise<NpsIssueResult> {
  return db.transaction(async (tx) => {
    const [account] = await tx.select({ id: accounts.id }).from(accounts).where(eq(accounts.id, accountId));
    if (!account) throw unprocessable('ACCOUNT_NOT_FOUND', `body.accountId: no account with id "${accountId}"`, { field: 'body.accountId', id: accountId });
    const members = await tx.select({ id: contacts.id }).from(contacts).where(eq(contacts.accountId, accountId)).orderBy(asc(contacts.id));
    const result: NpsIssueResult = { roundId: randomUUID(), issued: [], skipped: [] };
    for (const { id } of members) {
      const outcome = await issueToContact(tx, id, { options, at, actor, roundId: result.roundId, trigger: 'on_demand' });
      if (typeof outcome === 'string') result.skipped.push({ contactId: id, reason: outcome });
      else result.issued.push({ contactId: id, ...outcome });
    }
    return result;
  });
}

/**
 * One pass of the NPS schedule: up to `batch` contacts with an email and no NPS survey within the period
 * (oldest contacts first), each in its own short transaction. Returns how many were issued; a pass that
 * issued `batch` is followed by another at the next sweep, so a large backlog drains without one long
 * transaction.
 */
export async function issueScheduledNps(db: Db, options: NpsOptions, at: Date, actor: Actor, batch = 100): Promise<number> {
  const since = new Date(at.getTime() - options.periodDays * DAY_MS);
  const due = await db
    .select({ id: contacts.id })
    .from(contacts)
    .where(
      and(
        isNotNull(contacts.email),
        notExists(
          db
            .select({ one: sql`1` })
            .from(surveys)
            .where(and(eq(surveys.contactId, contacts.id), eq(surveys.kind, 'nps'), gt(surveys.issuedAt, since))),
        ),
      ),
    )
    .orderBy(asc(contacts.createdAt), asc(contacts.id))
    .limit(batch);
  const roundId = randomUUID();
  let issued = 0;
  for (const { id } of due) {
    const outcome = await db.transaction((tx) => issueToContact(tx, id, { options, at, actor, roundId, trigger: 'schedule' }));
    if (typeof outcome !== 'string') issued += 1;
  }
  return issued;
}
