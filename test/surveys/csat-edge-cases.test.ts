/**
 * CSAT edge cases: an imported resolved case is history (no survey, no email, no survey event), and two
 * answers racing for one link: exactly one is recorded, the other is 409.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, like } from 'drizzle-orm';
import { caseEvents, emailOutbox, surveyResponses, surveys } from '../../db/schema/index.js';
import { newContact, newCase } from '../cases/api-helpers.js';
import { createSurveyApp, DAY, T0, tokenOf, type SurveyApp } from './support.js';

describe('CSAT edge cases', () => {
  let s: SurveyApp;
  beforeAll(async () => {
    s = await createSurveyApp();
  });
  afterAll(async () => {
    await s?.close();
  });

  it('issues no survey for a case imported as resolved', async () => {
    s.setNow(T0 + 30 * DAY);
    const contact = await newContact(s.api, { email: 'old@example.com' });
    const res = await s.api.post('/v1/cases/import', {
      cases: [{ title: 'From the old helpdesk', contactId: contact.id, origin: 'email', openedAt: new Date(T0).toISOString(), resolved: { at: new Date(T0 + DAY).toISOString(), resolution: 'Fixed' } }],
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().created).toBe(1);
    expect(await s.t.database.db.select().from(surveys).where(eq(surveys.contactId, contact.id))).toEqual([]);
    expect(await s.t.database.db.select().from(emailOutbox).where(like(emailOutbox.idempotencyKey, 'survey:%'))).toEqual([]);
    expect(await s.t.database.db.select().from(caseEvents).where(like(caseEvents.kind, 'survey.%'))).toEqual([]);
  });

  it('records exactly one of two concurrent answers to one link', async () => {
    s.setNow(T0);
    const contact = await newContact(s.api, { email: 'race@example.com' });
    const c = await newCase(s.api, { contactId: contact.id });
    await s.api.post(`/v1/cases/${c.id}/resolve`, { resolution: 'Done' });
    const [survey] = await s.t.database.db.select().from(surveys).where(eq(surveys.caseId, c.id));
    const token = await tokenOf(s.t, survey!.id);
    const answers = await Promise.all([5, 1, 3].map((score) => s.anonymous.post(`/v1/surveys/${token}`, { score })));
    expect(answers.map((a) => a.statusCode).sort()).toEqual([201, 409, 409]);
    const stored = await s.t.database.db.select().from(surveyResponses).where(eq(surveyResponses.surveyId, survey!.id));
    expect(stored.map((r) => r.score)).toEqual([answers.find((a) => a.statusCode === 201)!.json().score]);
  });
});
