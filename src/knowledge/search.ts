import { sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { parseLanguage, searchConfigs } from './languages.js';
import { HEADLINE_OPTIONS, snippetHtml } from './snippets.js';
import { rowsOf } from './sql-rows.js';
import { presentConfigs } from './candidates.js';
import { invalidField } from '../errors.js';
import type { ArticleVersionStatus } from '../../db/schema/index.js';

/**
 * Full-text search over article versions, in PostgreSQL (identical on PGlite): each article's weighted
 * tsvector (title A, keywords B, content C) is stored, built in its own language only; the query is parsed
 * with `websearch_to_tsquery` once per configuration that has articles (all, or the asked language's),
 * and matched only against that configuration's articles. At most CANDIDATES (50) matches per configuration
 * from each GIN index (title and keywords; whole document) are ranked with ts_rank: all of them unless
 * a word is common, then title matches are among them. Only the page's rows get a ts_headline snippet.
 * When full text finds nothing (a typo, or only stopwords) trigram similarity over title and keywords
 * answers instead (trigramSearch).
 */
export type SearchStatus = 'published' | 'draft' | 'archived';

export interface SearchFilter {
  language?: string;
  productId?: string;
  status: SearchStatus;
  limit: number;
  now: Date;
  /** Leave out expired articles (suggestions always do). */
  excludeExpired: boolean;
}

export interface SearchHit {
  articleId: string;
  number: string;
  version: number;
  title: string;
  language: string;
  productId: string | null;
  status: ArticleVersionStatus;
  keywords: string[];
  expiresAt: string | null;
  snippet: string;
  score: number;
  /** The words of the query this article matched. */
  why: string[];
}

export interface SearchResult {
  items: SearchHit[];
  method: 'fulltext' | 'trigram' | 'none';
}

export const MAX_QUERY_LENGTH = 500;
const TRIGRAM_THRESHOLD = 0.3;

/** The words of a text (letters and digits), lower-cased, each once, at most `max`. */
export function wordsOf(text: string, max = 64): string[] {
  const words = new Set<string>();
  for (const m of text.toLowerCase().matchAll(/[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu)) {
    if (m[0].length <= 60) words.add(m[0]);
    if (words.size >= max) break;
  }
  return [...words];
}

export function configsFor(language: string | undefined, field: string): string[] {
  return language === undefined ? searchConfigs : [parseLanguage(language, field).config];
}

export function checkQuery(q: string, field = 'querystring.q'): string {
  const text = q.trim();
  if (!text) throw invalidField(field, 'must contain at least one word');
  if (text.length > MAX_QUERY_LENGTH) throw invalidField(field, `must be at most ${MAX_QUERY_LENGTH} characters (got ${text.length})`);
  return text;
}

/** The version filters shared by search and suggestions. */
export function versionFilter(filter: Pick<SearchFilter, 'language' | 'productId' | 'status' | 'now' | 'excludeExpired'>): SQL {
  const parts: SQL[] = [sql`v.status = ${filter.status}`];
  if (filter.language !== undefined) parts.push(sql`v.language_base = ${parseLanguage(filter.language, 'querystring.language').base}`);
  if (filter.productId !== undefined) parts.push(sql`v.product_id = ${filter.productId}`);
  if (filter.excludeExpired) parts.push(sql`(v.expires_at is null or v.expires_at > ${filter.now.toISOString()}::timestamptz)`);
  return sql.join(parts, sql` and `);
}

interface HitRow {
  article_id: string;
  number: string;
  version: number;
  title: string;
  language: string;
  product_id: string | null;
  status: string;
  keywords: unknown;
  expires_at: string | null;
  headline: string;
  score: number;
  matched: string[] | string | null;
  search_config: string;
}

/** Maps matched lexemes back to the words the user typed (per configuration: stemming differs). */
export async function stemsOfWords(db: DbOrTx, words: string[], configs: string[]): Promise<Map<string, Map<string, string>>> {
  const byConfig = new Map<string, Map<string, string>>();
  if (!words.length) return byConfig;
  const rows = rowsOf<{ cfg: string; word: string; lexemes: string[] | string }>(
    await db.execute(sql`select c as cfg, w as word, to_json(tsvector_to_array(to_tsvector(c::regconfig, w))) as lexemes
      from unnest(${toArray(configs)}::text[]) c, unnest(${toArray(words)}::text[]) w`),
  );
  for (const r of rows) {
    const lexemes = typeof r.lexemes === 'string' ? (JSON.parse(r.lexemes) as string[]) : r.lexemes;
    let map = byConfig.get(r.cfg);
    if (!map) byConfig.set(r.cfg, (map = new Map()));
    for (const l of lexemes) if (!map.has(l)) map.set(l, r.word);
  }
  return byConfig;
}

/** A text[] parameter that both drivers bind the same way: a PostgreSQL array literal. */
export function toArray(values: string[]): string {
  return `{${values.map((v) => `"${v.replace(/["\\]/g, (c) => `\\${c}`)}"`).join(',')}}`;
}

