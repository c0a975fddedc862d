import { and, eq, gt } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client.js';
import { cases, surveyResponses, surveys, type SurveyKind } from '../../db/schema/index.js';
import { AppError, conflict, invalidField } from '../errors.js';
import { recordCaseEvent } from '../cases/case-store.js';
import type { Actor } from '../audit/actor.js';
import { COMMENT_MAX_LENGTH, SURVEY_QUESTIONS, type SurveyQuestion } from './survey-questions.js';
import { hashSurveyToken } from './survey-tokens.js';

/** Whoever holds a survey link; recorded as the actor of the answer on the case timeline. */
const SURVEY_RESPONDENT: Actor = { kind: 'system', name: 'Customer (survey link)' };

/**
 * The same answer for a token that never existed and one whose survey was withdrawn: nothing tells a
 * guesser whether a token is close to a real one (and tokens are 256 random bits anyway).
 */
const unknownToken = () => new AppError('SURVEY_NOT_FOUND', 404, 'No survey has this link. Check that the whole link from the email was copied.');
const expired = (expiresAt: Date) =>
  new AppError('SURVEY_EXPIRED', 410, `This survey link expired on ${expiresAt.toISOString()}; it can no longer be answered.`, { expiresAt: expiresAt.toISOString() });
const alreadyAnswered = () => conflict('SURVEY_ALREADY_ANSWERED', 'This survey has already been answered; each link takes one answer.');

export interface SurveyForm extends SurveyQuestion {
  expiresAt: Date;
  commentMaxLength: number;
  /** For CSAT: the case the question is about (the token holder's own case). */
  caseNumber: string | null;
}

type SurveyRow = typeof surveys.$inferSelect;

function assertAnswerable(s: SurveyRow | undefined, now: Date): SurveyRow {
  if (!s) throw unknownToken();
  if (s.answered) throw alreadyAnswered();
  if (s.expiresAt.getTime() <= now.getTime()) throw expired(s.expiresAt);
  return s;
}

/** The question behind a link, for the form. 404 unknown, 409 answered, 410 expired. */
export async function surveyForm(db: DbOrTx, token: string, now: Date): Promise<SurveyForm> {
  const [s] = await db.select().from(surveys).where(eq(surveys.tokenHash, hashSurveyToken(token)));
  const survey = assertAnswerable(s, now);
  let caseNumber: string | null = null;
  if (survey.caseId) [{ caseNumber }] = await db.select({ caseNumber: cases.number }).from(cases).where(eq(cases.id, survey.caseId));
  return { ...SURVEY_QUESTIONS[survey.kind], expiresAt: survey.expiresAt, commentMaxLength: COMMENT_MAX_LENGTH, caseNumber };
}

export interface SurveyAnswer {
  score: number;
  comment?: string | null;
}

export interface RecordedAnswer {
  kind: SurveyKind;
  score: number;
  answeredAt: Date;
}

/** Engagement answers keep only the UTC day they were given, so they cannot be matched to an invitation by time. */
const startOfUtcDay = (d: Date) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));

/**
 * Records the one answer a link takes. The survey is claimed with a conditional update (unanswered and not
 * expired), so of two concurrent answers exactly one wins and the other gets 409; a refused answer changes
 * nothing. CSAT answers appear on the case timeline.
 */
export async function answerSurvey(db: Db, token: string, answer: SurveyAnswer, now: Date): Promise<RecordedAnswer> {
  const tokenHash = hashSurveyToken(token);
  return db.transaction(async (tx) => {
    const [s] = await tx.select().from(surveys).where(eq(surveys.tokenHash, tokenHash));
    const survey = assertAnswerable(s, now);
    const { scale } = SURVEY_QUESTIONS[survey.kind];
    if (!Number.isInteger(answer.score) || answer.score < scale.min || answer.score > scale.max) {
      throw invalidField('body.score', `must be an integer from ${scale.min} to ${scale.max} for this ${survey.kind.toUpperCase()} survey`);
    }
    const comment = answer.comment?.trim() ? answer.comment.trim() : null;
    const anonymous = survey.kind === 'engagement';
    const [claimed] = await tx
      .update(surveys)
      .set({ answered: true, answeredAt: anonymous ? null : now })
      .where(and(eq(surveys.id, survey.id), eq(surveys.answered, false), gt(surveys.expiresAt, now)))
      .returning({ id: surveys.id });
    if (!claimed) throw alreadyAnswered();
    const answeredAt = anonymous ? startOfUtcDay(now) : now;
    await tx.insert(surveyResponses).values({
      kind: survey.kind,
      surveyId: anonymous ? null : survey.id,
      roundId: survey.roundId,
      caseId: anonymous ? null : survey.caseId,
      contactId: anonymous ? null : survey.contactId,
      accountId: anonymous ? null : survey.accountId,
      score: answer.score,
      comment,
      answeredAt,
    });
    if (survey.kind === 'csat' && survey.caseId) {
      await recordCaseEvent(
        tx,
        {
          caseId: survey.caseId,
          kind: 'survey.answered',
          summary: `CSAT answer: ${answer.score}/5${comment ? ` “${comment.length > 80 ? `${comment.slice(0, 79)}…` : comment}”` : ''}`,
          data: { surveyId: survey.id, kind: 'csat', score: answer.score, comment },
          occurredAt: now,
          actor: SURVEY_RESPONDENT,
        },
        now,
      );
    }
    return { kind: survey.kind, score: answer.score, answeredAt };
  });
}
