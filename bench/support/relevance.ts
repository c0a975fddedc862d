/**
 * Relevance measures for the knowledge benchmark, and the plain ILIKE baseline it is compared with.
 *
 * precision@3: the share of the first 3 answers an agent judged relevant (any grade), 0 for a missing
 * answer; MRR: the mean over the case texts of 1 / rank of the first relevant answer within the first
 * 10 (0 when none). Both are averaged over every case text of the fixture, so a case with no answer
 * counts as a miss.
 */
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';

export const RANKED = 10;

export interface Scores {
  precisionAt3: number;
  mrr: number;
  n: number;
}

export function reciprocalRank(ranked: string[], relevant: Set<string>): number {
  const i = ranked.slice(0, RANKED).findIndex((id) => relevant.has(id));
  return i < 0 ? 0 : 1 / (i + 1);
}

export function precisionAt3(ranked: string[], relevant: Set<string>): number {
  return ranked.slice(0, 3).filter((id) => relevant.has(id)).length / 3;
}

export function score(runs: Array<{ ranked: string[]; relevant: Set<string> }>): Scores {
  const n = runs.length;
  if (!n) return { precisionAt3: 0, mrr: 0, n };
  return {
    precisionAt3: runs.reduce((s, r) => s + precisionAt3(r.ranked, r.relevant), 0) / n,
    mrr: runs.reduce((s, r) => s + reciprocalRank(r.ranked, r.relevant), 0) / n,
    n,
  };
}

/** Words too common to say anything in a support question (the baseline drops them; it has no stemming). */
const STOPWORDS = new Set(
  (
    'this that with have from they what when there their been were since does about your will would could please after still ' +
    'into just only also them then than some very even here make made need want know like help thanks hello dear ' +
    'pour dans avec plus mais nous vous sont elle leur depuis pourtant comment faire cette tout tous très quelque bonjour merci ' +
    'être avoir fait faut peut plusieurs alors aussi encore'
  ).split(' '),
);

/** The baseline's terms: the case's words of 4 letters or more, lower-cased, each once, without stopwords. */
export function baselineTerms(text: string): string[] {
  const words = new Set<string>();
  for (const m of text.toLowerCase().matchAll(/[\p{L}\p{N}]+/gu)) if (m[0].length >= 4 && !STOPWORDS.has(m[0])) words.add(m[0]);
  return [...words];
}

const rows = <T>(r: unknown): T[] => (Array.isArray(r) ? (r as T[]) : ((r as { rows: T[] }).rows ?? []));
const likeAny = (column: ReturnType<typeof sql>, terms: string[]) =>
  sql.join(
    terms.map((t) => sql`(case when ${column} ilike ${`%${t}%`} then 1 else 0 end)`),
    sql` + `,
  );

/**
 * The two ILIKE baselines. `plain`: what a first implementation would do, the articles (cases) where any
 * term of the case occurs (`ILIKE '%term%'`), newest first. `counted`: the same match ranked by how many
 * of the case's terms occur (coordination level), ties newest first: a stronger reference.
 */
export type Baseline = 'plain' | 'counted';
const order = (baseline: Baseline) => (baseline === 'plain' ? sql`number desc` : sql`hits desc, number desc`);

/** ILIKE over the published articles' title, keywords and content. */
export async function ilikeArticles(db: DbOrTx, text: string, baseline: Baseline): Promise<string[]> {
  const terms = baselineTerms(text);
  if (!terms.length) return [];
  const doc = sql`(v.title || ' ' || v.keywords::text || ' ' || v.content)`;
  const result = await db.execute(sql`
    select article_id from (
      select v.article_id, a.number, ${likeAny(doc, terms)} as hits
        from knowledge_articles a
        join knowledge_article_versions v on v.article_id = a.id and v.version = a.published_version
       where a.status = 'published') s
     where hits > 0 order by ${order(baseline)} limit ${RANKED}`);
  return rows<{ article_id: string }>(result).map((r) => r.article_id);
}

/** ILIKE over the other cases' title and description. */
export async function ilikeCases(db: DbOrTx, caseId: string, text: string, baseline: Baseline): Promise<string[]> {
  const terms = baselineTerms(text);
  if (!terms.length) return [];
  const doc = sql`(c.title || ' ' || coalesce(c.description, ''))`;
  const result = await db.execute(sql`
    select id from (select c.id, c.number, ${likeAny(doc, terms)} as hits from cases c where c.id <> ${caseId}::uuid) s
     where hits > 0 order by ${order(baseline)} limit ${RANKED}`);
  return rows<{ id: string }>(result).map((r) => r.id);
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