export function toHit(r: HitRow, stems: Map<string, Map<string, string>>): SearchHit {
  const matched = typeof r.matched === 'string' ? (JSON.parse(r.matched) as string[]) : (r.matched ?? []);
  const words = stems.get(r.search_config);
  return {
    articleId: r.article_id,
    number: r.number,
    version: Number(r.version),
    title: r.title,
    language: r.language,
    productId: r.product_id,
    status: r.status as ArticleVersionStatus,
    keywords: typeof r.keywords === 'string' ? (JSON.parse(r.keywords) as string[]) : (r.keywords as string[]),
    expiresAt: r.expires_at,
    snippet: snippetHtml(r.headline ?? ''),
    score: Math.round(Number(r.score) * 10000) / 10000,
    why: [...new Set(matched.map((l) => words?.get(l) ?? l))],
  };
}

/**
 * The columns of a hit: `query` is the tsquery (per row) the snippet highlights, `asked` the tsvector of
 * what was asked, whose lexemes the article shares are its matched terms.
 */
export function hitColumns(query: SQL, score: SQL, asked: SQL): SQL {
  return sql`v.article_id, a.number, v.version, v.title, v.language, v.product_id, v.status, v.keywords,
    to_json(v.expires_at) #>> '{}' as expires_at, v.search_config, ${score} as score,
    ts_headline(v.search_config::regconfig, translate(v.content, E'\\u0002\\u0003', '  '), ${query}, ${HEADLINE_OPTIONS}) as headline,
    to_json(array(select unnest(tsvector_to_array(v.search_vector)) intersect select unnest(tsvector_to_array(${asked})))) as matched`;
}

/** At most this many matches per configuration are ranked from each index (title and keywords; whole document). */
const CANDIDATES = 50;

