import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { searchConfigs } from './languages.js';
import { rowsOf } from './sql-rows.js';
import { toArray, wordsOf } from './search.js';

/** A case's text is searched by its first 4,000 characters (a pasted log must not make a query of thousands of terms). */
const MAX_CASE_TEXT = 4000;

export function caseText(c: { title: string; description: string | null; product?: string | null }): string {
  return [c.title, c.description ?? '', c.product ?? ''].join('\n').slice(0, MAX_CASE_TEXT);
}

/**
 * Ties go to the earlier of these: `russian` stems Latin-script words with the English dictionary and
 * its stopwords, so English text ties English with Russian.
 */
const PREFERRED = ['english', 'french', 'german', 'spanish', 'italian', 'portuguese', 'dutch'];
const preference = (cfg: string) => (PREFERRED.includes(cfg) ? PREFERRED.indexOf(cfg) : cfg === 'russian' ? 99 : 50);

/**
 * Cases carry no language: the language whose stopwords the text uses most is taken as the case's (two at
 * least, and strictly more than any other language), else none. Articles in that language rank above
 * the others; without one every language ranks alike.
 */
export async function detectConfig(db: DbOrTx, text: string): Promise<string | null> {
  const words = wordsOf(text, 80);
  if (!words.length) return null;
  const configs = searchConfigs.filter((c) => c !== 'simple');
  const rows = rowsOf<{ cfg: string; stopwords: number | string }>(
    await db.execute(sql`select c as cfg, count(*) filter (where length(to_tsvector(c::regconfig, w)) = 0) as stopwords
      from unnest(${toArray(configs)}::text[]) c, unnest(${toArray(words)}::text[]) w group by c`),
  );
  const ranked = rows.map((r) => ({ cfg: r.cfg, n: Number(r.stopwords) })).sort((a, b) => b.n - a.n || preference(a.cfg) - preference(b.cfg));
  const [first, second] = ranked;
  if (!first || first.n < 2 || (second && second.n === first.n && preference(second.cfg) === preference(first.cfg))) return null;
  return first.cfg;
}
