/**
 * Generated volume for the knowledge speed benchmark, written straight into the tables (not through the
 * API: 100,000 articles through HTTP would take longer than the measurement). Text is drawn from the
 * relevance fixture's own words, with their natural frequencies, so that terms are as common or as rare
 * as in real articles; the search document is built by PostgreSQL with the same weights the service
 * uses (title A, keywords B, content C, in the article's language). Seeded: every run writes the same.
 */
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import type { KnowledgeFixture } from '../../test/fixtures/knowledge/fixture.js';

const CONFIG: Record<string, string> = { en: 'english', fr: 'french' };
const BATCH = 2000;

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const tokens = (text: string) => text.match(/[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu) ?? [];

export interface Vocabulary {
  words: Record<string, string[]>;
  products: string[];
}

export function vocabulary(fixture: KnowledgeFixture): Vocabulary {
  const words: Record<string, string[]> = { en: [], fr: [] };
  for (const a of fixture.articles) words[a.language]!.push(...tokens(`${a.title} ${a.keywords.join(' ')} ${a.content}`));
  for (const c of [...fixture.cases, ...fixture.resolved]) words[c.language]!.push(...tokens(`${c.title} ${c.description}`));
  const products = [...new Set(fixture.articles.map((a) => a.product).filter((p): p is string => !!p))];
  return { words, products };
}

function phrase(random: () => number, words: string[], min: number, max: number): string {
  const n = min + Math.floor(random() * (max - min + 1));
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(words[Math.floor(random() * words.length)]!);
  return out.join(' ');
}

const languageOf = (i: number) => (i % 5 < 3 ? 'en' : 'fr');

/** `count` published articles numbered KA-1000001...; calls `progress` after each batch. */
export async function generateArticles(db: DbOrTx, vocab: Vocabulary, count: number, progress: (done: number) => void): Promise<void> {
  const random = mulberry32(1);
  for (let from = 0; from < count; from += BATCH) {
    const batch = [];
    for (let i = from; i < Math.min(count, from + BATCH); i++) {
      const language = languageOf(i);
      const words = vocab.words[language]!;
      batch.push({
        n: 1_000_001 + i,
        lang: language,
        cfg: CONFIG[language],
        title: phrase(random, words, 4, 9),
        kw: phrase(random, words, 2, 5),
        content: phrase(random, words, 40, 140),
      });
    }
    await db.execute(sql`
      with x as (select * from json_to_recordset(${JSON.stringify(batch)}::json) as x(n int, lang text, cfg text, title text, kw text, content text)),
           a as (insert into knowledge_articles (number, status, published_version, latest_version)
                 select 'KA-' || x.n, 'published', 1, 1 from x returning id, number)
      insert into knowledge_article_versions
             (article_id, version, status, title, content, content_html, keywords, language, language_base, search_config,
              search_vector, search_text, published_at)
      select a.id, 1, 'published', x.title, x.content, x.content, to_jsonb(string_to_array(x.kw, ' ')), x.lang, x.lang, x.cfg,
             setweight(to_tsvector(x.cfg::regconfig, x.title), 'A') || setweight(to_tsvector(x.cfg::regconfig, x.kw), 'B')
               || setweight(to_tsvector(x.cfg::regconfig, x.content), 'C'),
             x.title || ' ' || x.kw, now()
        from x join a on a.number = 'KA-' || x.n`);
    progress(Math.min(count, from + BATCH));
  }
}

/** `count` cases numbered CAS-1000001..., every other one resolved, with a product from the fixture's. */
export async function generateCases(db: DbOrTx, vocab: Vocabulary, count: number, progress: (done: number) => void): Promise<void> {
  const random = mulberry32(2);
  for (let from = 0; from < count; from += BATCH) {
    const batch = [];
    for (let i = from; i < Math.min(count, from + BATCH); i++) {
      const words = vocab.words[languageOf(i)]!;
      batch.push({
        n: 1_000_001 + i,
        title: phrase(random, words, 3, 8),
        description: phrase(random, words, 10, 60),
        product: i % 4 === 0 ? null : vocab.products[i % vocab.products.length],
        resolved: i % 2 === 0,
      });
    }
    await db.execute(sql`
      insert into cases (number, title, description, origin, product, status, resolved_at)
      select 'CAS-' || x.n, x.title, x.description, 'email', x.product,
             case when x.resolved then 'resolved' else 'in_progress' end, case when x.resolved then now() end
        from json_to_recordset(${JSON.stringify(batch)}::json) as x(n int, title text, description text, product text, resolved boolean)`);
    progress(Math.min(count, from + BATCH));
  }
}
