import { eq, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client.js';
import { cases } from '../../db/schema/index.js';
import { notFound } from '../errors.js';
import { searchConfigs } from './languages.js';
import { rowsOf } from './sql-rows.js';
import { hitColumns, stemsOfWords, toArray, toHit, versionFilter, wordsOf, type SearchHit } from './search.js';
import { caseText, detectConfig } from './case-text.js';

/**
 * Articles for a case, from its own title, description and product: every significant word of the case
 * (stemmed per article language) is an alternative of one OR query, so an article ranks by how many of
 * the case's words it has and where (title above keywords above content). Articles in the case's
 * language (detected from its stopwords) rank above others; articles of the case's product above
 * others. Expired, draft and archived articles are never suggested. Each suggestion is counted.
 */
export interface Suggestions {
  items: SearchHit[];
  /** The text the query was built from. */
  query: string;
  language: string | null;
}

const MAX_TERMS = 64;
const OTHER_LANGUAGE_FACTOR = 0.5;
const SAME_PRODUCT_FACTOR = 1.5;

export async function suggestArticles(db: Db, caseId: string, options: { limit: number; now: Date; record: boolean }): Promise<Suggestions> {
  const [c] = await db.select().from(cases).where(eq(cases.id, caseId));
  if (!c) throw notFound('case', caseId);
  const text = caseText(c);
  const detected = await detectConfig(db, text);
  const productId = c.productId;
  const where = versionFilter({ status: 'published', now: options.now, excludeExpired: true });
  const languageFactor = detected ? sql`case when v.search_config = ${detected} then 1.0 else ${OTHER_LANGUAGE_FACTOR}::float8 end` : sql`1.0`;
  const productFactor = productId ? sql`case when v.product_id = ${productId} then ${SAME_PRODUCT_FACTOR}::float8 else 1.0 end` : sql`1.0`;
  const rows = rowsOf<Parameters<typeof toHit>[0]>(
    await db.execute(sql`
      with q as (
        select c as cfg, to_tsvector(c::regconfig, ${text}) as asked,
               coalesce((select string_agg(quote_literal(l), ' | ')
                           from (select l from unnest(tsvector_to_array(to_tsvector(c::regconfig, ${text}))) l
                                  where strpos(l, E'\\\\') = 0 limit ${MAX_TERMS}) terms), '')::tsquery as query
          from unnest(${toArray(searchConfigs)}::text[]) c)
      select ${hitColumns(sql`q.query`, sql`ts_rank('{0.1, 0.2, 0.4, 1.0}', v.search_vector, q.query) * ${languageFactor} * ${productFactor}`, sql`q.asked`)}
        from q
        join knowledge_article_versions v on v.search_config = q.cfg and v.search_vector @@ q.query
        join knowledge_articles a on a.id = v.article_id
       where ${where}
       order by score desc, a.number
       limit ${options.limit}`),
  );
  const stems = await stemsOfWords(db, wordsOf(text), [...new Set(rows.map((r) => r.search_config))]);
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
