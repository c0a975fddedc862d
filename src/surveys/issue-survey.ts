import { and, eq, gt, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { emailOutbox, surveys, type SurveyKind, type SurveyTrigger } from '../../db/schema/index.js';
import { actorColumns, type Actor } from '../audit/actor.js';
import { surveyEmail } from './survey-questions.js';
import { newSurveyToken, surveyLink } from './survey-tokens.js';

/** What issuing needs from the configuration (src/config.ts `surveys`). */
export interface SurveyIssueOptions {
  linkBaseUrl: string;
  expiryDays: number;
}

export interface SurveyRecipient {
  email: string;
  name: string | null;
  caseId?: string | null;
  contactId?: string | null;
  accountId?: string | null;
  agentId?: string | null;
}

export interface IssuedSurvey {
  id: string;
  kind: SurveyKind;
  expiresAt: Date;
  emailOutboxId: string;
  /** Only for the caller that sends or shows the link; never stored. */
  token: string;
}

const DAY_MS = 86_400_000;

/** Outbox rows of survey emails are keyed `survey:<id>`: the worker's survey sweep delivers exactly those. */
export const SURVEY_OUTBOX_KEY_PREFIX = 'survey:';

/**
 * Issues one survey in the caller's transaction: a fresh token (only its hash is written), the survey row,
 * and its invitation email in the outbox. Either all three are written or none.
 */
export async function issueSurvey(
  tx: DbOrTx,
  input: { kind: SurveyKind; trigger: SurveyTrigger; recipient: SurveyRecipient; roundId?: string | null; caseLabel?: string },
  options: SurveyIssueOptions,
  at: Date,
  actor: Actor,
): Promise<IssuedSurvey> {
  const { token, tokenHash } = newSurveyToken();
  const expiresAt = new Date(at.getTime() + options.expiryDays * DAY_MS);
  const r = input.recipient;
  const [survey] = await tx
    .insert(surveys)
    .values({
      kind: input.kind,
      trigger: input.trigger,
      tokenHash,
      roundId: input.roundId ?? null,
      caseId: r.caseId ?? null,
      contactId: r.contactId ?? null,
      accountId: r.accountId ?? null,
      agentId: r.agentId ?? null,
      recipientEmail: r.email,
      issuedAt: at,
      expiresAt,
      ...actorColumns(actor),
    })
    .returning({ id: surveys.id });
  const email = surveyEmail(input.kind, { name: r.name, link: surveyLink(options.linkBaseUrl, token), expiresAt, caseLabel: input.caseLabel });
  const [outbox] = await tx
    .insert(emailOutbox)
    .values({ idempotencyKey: `${SURVEY_OUTBOX_KEY_PREFIX}${survey.id}`, to: [r.email], subject: email.subject, body: email.body, createdAt: at })
    .returning({ id: emailOutbox.id });
  await tx.update(surveys).set({ emailOutboxId: outbox.id }).where(eq(surveys.id, survey.id));
  return { id: survey.id, kind: input.kind, expiresAt, emailOutboxId: outbox.id, token };
}

/** The last NPS survey of a contact issued after `since`, if any (the once-per-period rule). */
export async function recentNpsSurvey(tx: DbOrTx, contactId: string, since: Date): Promise<{ issuedAt: Date } | undefined> {
  const [row] = await tx
    .select({ issuedAt: surveys.issuedAt })
    .from(surveys)
    .where(and(eq(surveys.contactId, contactId), eq(surveys.kind, 'nps'), gt(surveys.issuedAt, since)))
    .orderBy(sql`${surveys.issuedAt} desc`)
    .limit(1);
  return row;
}

/** An open CSAT survey of the case (unanswered, not expired at `at`): a new resolution reuses it. */
export async function openCsatSurvey(tx: DbOrTx, caseId: string, at: Date): Promise<{ id: string } | undefined> {
  const [row] = await tx
    .select({ id: surveys.id })
    .from(surveys)
    .where(and(eq(surveys.caseId, caseId), eq(surveys.kind, 'csat'), eq(surveys.answered, false), gt(surveys.expiresAt, at)))
    .limit(1);
  return row;
}
