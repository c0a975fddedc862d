/**
 * An article sent from a case while SMTP is down is not lost: the request answers, the email stays
 * pending in the outbox, and the worker's sweep (as `npm start` and the worker wire it) delivers it once
 * when SMTP is back; an email out of attempts is marked failed and never sent.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { emailOutbox } from '../../db/schema/index.js';
import { loadConfig } from '../../src/config.js';
import { createMailer } from '../../src/mail/mailer.js';
import { createSurveySweeper } from '../../src/main/runtime.js';
import { SWEPT_EMAIL_MAX_ATTEMPTS } from '../../src/surveys/survey-sweep.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { freePort } from '../support/free-port.js';
import { startSmtpCapture, type SmtpCapture } from '../support/smtp.js';
import { client, newAccount, newCase, type Client } from '../cases/api-helpers.js';
import { publishedArticle } from './support.js';

let t: TestApp;
let agent: Client;
let smtp: SmtpCapture;
let articleId: string;

beforeAll(async () => {
  // Nothing listens on this port: every delivery the API attempts is refused.
  t = await createTestApp({ env: { SMTP_URL: `smtp://127.0.0.1:${await freePort()}` } });
  agent = client(t, await t.keyFor('agent'));
  const manager = client(t, await t.keyFor('manager'));
  articleId = (await publishedArticle(agent, manager, { title: 'Reset a forgotten password', content: 'Open the sign-in page and choose *Forgot password*.' })).id;
  smtp = await startSmtpCapture();
});
afterAll(async () => {
  await smtp?.close();
  await t?.close();
});

const outboxRow = async (id: string) => (await t.database.db.select().from(emailOutbox).where(eq(emailOutbox.id, id)))[0]!;

function workerSweep() {
  const config = loadConfig({ NODE_ENV: 'test', SMTP_URL: smtp.url });
  return createSurveySweeper(config, t.database, createMailer(config.mail), { warn: () => {} });
}

describe('articles sent while SMTP is down', () => {
  it('stay pending after the refused first delivery and are delivered once by the worker sweep', async () => {
    const account = await newAccount(agent, { email: 'it@contoso.example' });
    const c = await newCase(agent, { title: 'Cannot sign in', accountId: account.id });
    const res = await agent.post(`/v1/cases/${c.id}/knowledge/${articleId}/send`, {}, { 'idempotency-key': 'smtp-down-1' });
    expect(res.statusCode, res.body).toBe(201);
    const outboxId = res.json().outboxId as string;
    await expect.poll(async () => (await outboxRow(outboxId)).attempts).toBe(1);
    expect((await outboxRow(outboxId)).status).toBe('pending');
    expect((await outboxRow(outboxId)).lastError).toMatch(/ECONNREFUSED|connect/i);

    const sweep = workerSweep();
    await sweep.sweep();
    await sweep.sweep();
    expect(smtp.messages.map((m) => [m.to, m.subject])).toEqual([[['it@contoso.example'], `${c.number}: Reset a forgotten password`]]);
    expect(await outboxRow(outboxId)).toMatchObject({ status: 'sent', attempts: 2, lastError: null });
  });

  it('are marked failed, not sent, once they ran out of attempts', async () => {
    smtp.clear();
    const account = await newAccount(agent, { email: 'ops@contoso.example' });
    const c = await newCase(agent, { title: 'Cannot sign in either', accountId: account.id });
    const res = await agent.post(`/v1/cases/${c.id}/knowledge/${articleId}/send`, {}, { 'idempotency-key': 'smtp-down-2' });
    const outboxId = res.json().outboxId as string;
    await expect.poll(async () => (await outboxRow(outboxId)).attempts).toBe(1);
    await t.database.db.update(emailOutbox).set({ attempts: SWEPT_EMAIL_MAX_ATTEMPTS }).where(eq(emailOutbox.id, outboxId));

    await workerSweep().sweep();
    expect(smtp.messages).toEqual([]);
    expect((await outboxRow(outboxId)).status).toBe('failed');
  });
});
