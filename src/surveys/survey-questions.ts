import type { SurveyKind } from '../../db/schema/index.js';

/** What each kind of survey asks, on which scale (the form shows it; answers are checked against it). */
export interface SurveyQuestion {
  kind: SurveyKind;
  question: string;
  scale: { min: number; max: number; minLabel: string; maxLabel: string };
}

export const COMMENT_MAX_LENGTH = 2000;

export const SURVEY_QUESTIONS: Record<SurveyKind, SurveyQuestion> = {
  csat: {
    kind: 'csat',
    question: 'How satisfied are you with the support you received?',
    scale: { min: 1, max: 5, minLabel: 'Very dissatisfied', maxLabel: 'Very satisfied' },
  },
  nps: {
    kind: 'nps',
    question: 'How likely are you to recommend us to a friend or colleague?',
    scale: { min: 0, max: 10, minLabel: 'Not at all likely', maxLabel: 'Extremely likely' },
  },
  engagement: {
    kind: 'engagement',
    question: 'How likely are you to recommend working on this support team to a friend?',
    scale: { min: 0, max: 10, minLabel: 'Not at all likely', maxLabel: 'Extremely likely' },
  },
};

/** The invitation email of a survey (plain text, like the SLA emails). */
export function surveyEmail(kind: SurveyKind, input: { name: string | null; link: string; expiresAt: Date; caseLabel?: string }): { subject: string; body: string } {
  const q = SURVEY_QUESTIONS[kind];
  const hello = input.name ? `Hello ${input.name.replace(/[\r\n]+/g, ' ')},` : 'Hello,';
  const scale = `(${q.scale.min} = ${q.scale.minLabel.toLowerCase()}, ${q.scale.max} = ${q.scale.maxLabel.toLowerCase()})`;
  const until = `This link is personal and can be answered once, until ${input.expiresAt.toISOString().slice(0, 10)}.`;
  if (kind === 'csat') {
    const label = (input.caseLabel ?? '').replace(/[\r\n]+/g, ' ');
    return {
      subject: `How did we do? ${label}`.trim(),
      body: `${hello}\n\nYour case ${label} has been resolved. ${q.question} ${scale}\n\nAnswer here: ${input.link}\n\n${until}\n`,
    };
  }
  if (kind === 'nps') {
    return { subject: 'Would you recommend us?', body: `${hello}\n\n${q.question} ${scale}\n\nAnswer here: ${input.link}\n\n${until}\n` };
  }
  return {
    subject: 'Team pulse: one anonymous question',
    body: `${hello}\n\n${q.question} ${scale}\n\nAnswer here: ${input.link}\n\nYour answer is anonymous: it is stored without your name, and figures are shown only for groups of 5 answers or more.\n${until}\n`,
  };
}
