import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';
import { client, newCase, type Client } from '../cases/api-helpers.js';
import { publishedArticle } from './support.js';

let t: TestApp;
let agent: Client;
let manager: Client;
let hub: string;
let terminal: string;
beforeAll(async () => {
  t = await createTestApp();
  agent = client(t, await t.keyFor('agent'));
  manager = client(t, await t.keyFor('manager'));
  hub = (await manager.post('/v1/products', { name: 'Hub' })).json().id;
  terminal = (await manager.post('/v1/products', { name: 'Terminal' })).json().id;
});
afterAll(async () => t.close());

describe('articles of a product', () => {
  it('refuses a product that does not exist with 422 PRODUCT_NOT_FOUND, writing nothing', async () => {
    const res = await agent.post('/v1/knowledge/articles', { title: 'Reboot', content: 'Hold the button.', language: 'en', productId: '00000000-0000-4000-8000-000000000000' });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code: 'PRODUCT_NOT_FOUND', field: 'body.productId' });
    expect((await agent.get('/v1/knowledge/articles')).json().items).toEqual([]);
  });

  it('filters search by product and ranks the case’s product first among suggestions', async () => {
    const forHub = await publishedArticle(agent, manager, { title: 'Restart after a power cut', content: 'Unplug, wait ten seconds, plug back in and restart.', productId: hub });
    const forTerminal = await publishedArticle(agent, manager, { title: 'Restart after a power cut', content: 'Unplug, wait ten seconds, plug back in and restart.', productId: terminal });
    const hits = (await agent.get(`/v1/knowledge/search?q=restart&product=${terminal}`)).json().items;
    expect(hits.map((h: { articleId: string }) => h.articleId)).toEqual([forTerminal.id]);
    const c = await newCase(agent, { title: 'Needs a restart after a power cut', productId: hub });
    const suggested = (await agent.get(`/v1/cases/${c.id}/knowledge/suggestions`)).json().items;
    expect(suggested.map((h: { articleId: string }) => h.articleId)).toEqual([forHub.id, forTerminal.id]);
  });
});
