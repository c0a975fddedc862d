import { eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { cases } from '../../db/schema/index.js';
import { notFound } from '../errors.js';
import { rowsOf, jsonValue } from './sql-rows.js';
import { toArray, wordsOf } from './search.js';
import { caseText, detectConfig } from './case-text.js';

/**
 * Other cases like this one. Cases have no language, so their text is indexed as written (`simple`,
 * an expression GIN index on title and description, migration 0013); the query is every significant word
 * of this case (stopwords of its detected language left out) as a prefix: the part a word shares with
 * its stem, so "printers" finds "printer" and "imprimantes" finds "imprimante". Resolved cases, cases of
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

/** `'print':*`-style terms: each significant word cut to what it shares with its stem. */
async function prefixTerms(db: DbOrTx, text: string, config: string | null): Promise<string[]> {
  const words = wordsOf(text, 48);
  if (!words.length) return [];
  const cfg = config ?? 'simple';
  const rows = rowsOf<{ word: string; stem: string | null }>(
    await db.execute(sql`select w as word, (tsvector_to_array(to_tsvector(${cfg}::regconfig, w)))[1] as stem from unnest(${toArray(words)}::text[]) w`),
  );
  const terms = new Set<string>();
  for (const { word, stem } of rows) {
    if (!stem) continue; // a stopword
    let n = 0;
    while (n < word.length && n < stem.length && word[n] === stem[n]) n++;
    const prefix = n >= MIN_PREFIX ? word.slice(0, n) : word;
    if (!/[\\']/.test(prefix)) terms.add(prefix);
  }
  return [...terms];
}

export async function similarCases(db: DbOrTx, caseId: string, limit: number): Promise<SimilarCase[]> {
  const [c] = await db.select().from(cases).where(eq(cases.id, caseId));
  if (!c) throw notFound('case', caseId);
  const text = caseText({ title: c.title, description: c.description });
  const terms = await prefixTerms(db, text, await detectConfig(db, text));
  if (!terms.length) return [];
  const query = terms.map((t) => `'${t}':*`).join(' | ');
  const doc = sql`to_tsvector('simple'::regconfig, coalesce(o.title, '') || ' ' || coalesce(o.description, ''))`;
  const rows = rowsOf<Record<string, unknown>>(
    await db.execute(sql`
      with q as (select ${query}::tsquery as query)
      select o.id, o.number, o.title, o.status, o.product, o.product_id, o.account_id, to_json(o.resolved_at) #>> '{}' as resolved_at,
             ts_rank(${doc}, q.query)
               * case when o.status = 'resolved' then ${RESOLVED_FACTOR}::float8 else 1 end
               * case when o.product_id is not null and o.product_id = ${c.productId}::uuid then ${SAME_PRODUCT_FACTOR}::float8 else 1 end
               * case when o.account_id is not null and o.account_id = ${c.accountId}::uuid then ${SAME_CUSTOMER_FACTOR}::float8 else 1 end as score,
             to_json(array(select unnest(tsvector_to_array(${doc})) intersect select unnest(tsvector_to_array(to_tsvector('simple'::regconfig, ${text}))))) as matched,
             (select r.subject from case_activities r where r.case_id = o.id and r.kind = 'resolution' order by r.occurred_at desc limit 1) as resolution,
             (select coalesce(json_agg(json_build_object('articleId', l.article_id, 'number', a.number, 'version', l.article_version,
                                                        'title', v.title, 'resolvesCase', l.resolves_case) order by l.resolves_case desc, l.created_at), '[]'::json)
                from knowledge_links l join knowledge_articles a on a.id = l.article_id
                join knowledge_article_versions v on v.article_id = l.article_id and v.version = l.article_version
               where l.case_id = o.id) as articles
        from cases o, q
       where ${doc} @@ q.query and o.id <> ${c.id}::uuid
       order by score desc, o.number
       limit ${limit}`),
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
