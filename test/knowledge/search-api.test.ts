import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';
import { client, type Client } from '../cases/api-helpers.js';
import { publishedArticle } from './support.js';

let t: TestApp;
let agent: Client;
let manager: Client;
const ids: Record<string, string> = {};
beforeAll(async () => {
  t = await createTestApp();
  agent = client(t, await t.keyFor('agent'));
  manager = client(t, await t.keyFor('manager'));
  const articles = {
    printer: { title: 'Printer does not print', keywords: ['paper jam', 'toner'], content: 'Open the front cover and remove the jammed paper. Check the toner cartridge.' },
    toner: { title: 'Ordering supplies', keywords: ['cartridges'], content: 'Toner and drum units can be ordered from the portal. A printer needs its own model of toner.' },
    vpn: { title: 'VPN connection drops every hour', keywords: ['vpn', 'tunnel', 'disconnect'], content: 'Renew the certificate and update the client to 4.2.' },
    imprimante: { title: "L'imprimante n'imprime plus", keywords: ['bourrage papier'], content: 'Ouvrez le capot avant et retirez le papier coincé. Vérifiez les cartouches.', language: 'fr' },
    chinese: { title: '无法连接打印机', keywords: ['打印机'], content: '请检查网线。', language: 'zh' },
  };
  for (const [name, body] of Object.entries(articles)) ids[name] = (await publishedArticle(agent, manager, body)).id;
  ids.draft = (await agent.post('/v1/knowledge/articles', { title: 'Printer firmware draft', content: 'Not yet', language: 'en' })).json().id;
  const expired = await publishedArticle(agent, manager, { title: 'Printer recall 2019', content: 'Old printer recall', expiresAt: '2020-01-01T00:00:00Z' });
  ids.expired = expired.id;
});
afterAll(async () => t.close());

type Hit = { articleId: string; number: string; title: string; snippet: string; why: string[]; score: number; version: number };
const search = async (query: string, key = agent) => {
  const res = await key.get(`/v1/knowledge/search?${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { items: Hit[]; method: string };
};

describe('GET /v1/knowledge/search', () => {
  it('ranks a title match above a content-only match, stems words (printing finds print) and highlights them', async () => {
    const { items, method } = await search('q=printer');
    expect(method).toBe('fulltext');
    expect(items[0]!.articleId).toBe(ids.printer);
    expect(items.findIndex((h) => h.articleId === ids.toner)).toBeGreaterThan(0);
    expect(items[0]!.why).toEqual(['printer']);
    const stemmed = await search('q=printing');
    expect(stemmed.items.map((h) => h.articleId)).toEqual([ids.printer]);
    expect(stemmed.items[0]!.why).toEqual(['printing']);
    expect((await search('q=jam')).items[0]!.snippet).toContain('<mark>jammed</mark> paper');
  });

  it('ranks a keyword match above a content match', async () => {
    const { items } = await search('q=cartridges');
    expect(items[0]!.articleId).toBe(ids.toner);
  });

  it('follows websearch syntax: a quoted phrase and an excluded word', async () => {
    expect((await search('q=' + encodeURIComponent('"front cover"'))).items.map((h) => h.articleId)).toEqual([ids.printer]);
    const withoutToner = (await search('q=' + encodeURIComponent('printer -toner'))).items.map((h) => h.articleId);
    expect(withoutToner).not.toContain(ids.printer);
    expect(withoutToner).not.toContain(ids.toner);
  });

  it('stems French articles in French, and the language filter keeps to that language', async () => {
    const { items } = await search('q=imprimantes&language=fr');
    expect(items.map((h) => h.articleId)).toEqual([ids.imprimante]);
    expect((await search('q=printer&language=fr')).items.every((h) => h.articleId === ids.imprimante)).toBe(true);
    expect((await search('q=imprimantes&language=en')).items.map((h) => h.articleId)).not.toContain(ids.imprimante);
  });

  it('finds a Chinese article by its words with the simple configuration', async () => {
    expect((await search('q=' + encodeURIComponent('无法连接打印机'))).items.map((h) => h.articleId)).toContain(ids.chinese);
  });

  it('falls back to trigram similarity for a typo', async () => {
    const { items, method } = await search('q=pritner');
    expect(method).toBe('trigram');
    expect(items[0]!.articleId).toBe(ids.printer);
  });

  it('leaves out drafts and expired articles for agents; managers may search drafts', async () => {
    const ids_ = (await search('q=printer&limit=50')).items.map((h) => h.articleId);
    expect(ids_).not.toContain(ids.draft);
    expect(ids_).not.toContain(ids.expired);
    expect((await agent.get('/v1/knowledge/search?q=printer&status=draft')).statusCode).toBe(403);
    expect((await search('q=firmware&status=draft', manager)).items.map((h) => h.articleId)).toEqual([ids.draft]);
  });

  it('answers bad queries with a clear 400 and odd ones safely, never a 500', async () => {
    for (const q of ['', '   ', 'x'.repeat(2000)]) {
      const res = await agent.get(`/v1/knowledge/search?q=${encodeURIComponent(q)}`);
      expect(res.statusCode, q.slice(0, 10)).toBe(400);
      expect(res.json().code).toBe('VALIDATION_FAILED');
    }
    for (const q of ['"unbalanced', 'or or or', '-', '!(&|:*', "it's <b>", 'the', '\\', "'"]) {
      const res = await agent.get(`/v1/knowledge/search?q=${encodeURIComponent(q)}`);
      expect(res.statusCode, q).toBe(200);
    }
    expect((await agent.get('/v1/knowledge/search?q=printer&language=xx')).json()).toMatchObject({ code: 'VALIDATION_FAILED', field: 'querystring.language' });
  });

  it('never passes stored HTML through in snippets', async () => {
    await publishedArticle(agent, manager, { title: 'Script tags in signatures', content: 'A signature with <script>alert(1)</script> is shown as text.' });
    const { items } = await search('q=signature');
    expect(items[0]!.snippet).not.toContain('<script>');
    expect(items[0]!.snippet.replace(/<\/?mark>/g, '')).not.toMatch(/[<>]/);
  });
});
