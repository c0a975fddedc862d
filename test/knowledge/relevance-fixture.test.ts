import { describe, expect, it } from 'vitest';
import { loadKnowledgeFixture } from '../fixtures/knowledge/fixture.js';

const fixture = loadKnowledgeFixture();
const articles = new Map(fixture.articles.map((a) => [a.id, a]));
const resolved = new Map(fixture.resolved.map((r) => [r.id, r]));
const share = (items: { language: string }[], language: string) => items.filter((i) => i.language === language).length / items.length;

describe('knowledge relevance fixture', () => {
  it('has at least 200 articles, 60 case texts and resolved cases, with unique ids', () => {
    expect(fixture.articles.length).toBeGreaterThanOrEqual(200);
    expect(fixture.cases.length).toBeGreaterThanOrEqual(60);
    expect(fixture.resolved.length).toBeGreaterThanOrEqual(60);
    const ids = [...fixture.articles, ...fixture.cases, ...fixture.resolved].map((x) => x.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('holds a real share of English and of French in each part', () => {
    for (const part of [fixture.articles, fixture.cases, fixture.resolved]) {
      expect(share(part, 'en')).toBeGreaterThanOrEqual(0.3);
      expect(share(part, 'fr')).toBeGreaterThanOrEqual(0.3);
      expect(share(part, 'en') + share(part, 'fr')).toBe(1);
    }
  });

  it('judges every case against existing articles and resolved cases of its own language', () => {
    for (const c of fixture.cases) {
      expect(c.articles.length, c.id).toBeGreaterThan(0);
      expect(c.similar.length, c.id).toBeGreaterThan(0);
      expect(c.articles.some((j) => j.grade === 2), `${c.id} has a best answer`).toBe(true);
      for (const j of c.articles) {
        expect(articles.get(j.id)?.language, `${c.id} → ${j.id}`).toBe(c.language);
        expect([1, 2]).toContain(j.grade);
      }
      for (const j of c.similar) expect(resolved.get(j.id)?.language, `${c.id} → ${j.id}`).toBe(c.language);
    }
  });

  it('links every resolved case to existing articles', () => {
    for (const r of fixture.resolved) {
      expect(r.resolution.length, r.id).toBeGreaterThan(0);
      expect(r.linkedArticles.length, r.id).toBeGreaterThan(0);
      for (const id of r.linkedArticles) expect(articles.has(id), `${r.id} → ${id}`).toBe(true);
    }
  });

  it('gives every article a title, content and keywords, and no case text copies a judged article title', () => {
    for (const a of fixture.articles) {
      expect(a.title.length, a.id).toBeGreaterThan(0);
      expect(a.content.length, a.id).toBeGreaterThan(80);
      expect(a.keywords.length, a.id).toBeGreaterThan(0);
    }
    for (const c of fixture.cases) {
      for (const j of c.articles) expect(c.title.toLowerCase(), c.id).not.toBe(articles.get(j.id)!.title.toLowerCase());
    }
  });
});
