import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { emailOutbox } from '../../db/schema/index.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { client, newAccount, newCase, type Client } from '../cases/api-helpers.js';
import type { CaseLifecycleListener } from '../../src/cases/case-lifecycle.js';
import { publishedArticle } from './support.js';

let t: TestApp;
let agent: Client;
let manager: Client;
let dataDir: string;
const firstResponses: string[] = [];
const ids: Record<string, string> = {};
const spy: CaseLifecycleListener = { name: 'spy', onFirstResponse: async (_tx, c) => void firstResponses.push(c.id) };

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'knowledge-mail-'));
  t = await createTestApp({ env: { DATA_DIR: dataDir }, caseListeners: [spy] });
  agent = client(t, await t.keyFor('agent'));
  manager = client(t, await t.keyFor('manager'));
  ids.vpn = (await publishedArticle(agent, manager, { title: 'VPN connection drops every hour', keywords: ['vpn', 'disconnect', 'tunnel'], content: 'The VPN tunnel disconnects when the certificate expires. Renew the certificate, then reconnect.' })).id;
  ids.printer = (await publishedArticle(agent, manager, { title: 'Printer shows paper jam', keywords: ['paper jam'], content: 'Open the cover and remove the paper.' })).id;
  ids.vpnFr = (await publishedArticle(agent, manager, { title: 'Le VPN se déconnecte toutes les heures', keywords: ['vpn', 'déconnexion'], content: 'Le tunnel VPN se coupe quand le certificat expire. Renouvelez le certificat.', language: 'fr' })).id;
  ids.expired = (await publishedArticle(agent, manager, { title: 'VPN disconnects (old client)', content: 'VPN certificate disconnects in client 3.x', expiresAt: '2020-01-01T00:00:00Z' })).id;
  ids.draft = (await agent.post('/v1/knowledge/articles', { title: 'VPN disconnect draft', content: 'VPN', language: 'en' })).json().id;
});
afterAll(async () => {
  await t.close();
  rmSync(dataDir, { recursive: true, force: true });
});

type Hit = { articleId: string; why: string[]; score: number };

describe('GET /v1/cases/{id}/knowledge/suggestions', () => {
  it('builds the query from the case and ranks the matching article first, saying which words matched', async () => {
    const c = await newCase(agent, { title: 'VPN keeps disconnecting', description: 'Since Monday the tunnel drops every hour for all users.' });
    const res = await agent.get(`/v1/cases/${c.id}/knowledge/suggestions`);
    expect(res.statusCode, res.body).toBe(200);
    const items: Hit[] = res.json().items;
    expect(items[0]!.articleId).toBe(ids.vpn);
    expect(items[0]!.why).toEqual(expect.arrayContaining(['vpn', 'disconnecting', 'tunnel']));
    expect(items.map((h) => h.articleId)).not.toContain(ids.printer);
    expect(items.map((h) => h.articleId)).not.toContain(ids.expired);
    expect(items.map((h) => h.articleId)).not.toContain(ids.draft);
    expect(res.json().language).toBe('english');
  });

  it('puts the article in the case’s language first for a French case', async () => {
    const c = await newCase(agent, { title: 'Le VPN se déconnecte', description: 'Le tunnel se coupe toutes les heures depuis lundi.' });
    const items: Hit[] = (await agent.get(`/v1/cases/${c.id}/knowledge/suggestions`)).json().items;
    expect(items[0]!.articleId).toBe(ids.vpnFr);
  });

  it('answers an empty list for a case with nothing to match, and 404 for an unknown case', async () => {
    const c = await newCase(agent, { title: 'the and of' });
    expect((await agent.get(`/v1/cases/${c.id}/knowledge/suggestions`)).json().items).toEqual([]);
    expect((await agent.get('/v1/cases/00000000-0000-4000-8000-000000000000/knowledge/suggestions')).json().code).toBe('CASE_NOT_FOUND');
  });
});

describe('POST /v1/cases/{id}/knowledge-links', () => {
  it('links the published version, shows it on the timeline, and a second link can mark it as resolving', async () => {
    const c = await newCase(agent, { title: 'VPN drops' });
    const first = await agent.post(`/v1/cases/${c.id}/knowledge-links`, { articleId: ids.vpn });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toMatchObject({ articleId: ids.vpn, articleVersion: 1, resolvesCase: false });
    const second = await agent.post(`/v1/cases/${c.id}/knowledge-links`, { articleId: ids.vpn, resolvesCase: true });
    expect(second.statusCode).toBe(200);
    expect(second.json()).toMatchObject({ id: first.json().id, resolvesCase: true });
    const timeline = (await agent.get(`/v1/cases/${c.id}/timeline`)).json().items;
    expect(timeline.filter((e: { kind: string }) => e.kind === 'knowledge.linked').map((e: { summary: string }) => e.summary)).toEqual([
      expect.stringMatching(/^Article KA-\d{6} v1 "VPN connection drops every hour" linked$/),
      expect.stringMatching(/linked: it resolved the case$/),
    ]);
    const analytics = (await agent.get(`/v1/knowledge/articles/${ids.vpn}/analytics`)).json();
    expect(analytics).toMatchObject({ linked: 1, resolving: 1 });
    expect(analytics.suggested).toBeGreaterThanOrEqual(1);
  });

  it('refuses an unpublished article or a missing version with 422, writing nothing', async () => {
    const c = await newCase(agent, { title: 'VPN drops' });
    expect((await agent.post(`/v1/cases/${c.id}/knowledge-links`, { articleId: ids.draft })).json().code).toBe('ARTICLE_NOT_PUBLISHED');
    expect((await agent.post(`/v1/cases/${c.id}/knowledge-links`, { articleId: ids.vpn, version: 9 })).json().code).toBe('ARTICLE_VERSION_NOT_FOUND');
    expect((await agent.get(`/v1/cases/${c.id}/knowledge-links`)).json().items).toEqual([]);
  });
});

