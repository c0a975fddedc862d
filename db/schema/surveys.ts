import { sql } from 'drizzle-orm';
import { pgTable, text, timestamp, uuid, boolean, smallint, index, check } from 'drizzle-orm/pg-core';
import { accounts, agents, contacts } from './customers.js';
import { cases } from './cases.js';
import { actorColumnDefinitions } from './audit.js';

export const surveyKinds = ['csat', 'nps', 'engagement'] as const;
export type SurveyKind = (typeof surveyKinds)[number];
export const surveyTriggers = ['resolution', 'on_demand', 'schedule'] as const;
export type SurveyTrigger = (typeof surveyTriggers)[number];

/**
 * One survey invitation: who was asked (a resolved case's contact for CSAT, a contact for NPS, an agent
 * for the engagement pulse), the link's token (only its SHA-256 is kept), and whether it was answered.
 * An engagement survey never records when it was answered (`answered_at` stays null), so the invitation
 * cannot be matched to its anonymous response by time.
 */
export const surveys = pgTable(
  'surveys',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind', { enum: surveyKinds }).notNull(),
    trigger: text('trigger', { enum: surveyTriggers }).notNull(),
    /** Hex SHA-256 of the link's token (256 random bits); the token itself is only in the email. */
    tokenHash: text('token_hash').notNull().unique(),
    /** The batch it was issued in (an engagement pulse, an NPS request for an account). */
    roundId: uuid('round_id'),
    caseId: uuid('case_id').references(() => cases.id),
    contactId: uuid('contact_id').references(() => contacts.id),
    accountId: uuid('account_id').references(() => accounts.id),
    agentId: uuid('agent_id').references(() => agents.id),
    recipientEmail: text('recipient_email').notNull(),
    emailOutboxId: uuid('email_outbox_id'),
    issuedAt: timestamp('issued_at', { withTimezone: true, mode: 'date' }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
    answered: boolean('answered').notNull().default(false),
    answeredAt: timestamp('answered_at', { withTimezone: true, mode: 'date' }),
    /** Who issued it: the manager's key (on demand) or the system (resolution, schedule). */
    ...actorColumnDefinitions(),
  },
  (t) => [
    check('surveys_kind_check', sql`${t.kind} IN ('csat', 'nps', 'engagement')`),
    check('surveys_trigger_check', sql`${t.trigger} IN ('resolution', 'on_demand', 'schedule')`),
    check(
      'surveys_subject_check',
      sql`(${t.kind} = 'csat' AND ${t.caseId} IS NOT NULL) OR (${t.kind} = 'nps' AND ${t.contactId} IS NOT NULL) OR (${t.kind} = 'engagement' AND ${t.agentId} IS NOT NULL AND ${t.answeredAt} IS NULL)`,
    ),
    index('surveys_kind_issued_idx').on(t.kind, t.issuedAt),
    index('surveys_case_idx').on(t.caseId, t.issuedAt).where(sql`${t.caseId} IS NOT NULL`),
    index('surveys_contact_idx').on(t.contactId, t.issuedAt).where(sql`${t.contactId} IS NOT NULL`),
    index('surveys_account_idx').on(t.accountId, t.issuedAt).where(sql`${t.accountId} IS NOT NULL`),
  ],
);

/**
 * One answer. CSAT and NPS answers point to their survey (one answer per survey: unique) and copy its
 * case, contact and account for grouping. Engagement answers are anonymous: no survey, no person, and
 * `answered_at` is the start of the UTC day (only the pulse round is kept).
 */
export const surveyResponses = pgTable(
  'survey_responses',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind', { enum: surveyKinds }).notNull(),
    surveyId: uuid('survey_id').unique().references(() => surveys.id),
    roundId: uuid('round_id'),
    caseId: uuid('case_id').references(() => cases.id),
    contactId: uuid('contact_id').references(() => contacts.id),
    accountId: uuid('account_id').references(() => accounts.id),
    /** CSAT 1-5; NPS and engagement 0-10. */
    score: smallint('score').notNull(),
    comment: text('comment'),
    answeredAt: timestamp('answered_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [
    check('survey_responses_kind_check', sql`${t.kind} IN ('csat', 'nps', 'engagement')`),
    check(
      'survey_responses_score_check',
      sql`(${t.kind} = 'csat' AND ${t.score} BETWEEN 1 AND 5) OR (${t.kind} IN ('nps', 'engagement') AND ${t.score} BETWEEN 0 AND 10)`,
    ),
    check(
      'survey_responses_anonymous_check',
      sql`(${t.kind} = 'engagement') = (${t.surveyId} IS NULL) AND (${t.kind} <> 'engagement' OR (${t.caseId} IS NULL AND ${t.contactId} IS NULL AND ${t.accountId} IS NULL))`,
    ),
    index('survey_responses_kind_answered_idx').on(t.kind, t.answeredAt),
    index('survey_responses_case_idx').on(t.caseId).where(sql`${t.caseId} IS NOT NULL`),
  ],
);
