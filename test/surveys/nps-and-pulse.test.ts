/**
 * NPS surveys on demand (a contact, or every contact of an account; at most one per contact per
 * NPS_PERIOD_DAYS), the anonymous engagement pulse for agents, and a customer's surveys on the contact and
 * the account.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, inArray } from 'drizzle-orm';
import { surveyResponses, surveys } from '../../db/schema/index.js';
import { newAccount, newAgent, newContact } from '../cases/api-helpers.js';
import { createSurveyApp, DAY, T0, tokenOf, type SurveyApp } from './support.js';

describe('NPS surveys on demand', () => {
  let s: SurveyApp;
  beforeAll(async () => {
    s = await createSurveyApp();
  });
  afterAll(async () => {
    await s?.close();
  });

  it('sends one to a contact, answerable 0-10, listed with its answer on the contact and its account', async () => {
    s.setNow(T0);
    const account = await newAccount(s.api);
    const contact = await newContact(s.api, { email: 'lin@example.com', accountId: account.id });
    const res = await s.manager.post('/v1/surveys/nps', { contactId: contact.id });
    expect(res.statusCode, res.body).toBe(201);
    const [issued] = res.json().issued;
    expect(issued).toMatchObject({ contactId: contact.id, expiresAt: new Date(T0 + 7 * DAY).toISOString() });
    const token = await tokenOf(s.t, issued.surveyId);
    expect((await s.anonymous.get(`/v1/surveys/${token}`)).json()).toMatchObject({ kind: 'nps', scale: { min: 0, max: 10 }, caseNumber: null });
    expect((await s.anonymous.post(`/v1/surveys/${token}`, { score: 11 })).statusCode).toBe(400);
    s.setNow(T0 + DAY);
    expect((await s.anonymous.post(`/v1/surveys/${token}`, { score: 0, comment: 'Too slow' })).statusCode).toBe(201);

    for (const url of [`/v1/contacts/${contact.id}/surveys`, `/v1/accounts/${account.id}/surveys`]) {
      const list = await s.api.get(url);
      expect(list.statusCode, list.body).toBe(200);
      expect(list.json().items).toEqual([
        expect.objectContaining({ id: issued.surveyId, kind: 'nps', trigger: 'on_demand', state: 'answered', response: { score: 0, comment: 'Too slow', answeredAt: new Date(T0 + DAY).toISOString() } }),
      ]);
    }
  });

  it('refuses a second survey to the same contact within the period (409 naming the next date), and allows it after', async () => {
    s.setNow(T0);
    const contact = await newContact(s.api, { email: 'mo@example.com' });
    expect((await s.manager.post('/v1/surveys/nps', { contactId: contact.id })).statusCode).toBe(201);
    s.setNow(T0 + 89 * DAY);
    const again = await s.manager.post('/v1/surveys/nps', { contactId: contact.id });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'NPS_SURVEYED_RECENTLY', nextAllowedAt: new Date(T0 + 90 * DAY).toISOString() });
    s.setNow(T0 + 90 * DAY);
    expect((await s.manager.post('/v1/surveys/nps', { contactId: contact.id })).statusCode).toBe(201);
  });

  it('sends to every contact of an account with an email, listing the others as skipped', async () => {
    s.setNow(T0);
    const account = await newAccount(s.api);
    const a = await newContact(s.api, { accountId: account.id, email: 'a@example.com' });
    const b = await newContact(s.api, { accountId: account.id });
    const c = await newContact(s.api, { accountId: account.id, email: 'c@example.com' });
    expect((await s.manager.post('/v1/surveys/nps', { contactId: c.id })).statusCode).toBe(201);
    const res = await s.manager.post('/v1/surveys/nps', { accountId: account.id });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().issued.map((i: any) => i.contactId)).toEqual([a.id]);
    expect(res.json().skipped).toEqual(
      expect.arrayContaining([
        { contactId: b.id, reason: 'no_email' },
        { contactId: c.id, reason: 'surveyed_recently' },
      ]),
    );
  });

  it('needs the manager role and exactly one known target', async () => {
    const contact = await newContact(s.api, { email: 'x@example.com' });
    const noEmail = await newContact(s.api);
    const agent = await s.t.keyFor('agent');
    expect((await s.t.app.inject({ method: 'POST', url: '/v1/surveys/nps', payload: { contactId: contact.id }, headers: s.t.auth(agent) })).statusCode).toBe(403);
    expect((await s.manager.post('/v1/surveys/nps', {})).statusCode).toBe(400);
    expect((await s.manager.post('/v1/surveys/nps', { contactId: contact.id, accountId: contact.id })).statusCode).toBe(400);
    expect((await s.manager.post('/v1/surveys/nps', { contactId: 'not-a-uuid' })).statusCode).toBe(400);
    const unknown = await s.manager.post('/v1/surveys/nps', { contactId: '00000000-0000-4000-8000-000000000000' });
    expect([unknown.statusCode, unknown.json().code]).toEqual([422, 'CONTACT_NOT_FOUND']);
    const missing = await s.manager.post('/v1/surveys/nps', { contactId: noEmail.id });
    expect([missing.statusCode, missing.json().code]).toEqual([422, 'CONTACT_HAS_NO_EMAIL']);
    expect((await s.api.get('/v1/contacts/00000000-0000-4000-8000-000000000000/surveys')).statusCode).toBe(404);
  });
});

describe('engagement pulse', () => {
  let s: SurveyApp;
  beforeAll(async () => {
    s = await createSurveyApp();
  });
  afterAll(async () => {
    await s?.close();
  });

  it('sends every agent a link; answers are stored without agent, survey or time of day', async () => {
    s.setNow(T0);
    const agents = [await newAgent(s.api, { email: 'g1@example.com' }), await newAgent(s.api, { email: 'g2@example.com' })];
    const res = await s.manager.post('/v1/surveys/engagement', {});
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ issued: 2, expiresAt: new Date(T0 + 7 * DAY).toISOString() });
    const issued = await s.t.database.db.select().from(surveys).where(eq(surveys.roundId, res.json().roundId));
    expect(issued.map((x) => x.agentId).sort()).toEqual(agents.map((a) => a.id).sort());

    s.setNow(T0 + DAY + 5 * 3_600_000 + 1234);
    const token = await tokenOf(s.t, issued[0]!.id);
    expect((await s.anonymous.get(`/v1/surveys/${token}`)).json().kind).toBe('engagement');
    expect((await s.anonymous.post(`/v1/surveys/${token}`, { score: 7, comment: 'Busy week' })).json()).toEqual({
      kind: 'engagement',
      score: 7,
      answeredAt: new Date(T0 + DAY - 9 * 3_600_000).toISOString(),
    });
    expect((await s.anonymous.post(`/v1/surveys/${token}`, { score: 7 })).statusCode).toBe(409);

    const [claimed] = await s.t.database.db.select().from(surveys).where(eq(surveys.id, issued[0]!.id));
    expect(claimed).toMatchObject({ answered: true, answeredAt: null });
    const answers = await s.t.database.db.select().from(surveyResponses).where(eq(surveyResponses.kind, 'engagement'));
    expect(answers).toEqual([
      expect.objectContaining({ surveyId: null, caseId: null, contactId: null, accountId: null, roundId: res.json().roundId, score: 7, comment: 'Busy week' }),
    ]);
  });

  it('can be sent to named agents only; unknown agents are 422, agents cannot send one', async () => {
    const a = await newAgent(s.api, { email: 'g3@example.com' });
    const res = await s.manager.post('/v1/surveys/engagement', { agentIds: [a.id] });
    expect(res.json().issued).toBe(1);
    const unknown = await s.manager.post('/v1/surveys/engagement', { agentIds: ['00000000-0000-4000-8000-000000000000'] });
    expect([unknown.statusCode, unknown.json().code]).toEqual([422, 'AGENT_NOT_FOUND']);
    const agentKey = await s.t.keyFor('agent');
    expect((await s.t.app.inject({ method: 'POST', url: '/v1/surveys/engagement', payload: {}, headers: s.t.auth(agentKey) })).statusCode).toBe(403);
    const pending = await s.t.database.db.select().from(surveys).where(inArray(surveys.agentId, [a.id]));
    expect(pending).toHaveLength(1);
  });
});
