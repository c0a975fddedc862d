/**
 * Survey figures against hand-computed expectations, with every answer given through the public link:
 *
 * CSAT: 5 cases resolved (5 surveys issued), 4 answered with 5, 4, 3, 1:
 *   average 13 / 4 = 3.25; satisfied (4-5) 2 of 4 = 50 %; response rate 4 of 5 = 80 %.
 *   By priority: high = cases scored 5 and 1 (plus the unanswered one): average 3, satisfied 50 %, 2 of 3 = 66.67 %;
 *   normal = 4 and 3: average 3.5, satisfied 50 %, 2 of 2 = 100 %.
 * NPS: 7 answers 10, 9, 9, 8, 7, 6, 0: promoters 3, passives 2, detractors 2;
 *   promoters 3/7 = 42.86 %, detractors 2/7 = 28.57 %, NPS = (3 − 2) / 7 × 100 = 14.29 (from the counts, not the rounded parts).
 * Engagement: 4 answers → withheld (anonymous); the 5th (8, 6, 10, 7, 9) → mean 40 / 5 = 8.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { surveys } from '../../db/schema/index.js';
import { csatFigures, engagementFigures, npsFigures } from '../../src/surveys/survey-figures.js';
import { newAccount, newAgent, newContact, newCase } from '../cases/api-helpers.js';
import { createSurveyApp, DAY, T0, tokenOf, type SurveyApp } from './support.js';

const HOUR = 3_600_000;
const range = { from: new Date(T0), to: new Date(T0 + 10 * DAY) };

describe('survey figures', () => {
  let s: SurveyApp;
  const answer = async (surveyId: string, score: number) => {
    const res = await s.anonymous.post(`/v1/surveys/${await tokenOf(s.t, surveyId)}`, { score });
    expect(res.statusCode, res.body).toBe(201);
  };

  beforeAll(async () => {
    s = await createSurveyApp();
    // CSAT: [priority, score or null (not answered)]
    const csat: Array<['high' | 'normal', number | null]> = [['high', 5], ['normal', 4], ['normal', 3], ['high', 1], ['high', null]];
    for (const [priority, score] of csat) {
      s.setNow(T0);
      const contact = await newContact(s.api, { email: `${Math.random().toString(36).slice(2)}@example.com` });
      const c = await newCase(s.api, { contactId: contact.id, priority });
      s.setNow(T0 + HOUR);
      expect((await s.api.post(`/v1/cases/${c.id}/resolve`, { resolution: 'Done' })).statusCode).toBe(200);
      const [survey] = await s.t.database.db.select({ id: surveys.id }).from(surveys).where(eq(surveys.caseId, c.id));
      s.setNow(T0 + 2 * DAY);
      if (score !== null) await answer(survey!.id, score);
    }
    // NPS: 7 contacts of one account; answered on day 3 (four of them, at 23:30 UTC: day 4 in Paris) and day 5.
    s.setNow(T0);
    const account = await newAccount(s.api);
    const scores = [10, 9, 9, 8, 7, 6, 0];
    for (const [i, score] of scores.entries()) {
      s.setNow(T0);
      const contact = await newContact(s.api, { accountId: account.id, email: `nps${i}@example.com` });
      const issued = (await s.manager.post('/v1/surveys/nps', { contactId: contact.id })).json().issued[0];
      s.setNow(i < 4 ? Date.parse('2027-03-03T23:30:00Z') : Date.parse('2027-03-05T10:00:00Z'));
      await answer(issued.surveyId, score);
    }
  });
  afterAll(async () => {
    await s?.close();
  });

  it('computes CSAT exactly, overall and by priority', async () => {
    expect(await csatFigures(s.t.database.db, range)).toEqual([
      { group: null, answers: 4, average: 3.25, satisfied: 2, satisfiedPercent: 50, issued: 5, answeredOfIssued: 4, responseRate: 80 },
    ]);
    expect(await csatFigures(s.t.database.db, { ...range, groupBy: 'priority' })).toEqual([
      { group: 'high', answers: 2, average: 3, satisfied: 1, satisfiedPercent: 50, issued: 3, answeredOfIssued: 2, responseRate: 66.67 },
      { group: 'normal', answers: 2, average: 3.5, satisfied: 1, satisfiedPercent: 50, issued: 2, answeredOfIssued: 2, responseRate: 100 },
    ]);
  });

  it('counts answers by when they were given and surveys by when they were issued', async () => {
    // Issued on day 0 (outside), answered on day 2 (inside): answers count, the response rate has no surveys.
    expect(await csatFigures(s.t.database.db, { from: new Date(T0 + DAY), to: new Date(T0 + 3 * DAY) })).toEqual([
      { group: null, answers: 4, average: 3.25, satisfied: 2, satisfiedPercent: 50, issued: 0, answeredOfIssued: 0, responseRate: null },
    ]);
    expect(await csatFigures(s.t.database.db, { from: new Date(T0 + 3 * DAY), to: new Date(T0 + 4 * DAY) })).toEqual([]);
  });

  it('computes NPS exactly, overall and by day in a time zone', async () => {
    expect(await npsFigures(s.t.database.db, range)).toEqual([
      { group: null, answers: 7, promoters: 3, passives: 2, detractors: 2, promoterPercent: 42.86, detractorPercent: 28.57, nps: 14.29 },
    ]);
    // Day 3 at 23:30 UTC is day 4 in Paris: 10, 9, 9, 8 → NPS 75; day 5: 7, 6, 0 → 0 promoters, 2 detractors of 3 → −66.67.
    expect(await npsFigures(s.t.database.db, { ...range, groupBy: 'day', timeZone: 'Europe/Paris' })).toEqual([
      { group: '2027-03-04', answers: 4, promoters: 3, passives: 1, detractors: 0, promoterPercent: 75, detractorPercent: 0, nps: 75 },
      { group: '2027-03-05', answers: 3, promoters: 0, passives: 1, detractors: 2, promoterPercent: 0, detractorPercent: 66.67, nps: -66.67 },
    ]);
    expect((await npsFigures(s.t.database.db, { ...range, groupBy: 'day' })).map((g) => g.group)).toEqual(['2027-03-03', '2027-03-05']);
  });

  it('withholds the engagement score below 5 answers and gives the mean from 5', async () => {
    s.setNow(T0);
    for (let i = 0; i < 6; i++) await newAgent(s.api, { email: `agent${i}@example.com` });
    const pulse = (await s.manager.post('/v1/surveys/engagement', {})).json();
    const invited = await s.t.database.db.select({ id: surveys.id }).from(surveys).where(eq(surveys.roundId, pulse.roundId));
    s.setNow(T0 + DAY);
    for (const [i, score] of [8, 6, 10, 7].entries()) await answer(invited[i]!.id, score);
    expect(await engagementFigures(s.t.database.db, range)).toEqual([{ group: null, answers: 4, score: null, anonymous: true }]);
    await answer(invited[4]!.id, 9);
    expect(await engagementFigures(s.t.database.db, range)).toEqual([{ group: null, answers: 5, score: 8, anonymous: false }]);
    expect(await engagementFigures(s.t.database.db, { ...range, groupBy: 'round' })).toEqual([{ group: pulse.roundId, answers: 5, score: 8, anonymous: false }]);
  });

  it('refuses a grouping the kind has no data for, an unknown time zone and an empty range', async () => {
    await expect(npsFigures(s.t.database.db, { ...range, groupBy: 'queue' as never })).rejects.toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    await expect(csatFigures(s.t.database.db, { ...range, timeZone: 'Mars/Olympus' })).rejects.toMatchObject({ status: 400 });
    await expect(csatFigures(s.t.database.db, { from: range.to, to: range.from })).rejects.toMatchObject({ status: 400 });
  });
});
