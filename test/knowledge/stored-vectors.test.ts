import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../support/app.js';
import { client, newCase, type Client } from '../cases/api-helpers.js';
import { rowsOf } from '../../src/knowledge/sql-rows.js';
import { publishedArticle } from './support.js';

let t: TestApp;
let agent: Client;
let manager: Client;
const ids: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestApp();
  agent = client(t, await t.keyFor('agent'));
  manager = client(t, await t.keyFor('manager'));
  ids.thermostat = (await publishedArticle(agent, manager, { title: 'Thermostat calibration drifts', keywords: ['thermostat', 'calibration'], content: 'Recalibrate the thermostat from the settings menu, then wait ten minutes.' })).id;
  ids.drucker = (await publishedArticle(agent, manager, { title: 'Der Drucker druckt nicht', keywords: ['Papierstau'], content: 'Öffnen Sie die Klappe und entfernen Sie das Papier.', language: 'de' })).id;
  ids.badge = (await publishedArticle(agent, manager, { title: 'Badge reader refuses cards', keywords: ['badge', 'reader'], content: 'Clean the badge reader contacts.' })).id;
});
afterAll(async () => t.close());

const caseVector = async (id: string) =>
  rowsOf<{ v: string }>(await t.database.db.execute(sql`select search_vector::text as v from cases where id = ${id}::uuid`))[0]!.v;
const similarIds = async (id: string) => ((await agent.get(`/v1/cases/${id}/similar`)).json().items as Array<{ caseId: string }>).map((i) => i.caseId);

describe('the stored case vector (similar cases)', () => {
  it('is written with the case and follows a change of its title, so similar cases see the new words only', async () => {
    const changed = await newCase(agent, { title: 'Printer jam on floor two', description: 'paper stuck' });
    expect(await caseVector(changed.id)).toContain("'printer'");
    const probe = await newCase(agent, { title: 'Badge reader broken', description: 'the badge reader refuses every card' });
    expect(await similarIds(probe.id)).not.toContain(changed.id);

    const current = await agent.get(`/v1/cases/${changed.id}`);
    const patched = await agent.patch(`/v1/cases/${changed.id}`, { title: 'Badge reader dead at the entrance' }, { 'if-match': current.headers.etag as string });
    expect(patched.statusCode, patched.body).toBe(200);
    const vector = await caseVector(changed.id);
    expect(vector).toContain("'badge'");
    expect(vector).not.toContain("'printer'");
    expect(await similarIds(probe.id)).toContain(changed.id);
  });
});

describe('search with one configuration per article', () => {
  it('finds an article in a language no query names, stemmed in its own language', async () => {
    const res = await agent.get(`/v1/knowledge/search?q=${encodeURIComponent('Drucker druckt')}`);
    expect(res.json().method).toBe('fulltext');
    expect(res.json().items.map((i: { articleId: string }) => i.articleId)).toEqual([ids.drucker]);
    const english = await agent.get(`/v1/knowledge/search?q=${encodeURIComponent('Drucker druckt')}&language=en`);
    expect(english.json().items.map((i: { articleId: string }) => i.articleId)).not.toContain(ids.drucker);
  });

  it('corrects a misspelt word from the words of titles and keywords written after the migration', async () => {
    const res = await agent.get('/v1/knowledge/search?q=thermostta');
    expect(res.json().method).toBe('trigram');
    expect(res.json().items[0].articleId).toBe(ids.thermostat);
    const learnt = rowsOf<{ word: string }>(await t.database.db.execute(sql`select word from knowledge_words where word in ('thermostat', 'calibration', 'drucker')`));
    expect(learnt.map((r) => r.word).sort()).toEqual(['calibration', 'drucker', 'thermostat']);
  });
});

describe('suggestions from a long case text', () => {
  it('still ranks the article of the case’s title first when the description has far more words than are probed', async () => {
    const filler = Array.from({ length: 120 }, (_, i) => `word${i}`).join(' ');
    const c = await newCase(agent, { title: 'Thermostat calibration keeps drifting', description: `${filler} and the readings are wrong` });
    const items = (await agent.get(`/v1/cases/${c.id}/knowledge/suggestions`)).json().items as Array<{ articleId: string; why: string[]; snippet: string }>;
    expect(items[0]!.articleId).toBe(ids.thermostat);
    expect(items[0]!.why).toEqual(expect.arrayContaining(['thermostat', 'calibration']));
    expect(items[0]!.snippet).toContain('<mark>');
  });
});