export async function searchArticles(db: DbOrTx, q: string, filter: SearchFilter): Promise<SearchResult> {
  const text = checkQuery(q);
  const configs = configsFor(filter.language, 'querystring.language');
  const where = versionFilter(filter);
  // Candidates first (bounded, from the GIN indexes), ts_rank over those, ts_headline for the page only. The config
  // test is written "is true" so it is no index condition: ANDing the GIN bitmap with the config index's costs more.
  const fulltext = rowsOf<HitRow>(
    await db.execute(sql`
      with q as (select cfg, websearch_to_tsquery(cfg::regconfig, ${text}) as query
                   from (${presentConfigs(filter.status)}) p where cfg = any(${toArray(configs)}::text[]) limit ${configs.length}),
           candidates as (
             select distinct c.id from q cross join lateral (
               (select v.id from knowledge_article_versions v
                 where ts_filter(v.search_vector, '{a,b}') @@ q.query and (v.search_config = q.cfg) is true and ${where} limit ${CANDIDATES})
               union all
               (select v.id from knowledge_article_versions v
                 where v.search_vector @@ q.query and (v.search_config = q.cfg) is true and ${where} limit ${CANDIDATES})) c
             where numnode(q.query) > 0),
           top as (
             select v.id, q.query, ts_rank('{0.1, 0.2, 0.4, 1.0}', v.search_vector, q.query, 1) as score, a.number
               from candidates c
               join knowledge_article_versions v on v.id = c.id
               join q on q.cfg = v.search_config
               join knowledge_articles a on a.id = v.article_id
              order by score desc, a.number
              limit ${filter.limit})
      select ${hitColumns(sql`top.query`, sql`top.score`, sql`to_tsvector(v.search_config::regconfig, ${text})`)}
        from top
        join knowledge_article_versions v on v.id = top.id
        join knowledge_articles a on a.id = v.article_id
       order by top.score desc, top.number`),
  );
  if (fulltext.length) {
    const stems = await stemsOfWords(db, wordsOf(text), [...new Set(fulltext.map((r) => r.search_config))]);
    return { items: fulltext.map((r) => toHit(r, stems)), method: 'fulltext' };
  }
  // A phrase or an excluded word asks for exactly that: closest spellings would answer another question.
  if (/"|(^|\s)-\S/.test(text)) return { items: [], method: 'none' };
  const similar = await trigramSearch(db, text, where, filter.limit);
  return { items: similar, method: similar.length ? 'trigram' : 'none' };
}

/**
 * The longest PROBED_WORDS words of a misspelt query are looked up among the words of titles and keywords
 * (knowledge_words), NEAR_WORDS closest words in all.
 */
const PROBED_WORDS = 4;
const NEAR_WORDS = 6;
const CANDIDATES_PER_NEAR_WORD = 30;

/**
 * The typo fallback: the query's closest known words (trigram similarity over knowledge_words, a few
 * thousand rows rather than every article) give the candidates, the articles whose title or keywords hold
 * one; those the whole query is word-similar to (`<%`) rank by word_similarity.
 */
async function trigramSearch(db: DbOrTx, text: string, where: SQL, limit: number): Promise<SearchHit[]> {
  const words = wordsOf(text);
  const probes = words.filter((w) => w.length >= 3).sort((a, b) => b.length - a.length).slice(0, PROBED_WORDS);
  if (!probes.length) return [];
  const nearPerWord = Math.max(1, Math.floor(NEAR_WORDS / probes.length));
  const rows = await db.transaction(async (tx) => {
    await tx.execute(sql`select set_config('pg_trgm.word_similarity_threshold', ${String(TRIGRAM_THRESHOLD)}, true),
      set_config('pg_trgm.similarity_threshold', ${String(TRIGRAM_THRESHOLD)}, true)`);
    return rowsOf<HitRow>(
      await tx.execute(sql`
        with near as (
               select distinct n.word from (select w from unnest(${toArray(probes)}::text[]) w limit ${probes.length}) q cross join lateral (
                 select k.word from knowledge_words k where k.word % q.w order by similarity(k.word, q.w) desc, k.word limit ${nearPerWord}) n),
             candidates as (
               select distinct c.id from near cross join lateral (
                 select v.id from knowledge_article_versions v
                  where v.search_text ilike '%' || near.word || '%' and ${where} limit ${CANDIDATES_PER_NEAR_WORD}) c)
        select v.article_id, a.number, v.version, v.title, v.language, v.product_id, v.status, v.keywords,
               to_json(v.expires_at) #>> '{}' as expires_at, v.search_config,
               word_similarity(${text}, v.search_text) as score,
               left(v.content, 200) as headline, null as matched
          from candidates c
          join knowledge_article_versions v on v.id = c.id
          join knowledge_articles a on a.id = v.article_id
         where ${text} <% v.search_text
         order by score desc, a.number
         limit ${limit}`),
    );
  });
  return rows.map((r) => ({ ...toHit(r, new Map()), why: words }));
}
