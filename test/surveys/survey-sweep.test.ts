/**
 * The worker's survey sweep: it delivers pending survey emails (and only those: SLA emails belong to their
 * workflows) through the same idempotent delivery as SLA emails, to a real SMTP server; and when the NPS
 * schedule is on, it surveys each contact with an email at most once per NPS_PERIOD_DAYS, on an injected clock.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, like } from 'drizzle-orm';
import { emailOutbox, surveys } from '../../db/schema/index.js';
import { createEmailActivities } from '../../activities/email.activities.js';
import { createMailer } from '../../src/mail/mailer.js';
import { SurveySweeper } from '../../src/surveys/survey-sweep.js';
import { newContact, newCase } from '../cases/api-helpers.js';
import { startSmtpCapture, type SmtpCapture } from '../support/smtp.js';
import { createSurveyApp, DAY, LINK_BASE, T0, type SurveyApp } from './support.js';

describe('survey sweep', () => {
  let s: SurveyApp;
  let smtp: SmtpCapture;
  let clock = T0;
  let sweeper: SurveySweeper;
  let scheduled: SurveySweeper;

  beforeAll(async () => {
    s = await createSurveyApp();
    smtp = await startSmtpCapture();
    const mailer = createMailer({ smtpUrl: smtp.url, from: 'Support <support@example.com>', mailboxDir: '.data/test/mailbox' });
    const { deliverEmail } = createEmailActivities({ db: s.t.database.db, mailer, clock: () => new Date(clock) });
    const nps = { linkBaseUrl: LINK_BASE, expiryDays: 7, periodDays: 90 };
    sweeper = new SurveySweeper(s.t.database.db, { deliver: deliverEmail, everyMs: 60_000, nps: { ...nps, scheduleHours: 0 }, clock: () => new Date(clock) });
    scheduled = new SurveySweeper(s.t.database.db, { deliver: deliverEmail, everyMs: 60_000, nps: { ...nps, scheduleHours: 24 }, clock: () => new Date(clock) });
  });
  afterAll(async () => {
    await sweeper?.stop();
    await scheduled?.stop();
    await smtp?.close();
    await s?.close();
  });

  it('sends a pending CSAT email once, and leaves SLA emails alone', async () => {
    await s.t.database.db.insert(emailOutbox).values({ idempotencyKey: 'sla-action:x', to: ['boss@example.com'], subject: 'SLA warning', body: 'b' });
    const contact = await newContact(s.api, { email: 'ada@example.com' });
    const c = await newCase(s.api, { contactId: contact.id });
    await s.api.post(`/v1/cases/${c.id}/resolve`, { resolution: 'Done' });
    await sweeper.sweep();
    await sweeper.sweep();
    expect(smtp.messages.map((m) => m.to)).toEqual([['ada@example.com']]);
    expect(smtp.messages[0]!.body).toContain(`${LINK_BASE}/`);
    const rows = await s.t.database.db.select({ key: emailOutbox.idempotencyKey, status: emailOutbox.status }).from(emailOutbox);
    expect(rows.find((r) => r.key === 'sla-action:x')?.status).toBe('pending');
    expect(rows.filter((r) => r.key.startsWith('survey:')).map((r) => r.status)).toEqual(['sent']);
  });

  it('issues scheduled NPS surveys to each contact with an email once per period', async () => {
    smtp.clear();
    const before = await s.t.database.db.select({ id: surveys.id }).from(surveys).where(eq(surveys.kind, 'nps'));
    expect(before).toEqual([]);
    const withoutEmail = await newContact(s.api);
    await scheduled.sweep(); // issues (ada@example.com) and a second pass delivers
    await scheduled.sweep();
    const first = await s.t.database.db.select().from(surveys).where(eq(surveys.kind, 'nps'));
    expect(first.map((x) => [x.recipientEmail, x.trigger, x.actorName])).toEqual([['ada@example.com', 'schedule', 'NPS schedule']]);
    expect(first.some((x) => x.contactId === withoutEmail.id)).toBe(false);
    expect(smtp.messages.map((m) => m.subject)).toEqual(['Would you recommend us?']);

    clock = T0 + 30 * DAY; // the schedule runs again (24 h later), the contact's period has not passed
    await scheduled.sweep();
    expect(await s.t.database.db.select().from(surveys).where(eq(surveys.kind, 'nps'))).toHaveLength(1);
    clock = T0 + 91 * DAY;
    await scheduled.sweep();
    expect(await s.t.database.db.select().from(surveys).where(eq(surveys.kind, 'nps'))).toHaveLength(2);
    const outbox = await s.t.database.db.select().from(emailOutbox).where(like(emailOutbox.idempotencyKey, 'survey:%'));
    expect(outbox).toHaveLength(3);
  });
});
