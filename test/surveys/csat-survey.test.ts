/**
 * CSAT surveys through the HTTP API: resolving a case issues a survey in the same transaction (token only
 * hashed, email in the outbox with the link, expiry from the configuration), the public link routes answer
 * it once, and the answer shows on the case timeline. Bad links and bad scores are clear 4xx, never 500.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { emailOutbox, surveys } from '../../db/schema/index.js';
import { hashSurveyToken } from '../../src/surveys/survey-tokens.js';
import { newContact, newCase } from '../cases/api-helpers.js';
import { createSurveyApp, DAY, LINK_BASE, T0, tokenOf, type SurveyApp } from './support.js';

describe('CSAT survey on resolution', () => {
  let s: SurveyApp;
  beforeAll(async () => {
    s = await createSurveyApp();
  });
  afterAll(async () => {
    await s?.close();
  });

  async function resolvedCase(contactBody: Record<string, unknown> = { email: 'ada@example.com' }) {
    s.setNow(T0);
    const contact = await newContact(s.api, contactBody);
    const c = await newCase(s.api, { contactId: contact.id });
    s.setNow(T0 + 3_600_000);
    const res = await s.api.post(`/v1/cases/${c.id}/resolve`, { resolution: 'Replaced the toner' });
    expect(res.statusCode, res.body).toBe(200);
    const [survey] = await s.t.database.db.select().from(surveys).where(eq(surveys.caseId, c.id));
    return { c, contact, survey };
  }

  it('issues a survey with a hashed token and an outbox email carrying the link, expiring after SURVEY_EXPIRY_DAYS', async () => {
    const { c, contact, survey } = await resolvedCase();
    expect(survey).toMatchObject({ kind: 'csat', trigger: 'resolution', contactId: contact.id, recipientEmail: 'ada@example.com', answered: false });
    expect(survey!.issuedAt.getTime()).toBe(T0 + 3_600_000);
    expect(survey!.expiresAt.getTime()).toBe(T0 + 3_600_000 + 7 * DAY);
    const token = await tokenOf(s.t, survey!.id);
    expect(survey!.tokenHash).toBe(hashSurveyToken(token));
    expect(survey!.tokenHash).not.toContain(token);
    expect(Buffer.from(token, 'base64url').length).toBeGreaterThanOrEqual(16);
    const [mail] = await s.t.database.db.select().from(emailOutbox).where(eq(emailOutbox.id, survey!.emailOutboxId!));
    expect(mail).toMatchObject({ to: ['ada@example.com'], status: 'pending', idempotencyKey: `survey:${survey!.id}` });
    expect(mail!.subject).toContain(c.number);
    expect(mail!.body).toContain(`${LINK_BASE}/${token}`);
  });

  it('shows the question on GET and takes one answer on POST; the answer is on the case timeline', async () => {
    const { c, survey } = await resolvedCase();
    const token = await tokenOf(s.t, survey!.id);
    const form = await s.anonymous.get(`/v1/surveys/${token}`);
    expect(form.statusCode, form.body).toBe(200);
    expect(form.json()).toMatchObject({ kind: 'csat', scale: { min: 1, max: 5 }, caseNumber: c.number });

    s.setNow(T0 + 2 * DAY);
    const answer = await s.anonymous.post(`/v1/surveys/${token}`, { score: 4, comment: '  Quick and friendly  ' });
    expect(answer.statusCode, answer.body).toBe(201);
    expect(answer.json()).toEqual({ kind: 'csat', score: 4, answeredAt: new Date(T0 + 2 * DAY).toISOString() });

    const again = await s.anonymous.post(`/v1/surveys/${token}`, { score: 1 });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'SURVEY_ALREADY_ANSWERED' });
    expect(again.headers['content-type']).toContain('application/problem+json');
    expect((await s.anonymous.get(`/v1/surveys/${token}`)).statusCode).toBe(409);

    const timeline = (await s.api.get(`/v1/cases/${c.id}/timeline`)).json();
    const kinds = timeline.items.map((i: any) => i.kind);
    expect(kinds).toEqual(expect.arrayContaining(['survey.sent', 'survey.answered']));
    const answered = timeline.items.find((i: any) => i.kind === 'survey.answered');
    expect(answered).toMatchObject({ summary: 'CSAT answer: 4/5 “Quick and friendly”', data: { score: 4, comment: 'Quick and friendly' }, actor: { kind: 'system' } });
  });

  it('refuses an expired link with 410 and changes nothing', async () => {
    const { survey } = await resolvedCase();
    const token = await tokenOf(s.t, survey!.id);
    s.setNow(survey!.expiresAt.getTime());
    const res = await s.anonymous.post(`/v1/surveys/${token}`, { score: 5 });
    expect(res.statusCode).toBe(410);
    expect(res.json()).toMatchObject({ code: 'SURVEY_EXPIRED' });
    const [after] = await s.t.database.db.select().from(surveys).where(eq(surveys.id, survey!.id));
    expect(after!.answered).toBe(false);
  });

  it('answers a wrong token like any unknown one (404, same body), and a malformed one with 400', async () => {
    const { survey } = await resolvedCase();
    const token = await tokenOf(s.t, survey!.id);
    const oneOff = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
    const random = 'x'.repeat(43);
    const a = await s.anonymous.post(`/v1/surveys/${oneOff}`, { score: 5 });
    const b = await s.anonymous.post(`/v1/surveys/${random}`, { score: 5 });
    expect([a.statusCode, b.statusCode]).toEqual([404, 404]);
    const strip = (body: any) => ({ ...body, instance: undefined, requestId: undefined });
    expect(strip(a.json())).toEqual(strip(b.json()));
    // Only the client's own input is echoed (as `instance`); nothing of the real token is.
    expect(JSON.stringify(strip(a.json()))).not.toContain(token.slice(0, 8));
    for (const bad of ['short', `${token}x`, `${token.slice(0, 42)}!`]) {
      const res = await s.anonymous.post(`/v1/surveys/${encodeURIComponent(bad)}`, { score: 5 });
      expect(res.statusCode, bad).toBe(400);
    }
  });

  it('refuses scores outside 1-5 and bad bodies with 400 naming the field, and keeps the link answerable', async () => {
    const { survey } = await resolvedCase();
    const token = await tokenOf(s.t, survey!.id);
    for (const body of [{ score: 0 }, { score: 6 }, { score: 11 }, { score: -1 }, { score: 3.5 }, { score: '4' }, {}, { score: 3, comment: 'x'.repeat(2001) }, { score: 3, extra: 1 }]) {
      const res = await s.anonymous.post(`/v1/surveys/${token}`, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().code).toBe('VALIDATION_FAILED');
    }
    expect((await s.anonymous.post(`/v1/surveys/${token}`, { score: 0 })).json().detail).toContain('from 1 to 5');
    expect((await s.anonymous.post(`/v1/surveys/${token}`, { score: 5 })).statusCode).toBe(201);
  });

  it('sends no second survey while the first is open when a case is reopened and resolved again', async () => {
    const { c } = await resolvedCase();
    expect((await s.api.post(`/v1/cases/${c.id}/reopen`, {})).statusCode).toBe(200);
    expect((await s.api.post(`/v1/cases/${c.id}/resolve`, { resolution: 'Again' })).statusCode).toBe(200);
    expect(await s.t.database.db.select().from(surveys).where(eq(surveys.caseId, c.id))).toHaveLength(1);
  });

  it('notes on the timeline that no survey went out when the customer has no email', async () => {
    const { c, survey } = await resolvedCase({});
    expect(survey).toBeUndefined();
    const timeline = (await s.api.get(`/v1/cases/${c.id}/timeline`)).json();
    expect(timeline.items.map((i: any) => i.kind)).toContain('survey.not_sent');
  });
});

describe('public survey routes are rate limited per client address', () => {
  it('answers 429 with Retry-After past SURVEY_ANSWERS_PER_MINUTE, without an API key', async () => {
    const s = await createSurveyApp({ SURVEY_ANSWERS_PER_MINUTE: '3' });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) statuses.push((await s.anonymous.post(`/v1/surveys/${'y'.repeat(43)}`, { score: 3 })).statusCode);
      expect(statuses).toEqual([404, 404, 404, 429]);
      const reads: number[] = [];
      for (let i = 0; i < 4; i++) reads.push((await s.anonymous.get(`/v1/surveys/${'y'.repeat(43)}`)).statusCode);
      expect(reads).toEqual([404, 404, 404, 429]);
      const limited = await s.anonymous.post(`/v1/surveys/${'y'.repeat(43)}`, { score: 3 });
      expect(limited.statusCode).toBe(429);
      expect(limited.json()).toMatchObject({ code: 'RATE_LIMITED' });
      expect(limited.headers['retry-after']).toBeDefined();
    } finally {
      await s.close();
    }
  });
});
