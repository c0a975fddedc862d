import { eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { cases } from '../../db/schema/index.js';
import { notFound } from '../errors.js';
import { rowsOf, jsonValue } from './sql-rows.js';
import { toArray, wordsOf } from './search.js';
import { caseText, detectConfig } from './case-text.js';
import { mostInformative, termFrequencies } from './candidates.js';

/**
 * Other cases like this one. Cases have no language, so their text is indexed as written: `cases.search_vector`
 * is to_tsvector('simple', title and description), a stored generated column with a GIN index (migration
 * 0018), so it follows every write. The query is every significant word of this case (stopwords of its
 * detected language left out) as a prefix: the part a word shares with its stem, so "printers" finds
 * "printer" and "imprimantes" finds "imprimante". Only candidates are ranked: the cases holding one of
 * the PROBE_TERMS most informative prefixes (rare among cases, or in this case's title), PER_TERM each. Resolved cases, cases of
 * the same product and of the same customer rank higher; each comes with its resolution and the
 * articles linked to it.
 */
export interface SimilarCase {
  caseId: string;
  number: string;
  title: string;
  status: string;
  product: string | null;
  productId: string | null;
  accountId: string | null;
  resolvedAt: string | null;
  resolution: string | null;
  score: number;
  why: string[];
  articles: Array<{ articleId: string; number: string; version: number; title: string; resolvesCase: boolean }>;
}

const RESOLVED_FACTOR = 2;
const SAME_PRODUCT_FACTOR = 1.5;
const SAME_CUSTOMER_FACTOR = 1.3;
const MIN_PREFIX = 3;
/** Candidates: the cases holding one of the PROBE_TERMS most informative prefixes, PER_TERM each. */
const PROBE_TERMS = 6;
const PER_TERM = 40;

/** `'print':*`-style terms: each significant word cut to what it shares with its stem; true when a word of `title` gave it. */
async function prefixTerms(db: DbOrTx, text: string, title: string, config: string | null): Promise<Map<string, boolean>> {
  const words = wordsOf(text, 48);
  const titleWords = new Set(wordsOf(title));
  const terms = new Map<string, boolean>();
  if (!words.length) return terms;
  const cfg = config ?? 'simple';
  const rows = rowsOf<{ word: string; stem: string | null }>(
    await db.execute(sql`select w as word, (tsvector_to_array(to_tsvector(${cfg}::regconfig, w)))[1] as stem from unnest(${toArray(words)}::text[]) w`),
  );
  for (const { word, stem } of rows) {
    if (!stem) continue; // a stopword
    let n = 0;
    while (n < word.length && n < stem.length && word[n] === stem[n]) n++;
    const prefix = n >= MIN_PREFIX ? word.slice(0, n) : word;
    if (!/[\\']/.test(prefix)) terms.set(prefix, terms.get(prefix) || titleWords.has(word));
  }
  return terms;
}

export async function similarCases(db: DbOrTx, caseId: string, limit: number): Promise<SimilarCase[]> {
  const [c] = await db.select().from(cases).where(eq(cases.id, caseId));
  if (!c) throw notFound('case', caseId);
  const text = caseText({ title: c.title, description: c.description });
  const config = await detectConfig(db, text);
  const prefixes = await prefixTerms(db, text, c.title, config);
  const terms = [...prefixes.keys()];
  if (!terms.length) return [];
  const frequency = await termFrequencies(db, 'cases', 'search_vector', terms, true);
  const probes = mostInformative(
    terms.map((term) => ({ term, inTitle: prefixes.get(term)!, frequency: frequency.get(term) ?? 0 })),
    PROBE_TERMS,
  );
  const query = terms.map((t) => `'${t}':*`).join(' | ');
  const rows = rowsOf<Record<string, unknown>>(
    await db.execute(sql`
      with q as (select ${query}::tsquery as query),
           candidates as (
             select distinct c.id from (select t from unnest(${toArray(probes)}::text[]) t limit ${probes.length}) p cross join lateral (
               select o.id from cases o where o.search_vector @@ (quote_literal(p.t) || ':*')::tsquery and o.id <> ${c.id}::uuid limit ${PER_TERM}) c),
           top as (
             select o.id, ts_rank(o.search_vector, q.query)
                      * case when o.status = 'resolved' then ${RESOLVED_FACTOR}::float8 else 1 end
                      * case when o.product_id is not null and o.product_id = ${c.productId}::uuid then ${SAME_PRODUCT_FACTOR}::float8 else 1 end
                      * case when o.account_id is not null and o.account_id = ${c.accountId}::uuid then ${SAME_CUSTOMER_FACTOR}::float8 else 1 end as score
               from candidates k join cases o on o.id = k.id, q
              order by score desc, o.number
              limit ${limit})
      select o.id, o.number, o.title, o.status, o.product, o.product_id, o.account_id, to_json(o.resolved_at) #>> '{}' as resolved_at, top.score,
             to_json(array(select unnest(tsvector_to_array(o.search_vector)) intersect select unnest(tsvector_to_array(to_tsvector('simple'::regconfig, ${text}))))) as matched,
             (select r.subject from case_activities r where r.case_id = o.id and r.kind = 'resolution' order by r.occurred_at desc limit 1) as resolution,
             (select coalesce(json_agg(json_build_object('articleId', l.article_id, 'number', a.number, 'version', l.article_version,
                                                        'title', v.title, 'resolvesCase', l.resolves_case) order by l.resolves_case desc, l.created_at), '[]'::json)
                from knowledge_links l join knowledge_articles a on a.id = l.article_id
                join knowledge_article_versions v on v.article_id = l.article_id and v.version = l.article_version
               where l.case_id = o.id) as articles
        from top join cases o on o.id = top.id
       order by top.score desc, o.number`),
  );
  return rows.map((r) => ({
    caseId: String(r.id),
    number: String(r.number),
    title: String(r.title),
    status: String(r.status),
    product: (r.product as string | null) ?? null,
    productId: (r.product_id as string | null) ?? null,
    accountId: (r.account_id as string | null) ?? null,
    resolvedAt: (r.resolved_at as string | null) ?? null,
    resolution: (r.resolution as string | null) ?? null,
    score: Math.round(Number(r.score) * 10000) / 10000,
    why: jsonValue<string[]>(r.matched),
    articles: jsonValue<SimilarCase['articles']>(r.articles),
  }));
}
