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
 * Which configurations treat a word as a stopword, as the server's dictionaries say; learnt word by word
 * and kept for the process (dictionaries do not change while it runs), so after a few cases language
 * detection asks the database about new words only instead of every word in every configuration.
 */
const stopwordConfigs = new Map<string, readonly string[]>();
const MAX_LEARNT_WORDS = 50_000;

async function stopwordsOf(db: DbOrTx, words: string[]): Promise<Map<string, readonly string[]>> {
  const unknown = words.filter((w) => !stopwordConfigs.has(w));
  if (unknown.length) {
    const configs = searchConfigs.filter((c) => c !== 'simple');
    const rows = rowsOf<{ w: string; configs: string[] | string | null }>(
      await db.execute(sql`select w, array_agg(c) filter (where length(to_tsvector(c::regconfig, w)) = 0) as configs
        from unnest(${toArray(unknown)}::text[]) w, unnest(${toArray(configs)}::text[]) c group by w`),
    );
    if (stopwordConfigs.size + rows.length > MAX_LEARNT_WORDS) stopwordConfigs.clear();
    for (const r of rows) stopwordConfigs.set(r.w, parseTextArray(r.configs));
  }
  return new Map(words.map((w) => [w, stopwordConfigs.get(w) ?? []]));
}

/** postgres.js returns text[] as an array; PGlite may return its literal (`{english,french}`). */
function parseTextArray(value: string[] | string | null): string[] {
  if (value === null) return [];
  if (Array.isArray(value)) return value;
  return value.replace(/^\{|\}$/g, '').split(',').filter(Boolean);
}

/**
 * Cases carry no language: the language whose stopwords the text uses most is taken as the case's (two at
 * least, and strictly more than any other language), else none. Articles in that language rank above
 * the others; without one every language ranks alike.
 */
export async function detectConfig(db: DbOrTx, text: string): Promise<string | null> {
  const words = wordsOf(text, 80);
  if (!words.length) return null;
  const counts = new Map<string, number>();
  for (const configs of (await stopwordsOf(db, words)).values()) for (const cfg of configs) counts.set(cfg, (counts.get(cfg) ?? 0) + 1);
  const ranked = [...counts].map(([cfg, n]) => ({ cfg, n })).sort((a, b) => b.n - a.n || preference(a.cfg) - preference(b.cfg));
  const [first, second] = ranked;
  if (!first || first.n < 2 || (second && second.n === first.n && preference(second.cfg) === preference(first.cfg))) return null;
  return first.cfg;
}
