import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';
import { client, type Client } from '../cases/api-helpers.js';
import { publishedArticle } from './support.js';

let t: TestApp;
let agent: Client;
let manager: Client;
beforeAll(async () => {
  t = await createTestApp();
  agent = client(t, await t.keyFor('agent'));
  manager = client(t, await t.keyFor('manager'));
});
afterAll(async () => t.close());

const article = { title: 'Reset a forgotten password', content: 'Open **Settings** and choose *Reset password*.', keywords: ['login', 'password'], language: 'en' };

describe('articles', () => {
  it('an agent writes a draft numbered KA-000123-style, with its Markdown rendered to HTML and its author', async () => {
    const res = await agent.post('/v1/knowledge/articles', article);
    expect(res.statusCode).toBe(201);
    const a = res.json();
    expect(a.number).toMatch(/^KA-\d{6}$/);
    expect(res.headers.location).toBe(`/v1/knowledge/articles/${a.id}`);
    expect(res.headers.etag).toBe(`W/"${a.version}"`);
    expect(a).toMatchObject({ status: 'draft', publishedVersion: null, latestVersion: 1, draftVersion: 1, author: { kind: 'api_key', name: 'test agent' } });
    expect(a.shown).toMatchObject({ version: 1, status: 'draft', language: 'en', keywords: ['login', 'password'] });
    expect(a.shown.contentHtml).toBe('<p>Open <strong>Settings</strong> and choose <em>Reset password</em>.</p>\n');
  });

  it('only a manager publishes and archives', async () => {
    const a = (await agent.post('/v1/knowledge/articles', article)).json();
    const refused = await agent.post(`/v1/knowledge/articles/${a.id}/publish`, {});
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('FORBIDDEN');
    expect((await agent.post(`/v1/knowledge/articles/${a.id}/archive`, {})).statusCode).toBe(403);
    const published = await manager.post(`/v1/knowledge/articles/${a.id}/publish`, {});
    expect(published.statusCode).toBe(200);
    expect(published.json()).toMatchObject({ status: 'published', publishedVersion: 1, draftVersion: null, shown: { version: 1, status: 'published' } });
    const archived = await manager.post(`/v1/knowledge/articles/${a.id}/archive`, {});
    expect(archived.json()).toMatchObject({ status: 'archived', publishedVersion: null, shown: { version: 1, status: 'archived' } });
    expect((await manager.post(`/v1/knowledge/articles/${a.id}/archive`, {})).json().code).toBe('ARTICLE_ALREADY_ARCHIVED');
  });

  it('editing a published article makes a new draft while the published version stays served; publishing replaces it; every version stays readable', async () => {
    const a = await publishedArticle(agent, manager, article);
    const edit = await agent.patch(`/v1/knowledge/articles/${a.id}`, { title: 'Reset your password' }, { 'if-match': `W/"${a.version}"` });
    expect(edit.statusCode).toBe(200);
    expect(edit.json()).toMatchObject({ status: 'published', publishedVersion: 1, latestVersion: 2, draftVersion: 2, shown: { version: 1, title: article.title }, draft: { version: 2, title: 'Reset your password', status: 'draft' } });
    const hits = (await agent.get('/v1/knowledge/search?q=forgotten')).json().items;
    expect(hits.find((h: { articleId: string }) => h.articleId === a.id)).toMatchObject({ version: 1 });

    const again = await agent.patch(`/v1/knowledge/articles/${a.id}`, { content: 'Choose **Forgot password** on the sign-in page.' }, { 'if-match': edit.headers.etag as string });
    expect(again.json()).toMatchObject({ latestVersion: 2, draft: { version: 2, title: 'Reset your password' } });

    const published = (await manager.post(`/v1/knowledge/articles/${a.id}/publish`, {})).json();
    expect(published).toMatchObject({ publishedVersion: 2, shown: { version: 2, title: 'Reset your password', status: 'published' }, draft: null });
    const versions = (await agent.get(`/v1/knowledge/articles/${a.id}/versions`)).json().items;
    expect(versions.map((v: { version: number; status: string }) => [v.version, v.status])).toEqual([
      [2, 'published'],
      [1, 'superseded'],
    ]);
    const v1 = (await agent.get(`/v1/knowledge/articles/${a.id}/versions/1`)).json();
    expect(v1).toMatchObject({ version: 1, title: article.title, status: 'superseded' });
    expect((await manager.post(`/v1/knowledge/articles/${a.id}/publish`, {})).json().code).toBe('NOTHING_TO_PUBLISH');
  });

  it('a stale If-Match is 412 and a missing one 428, and neither writes', async () => {
    const a = (await agent.post('/v1/knowledge/articles', article)).json();
    expect((await agent.patch(`/v1/knowledge/articles/${a.id}`, { title: 'x' })).statusCode).toBe(428);
    expect((await agent.patch(`/v1/knowledge/articles/${a.id}`, { title: 'x' }, { 'if-match': 'W/"99"' })).statusCode).toBe(412);
    expect((await agent.get(`/v1/knowledge/articles/${a.id}`)).json().shown.title).toBe(article.title);
  });

  it('Markdown with raw HTML and javascript: links renders without script, raw tags or the link', async () => {
    const content = [
      '<script>alert(1)</script>',
      '<img src=x onerror="alert(2)">',
      '[click](javascript:alert(3)) [data](data:text/html;base64,PHNjcmlwdD4=) [ok](https://example.com/help)',
      '<a href="javascript:alert(4)">raw</a>',
    ].join('\n\n');
    const res = await agent.post('/v1/knowledge/articles', { ...article, content });
    expect(res.statusCode).toBe(201);
    const html: string = res.json().shown.contentHtml;
    expect(html).not.toMatch(/<(script|img)\b/i);
    expect(html).not.toMatch(/<[^>]*\bonerror/i);
    expect(html).not.toMatch(/<a[^>]*href="(javascript|data):/i);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('<a href="https://example.com/help" rel="noopener noreferrer">ok</a>');
    expect(res.json().shown.content).toBe(content);
  });

  it('an unknown or malformed language is 400 naming the field, and nothing is written', async () => {
    const before = (await agent.get('/v1/knowledge/articles?limit=100')).json().items.length;
    for (const language of ['xx', 'not a tag', 'en_US_x_1234567890']) {
      const res = await agent.post('/v1/knowledge/articles', { ...article, language });
      expect(res.statusCode, language).toBe(400);
      expect(res.json().field).toBe('body.language');
    }
    expect((await agent.get('/v1/knowledge/articles?limit=100')).json().items.length).toBe(before);
  });

  it('keeps the canonical BCP 47 tag (fr-ca becomes fr-CA, zh-hant zh-Hant)', async () => {
    expect((await agent.post('/v1/knowledge/articles', { ...article, language: 'fr-ca' })).json().shown.language).toBe('fr-CA');
    expect((await agent.post('/v1/knowledge/articles', { ...article, language: 'zh-hant' })).json().shown.language).toBe('zh-Hant');
  });

  it('a missing article is 404 and a version that does not exist too', async () => {
    expect((await agent.get('/v1/knowledge/articles/00000000-0000-4000-8000-000000000000')).json().code).toBe('KNOWLEDGE_ARTICLE_NOT_FOUND');
    const a = (await agent.post('/v1/knowledge/articles', article)).json();
    expect((await agent.get(`/v1/knowledge/articles/${a.id}/versions/7`)).statusCode).toBe(404);
  });
});
