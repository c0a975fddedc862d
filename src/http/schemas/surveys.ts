import { Type } from '@sinclair/typebox';
import { surveyKinds, surveyTriggers } from '../../../db/schema/index.js';
import { SURVEY_TOKEN_PATTERN } from '../../surveys/survey-tokens.js';
import { COMMENT_MAX_LENGTH, type SurveyQuestion } from '../../surveys/survey-questions.js';
import type { CustomerSurvey } from '../../surveys/customer-surveys.js';
import type { NpsIssueResult } from '../../surveys/nps-surveys.js';
import { IdParams, InstantView, Nullable, StringEnum, Uuid } from './common.js';

const Kind = StringEnum(surveyKinds, { description: 'csat (1-5), nps (0-10) or engagement (0-10)' });

export const TokenParams = Type.Object({
  token: Type.String({ pattern: SURVEY_TOKEN_PATTERN, description: 'The token from the survey link (43 characters, base64url)' }),
});

export const SurveyFormView = Type.Object({
  kind: Kind,
  question: Type.String(),
  scale: Type.Object({ min: Type.Integer(), max: Type.Integer(), minLabel: Type.String(), maxLabel: Type.String() }),
  commentMaxLength: Type.Integer(),
  expiresAt: InstantView,
  caseNumber: Nullable(Type.String({ description: 'CSAT: the case the question is about' })),
});

export const SurveyAnswerBody = Type.Object(
  {
    score: Type.Integer({ minimum: 0, maximum: 10, description: 'CSAT 1-5 (5: very satisfied); NPS and engagement 0-10' }),
    comment: Type.Optional(Nullable(Type.String({ maxLength: COMMENT_MAX_LENGTH }))),
  },
  { additionalProperties: false },
);

export const SurveyAnswerView = Type.Object({ kind: Kind, score: Type.Integer(), answeredAt: InstantView });

export const NpsIssueBody = Type.Object(
  {
    contactId: Type.Optional(Uuid),
    accountId: Type.Optional(Uuid),
  },
  { additionalProperties: false, minProperties: 1, maxProperties: 1, description: 'Exactly one of contactId (one person) and accountId (each of its contacts)' },
);

export const NpsIssueView = Type.Object({
  roundId: Uuid,
  issued: Type.Array(Type.Object({ surveyId: Uuid, contactId: Uuid, expiresAt: InstantView })),
  skipped: Type.Array(Type.Object({ contactId: Uuid, reason: StringEnum(['no_email', 'surveyed_recently'] as const) })),
});

export const PulseBody = Type.Object(
  { agentIds: Type.Optional(Type.Array(Uuid, { minItems: 1, maxItems: 1000, uniqueItems: true, description: 'Default: every agent' })) },
  { additionalProperties: false },
);
export const PulseView = Type.Object({ roundId: Uuid, issued: Type.Integer(), expiresAt: InstantView });

export const CustomerSurveyView = Type.Object({
  id: Uuid,
  kind: Kind,
  trigger: StringEnum(surveyTriggers),
  caseId: Nullable(Uuid),
  contactId: Nullable(Uuid),
  accountId: Nullable(Uuid),
  issuedAt: InstantView,
  expiresAt: InstantView,
  state: StringEnum(['open', 'answered', 'expired'] as const),
  response: Nullable(Type.Object({ score: Type.Integer(), comment: Nullable(Type.String()), answeredAt: InstantView })),
});

export { IdParams };

export const toFormView = (f: SurveyQuestion & { expiresAt: Date; commentMaxLength: number; caseNumber: string | null }) => ({
  kind: f.kind,
  question: f.question,
  scale: f.scale,
  commentMaxLength: f.commentMaxLength,
  expiresAt: f.expiresAt.toISOString(),
  caseNumber: f.caseNumber,
});

export const toNpsIssueView = (r: NpsIssueResult) => ({
  roundId: r.roundId,
  issued: r.issued.map((i) => ({ surveyId: i.surveyId, contactId: i.contactId, expiresAt: i.expiresAt.toISOString() })),
  skipped: r.skipped,
});

export const toCustomerSurveyView = (s: CustomerSurvey) => ({
  ...s,
  issuedAt: s.issuedAt.toISOString(),
  expiresAt: s.expiresAt.toISOString(),
  response: s.response ? { ...s.response, answeredAt: s.response.answeredAt.toISOString() } : null,
});
