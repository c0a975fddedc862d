import { eq, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client.js';
import { cases } from '../../db/schema/index.js';
import { notFound } from '../errors.js';
import { mostInformative, presentConfigs, termFrequencies, type WeightedTerm } from './candidates.js';
import { rowsOf } from './sql-rows.js';
import { hitColumns, stemsOfWords, toArray, toHit, versionFilter, wordsOf, type SearchHit } from './search.js';
import { caseText, detectConfig } from './case-text.js';

/**
 * Articles for a case, from its own title, description and product: the case's significant words
 * (stemmed in each configuration that has articles; at most MAX_TERMS, the most informative) are the
 * alternatives of one OR query, so an article ranks by how many of them it has and where (title above
 * keywords above content). Only candidates are ranked: the articles holding one of the most informative
 * words (rare in the base, or in the case's title) in their title or keywords, or one of the two most
 * informative anywhere, PER_TERM each from the GIN indexes. Articles in the case's
 * language (detected from its stopwords) rank above others; articles of the case's product above
 * others. Expired, draft and archived articles are never suggested. Each suggestion is counted.
 */
export interface Suggestions {
  items: SearchHit[];
  /** The text the query was built from. */
  query: string;
  language: string | null;
}

const MAX_TERMS = 32;
/**
 * Candidates come from the case's most informative terms, at most PER_TERM articles each: the PROBE_TERMS
 * best in titles and keywords (a small index), the WHOLE_PROBE_TERMS best anywhere in the article.
 */
const PROBE_TERMS = 6;
const WHOLE_PROBE_TERMS = 2;
/** In another language than the case's (its articles rank at half): they are probed with fewer terms. */
const OTHER_PROBE_TERMS = 2;
const PER_TERM = 30;
const OTHER_LANGUAGE_FACTOR = 0.5;
const SAME_PRODUCT_FACTOR = 1.5;

interface ConfigTerms {
  cfg: string;
  /** Every term (at most MAX_TERMS), OR-ed: what ts_rank scores the candidates with. */
  query: string;
  /** The terms whose matches in titles and keywords are candidates. */
  probes: string[];
  /** The terms whose matches anywhere are candidates. */
  whole: string[];
}

const literal = (lexeme: string) => `'${lexeme.replace(/'/g, "''")}'`;

/** The case's lexemes in each configuration that has published articles, and which to probe the index with. */
async function caseTerms(db: DbOrTx, title: string, text: string, detecting: Promise<string | null>): Promise<ConfigTerms[]> {
  const rows = rowsOf<{ cfg: string; lexeme: string; in_title: boolean }>(
    await db.execute(sql`
      select p.cfg, l as lexeme, l = any(tsvector_to_array(to_tsvector(p.cfg::regconfig, ${title}))) as in_title
        from (${presentConfigs('published')}) p, unnest(tsvector_to_array(to_tsvector(p.cfg::regconfig, ${text}))) l
       where strpos(l, E'\\\\') = 0`),
  );
  const frequency = await termFrequencies(db, 'knowledge_article_versions', 'search_vector', [...new Set(rows.map((r) => r.lexeme))], false);
  const detected = await detecting;
  const byConfig = new Map<string, WeightedTerm[]>();
  for (const r of rows) {
    const list = byConfig.get(r.cfg) ?? [];
    list.push({ term: r.lexeme, inTitle: r.in_title, frequency: frequency.get(r.lexeme) ?? 0 });
    byConfig.set(r.cfg, list);
  }
  return [...byConfig].map(([cfg, terms]) => ({
    cfg,
    query: mostInformative(terms, MAX_TERMS).map(literal).join(' | '),
    probes: mostInformative(terms, !detected || cfg === detected ? PROBE_TERMS : OTHER_PROBE_TERMS).map(literal),
    whole: !detected || cfg === detected ? mostInformative(terms, WHOLE_PROBE_TERMS).map(literal) : [],
  }));
}

export async function suggestArticles(db: Db, caseId: string, options: { limit: number; now: Date; record: boolean }): Promise<Suggestions> {
  const [c] = await db.select().from(cases).where(eq(cases.id, caseId));
  if (!c) throw notFound('case', caseId);
  const text = caseText(c);
  // Independent round trips go together (the pool has several connections).
  const detecting = detectConfig(db, text);
  const [detected, terms] = await Promise.all([detecting, caseTerms(db, c.title, text, detecting)]);
  const stemming = stemsOfWords(db, wordsOf(text), terms.map((t) => t.cfg));
  stemming.catch(() => undefined); // awaited below; a failure of the main query first must not leave it unhandled
  const productId = c.productId;
  const where = versionFilter({ status: 'published', now: options.now, excludeExpired: true });
  const languageFactor = detected ? sql`case when v.search_config = ${detected} then 1.0 else ${OTHER_LANGUAGE_FACTOR}::float8 end` : sql`1.0`;
  const productFactor = productId ? sql`case when v.product_id = ${productId} then ${SAME_PRODUCT_FACTOR}::float8 else 1.0 end` : sql`1.0`;
  // The probes' limit is their exact number: the planner would otherwise cost 1,000 probes, and compile with JIT.
  const rows = !terms.length
    ? []
    : rowsOf<Parameters<typeof toHit>[0]>(
        await db.execute(sql`
      with q as (select cfg, query::tsquery as query, probes, whole from json_to_recordset(${JSON.stringify(terms)}::json) as q(cfg text, query text, probes text[], whole text[])),
           candidates as (
             select distinct c.id
               from (select q.cfg, t, false as whole from q, unnest(q.probes) t
                     union all select q.cfg, t, true from q, unnest(q.whole) t limit ${terms.reduce((n, t) => n + t.probes.length + t.whole.length, 0)}) p
              cross join lateral (
                (select v.id from knowledge_article_versions v
                  where not p.whole and ts_filter(v.search_vector, '{a,b}') @@ p.t::tsquery and (v.search_config = p.cfg) is true and ${where} limit ${PER_TERM})
                union all
                (select v.id from knowledge_article_versions v
                  where p.whole and v.search_vector @@ p.t::tsquery and (v.search_config = p.cfg) is true and ${where} limit ${PER_TERM})) c),
           top as (
             select v.id, q.query, ts_rank('{0.1, 0.2, 0.4, 1.0}', v.search_vector, q.query) * ${languageFactor} * ${productFactor} as score, a.number
               from candidates c
               join knowledge_article_versions v on v.id = c.id
               join q on q.cfg = v.search_config
               join knowledge_articles a on a.id = v.article_id
              order by score desc, a.number
              limit ${options.limit})
      select ${hitColumns(sql`top.query`, sql`top.score`, sql`to_tsvector(v.search_config::regconfig, ${text})`)}
        from top
        join knowledge_article_versions v on v.id = top.id
        join knowledge_articles a on a.id = v.article_id
       order by top.score desc, top.number`),
      );
  const stems = await stemming;
  const items = rows.map((r) => toHit(r, stems));
  if (options.record && items.length) await recordSuggested(db, caseId, items.map((i) => i.articleId), options.now);
  return { items, query: text, language: detected };
}

async function recordSuggested(db: DbOrTx, caseId: string, articleIds: string[], now: Date): Promise<void> {
  await db.execute(sql`
    insert into knowledge_suggestions (case_id, article_id, first_at, last_at)
    select ${caseId}::uuid, a, ${now.toISOString()}::timestamptz, ${now.toISOString()}::timestamptz from unnest(${toArray(articleIds)}::uuid[]) a
    on conflict (case_id, article_id) do update set times = knowledge_suggestions.times + 1, last_at = excluded.last_at`);
}
