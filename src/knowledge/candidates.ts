import { sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { jsonValue, rowsOf } from './sql-rows.js';

/**
 * What keeps search, suggestions and similar cases fast at 100,000 articles and 200,000 cases: a query
 * is parsed only in the configurations that have articles (one skip scan), and ts_rank runs over a
 * bounded candidate set drawn from the GIN indexes rather than over every match of a common word.
 */

/** The configurations with at least one article version in `status`: a skip scan of (status, search_config). */
export function presentConfigs(status: string): SQL {
  return sql`with recursive present(cfg) as (
      (select search_config from knowledge_article_versions where status = ${status} order by search_config limit 1)
      union all
      select (select v.search_config from knowledge_article_versions v where v.status = ${status} and v.search_config > p.cfg order by v.search_config limit 1)
        from present p where p.cfg is not null)
    select cfg from present where cfg is not null`;
}

export interface WeightedTerm {
  term: string;
  /** In the case's title. */
  inTitle: boolean;
  /** Share of rows holding it, from the planner's statistics (ANALYZE); 0 when it is not among the common ones. */
  frequency: number;
}

interface ElementStatistics {
  at: number;
  frequency: Map<string, number>;
}

/**
 * Below this many rows (as ANALYZE last counted them) the statistics are ignored: every match is cheap to
 * rank anyway, and whether autovacuum has analysed a small table yet (PostgreSQL does, PGlite never does)
 * must not change which terms are probed: both engines answer alike.
 */
const MIN_ANALYSED_ROWS = 10_000;

/** Statistics change only with ANALYZE: read them (pg_stats takes ~10 ms to plan) at most once a minute per database. */
const STATISTICS_TTL_MS = 60_000;
const statisticsCache = new WeakMap<object, Map<string, ElementStatistics>>();

async function elementStatistics(db: DbOrTx, table: string, column: string): Promise<Map<string, number>> {
  const key = `${table}.${column}`;
  const cached = statisticsCache.get(db)?.get(key);
  if (cached && performance.now() - cached.at < STATISTICS_TTL_MS) return cached.frequency;
  const [row] = rowsOf<{ rows: number | string | null; elems: unknown; freqs: unknown }>(
    await db.execute(sql`select r.reltuples as rows, s.elems, s.freqs
      from (select reltuples from pg_class where oid = to_regclass(${table})) r
      left join lateral (select to_json(most_common_elems::text::text[]) as elems, to_json(most_common_elem_freqs) as freqs
                           from pg_stats where schemaname = current_schema() and tablename = ${table} and attname = ${column} limit 1) s on true`),
  );
  const analysed = Number(row?.rows ?? 0) >= MIN_ANALYSED_ROWS;
  const elems = !analysed || row?.elems == null ? [] : jsonValue<string[]>(row!.elems);
  const freqs = row?.freqs == null ? [] : jsonValue<number[]>(row.freqs);
  const frequency = new Map(elems.map((e, i) => [e, Number(freqs[i] ?? 0)]));
  const forDb = statisticsCache.get(db) ?? new Map<string, ElementStatistics>();
  forDb.set(key, { at: performance.now(), frequency });
  statisticsCache.set(db, forDb);
  return frequency;
}

/**
 * How common each term is in a tsvector column: the planner's most-common-element statistics (collected
 * by ANALYZE, on both engines); a prefix term counts every common lexeme it starts. Terms the statistics
 * do not list are rarer than all that they do, and score 0. Without statistics (a fresh or small table)
 * every term is 0 and only the title weight orders them.
 */
export async function termFrequencies(db: DbOrTx, table: string, column: string, terms: string[], prefix: boolean): Promise<Map<string, number>> {
  const out = new Map<string, number>(terms.map((t) => [t, 0]));
  if (!terms.length) return out;
  const stats = await elementStatistics(db, table, column);
  for (const term of terms) {
    let f = 0;
    if (!prefix) f = stats.get(term) ?? 0;
    else for (const [lexeme, g] of stats) if (lexeme.startsWith(term)) f += g;
    out.set(term, Math.min(1, f));
  }
  return out;
}

/**
 * The `max` terms that best tell documents apart: rare before common (a word in most documents finds
 * nothing in particular), a word of the title counting as if it were half as common; ties keep the given order.
 */
export function mostInformative(terms: WeightedTerm[], max: number): string[] {
  const weight = (t: WeightedTerm) => (t.inTitle ? t.frequency / 2 : t.frequency) - (t.inTitle ? 1e-9 : 0);
  return terms
    .map((t, i) => ({ t, i, w: weight(t) }))
    .sort((a, b) => a.w - b.w || a.i - b.i)
    .slice(0, max)
    .map((x) => x.t.term);
}