describe('POST /v1/cases/{id}/knowledge/{articleId}/send', () => {
  it('emails the article once per Idempotency-Key, logs an outgoing email and records the first response', async () => {
    const account = await newAccount(agent, { email: 'it@contoso.example' });
    const c = await newCase(agent, { title: 'VPN drops', accountId: account.id });
    const url = `/v1/cases/${c.id}/knowledge/${ids.vpn}/send`;
    const res = await agent.post(url, { message: 'Here is what fixes it.' }, { 'idempotency-key': 'send-1' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ to: ['it@contoso.example'], articleVersion: 1, firstResponse: true });
    const retry = await agent.post(url, { message: 'Here is what fixes it.' }, { 'idempotency-key': 'send-1' });
    expect(retry.statusCode).toBe(201);
    expect(retry.json().id).toBe(res.json().id);
    expect(firstResponses.filter((id) => id === c.id)).toHaveLength(1);

    const rows = await t.database.db.select().from(emailOutbox).where(eq(emailOutbox.id, res.json().outboxId));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.html).toContain('<h1>VPN connection drops every hour</h1>');
    const caseNow = (await agent.get(`/v1/cases/${c.id}`)).json();
    expect(caseNow.firstResponseAt).not.toBeNull();
    const timeline = (await agent.get(`/v1/cases/${c.id}/timeline`)).json().items;
    expect(timeline.filter((e: { type: string; kind: string }) => e.type === 'activity' && e.kind === 'email')).toHaveLength(1);
    expect(timeline.map((e: { kind: string }) => e.kind)).toContain('first_response');

    for (let i = 0; i < 100; i++) {
      const [row] = await t.database.db.select({ status: emailOutbox.status }).from(emailOutbox).where(eq(emailOutbox.id, res.json().outboxId));
      if (row?.status === 'sent') break;
      await new Promise((r) => setTimeout(r, 20));
    }
    const files = readdirSync(path.join(dataDir, 'mailbox'));
    expect(files).toHaveLength(1);
    expect(readFileSync(path.join(dataDir, 'mailbox', files[0]!), 'utf8')).toContain('To: it@contoso.example');

    const other = await agent.post(url, {}, { 'idempotency-key': 'send-2' });
    expect(other.json().firstResponse).toBe(false);
    expect((await agent.get(`/v1/knowledge/articles/${ids.vpn}/analytics`)).json().sent).toBeGreaterThanOrEqual(2);
  });

  it('needs an Idempotency-Key, a customer email and a published unexpired article; a refusal writes nothing', async () => {
    const c = await newCase(agent, { title: 'VPN drops' });
    const url = (article: string) => `/v1/cases/${c.id}/knowledge/${article}/send`;
    expect((await agent.post(url(ids.vpn!), {})).json().code).toBe('IDEMPOTENCY_KEY_REQUIRED');
    expect((await agent.post(url(ids.vpn!), {}, { 'idempotency-key': 'a' })).json().code).toBe('CUSTOMER_HAS_NO_EMAIL');
    expect((await agent.post(url(ids.draft!), {}, { 'idempotency-key': 'b' })).json().code).toBe('ARTICLE_NOT_PUBLISHED');
    expect((await agent.post(url(ids.expired!), {}, { 'idempotency-key': 'c' })).json().code).toBe('ARTICLE_EXPIRED');
    const after = (await agent.get(`/v1/cases/${c.id}`)).json();
    expect(after.firstResponseAt).toBeNull();
    expect((await agent.get(`/v1/cases/${c.id}/activities`)).json().items).toEqual([]);
  });
});

describe('GET /v1/cases/{id}/similar', () => {
  it('ranks resolved cases with the same words first and returns their resolution and linked articles', async () => {
    const account = await newAccount(agent);
    const solved = await newCase(agent, { title: 'VPN disconnects every hour', description: 'Tunnel drops for the whole office', accountId: account.id });
    await agent.post(`/v1/cases/${solved.id}/knowledge-links`, { articleId: ids.vpn, resolvesCase: true });
    await agent.post(`/v1/cases/${solved.id}/resolve`, { resolution: 'Renewed the VPN certificate' });
    const open = await newCase(agent, { title: 'VPN disconnected', description: 'tunnel drops' });
    await newCase(agent, { title: 'Printer jam', description: 'paper stuck' });
    const c = await newCase(agent, { title: 'Our VPN disconnects', description: 'The tunnel dropped twice today', accountId: account.id });
    const res = await agent.get(`/v1/cases/${c.id}/similar`);
    expect(res.statusCode, res.body).toBe(200);
    const items = res.json().items;
    expect(items[0]).toMatchObject({ caseId: solved.id, status: 'resolved', resolution: 'Renewed the VPN certificate', articles: [{ articleId: ids.vpn, resolvesCase: true }] });
    expect(items.map((i: { caseId: string }) => i.caseId)).toContain(open.id);
    expect(items.map((i: { caseId: string }) => i.caseId)).not.toContain(c.id);
    expect(items[0].why).toEqual(expect.arrayContaining(['vpn']));
  });
});
