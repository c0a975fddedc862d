import { invalidField } from '../errors.js';

/**
 * Article languages are BCP 47 tags; full-text search stems each article in its language's PostgreSQL
 * text-search configuration. Only configurations both PostgreSQL 15 and PGlite ship are named here (not PGlite's `estonian`),
 * so both engines index and stem an article identically; any other language (zh, ja, ko, pl, ...) is
 * indexed with `simple` (words as written, lower-cased, no stemming).
 */
const CONFIG_BY_LANGUAGE: Record<string, string> = {
  ar: 'arabic',
  ca: 'catalan',
  eu: 'basque',
  hi: 'hindi',
  hy: 'armenian',
  sr: 'serbian',
  yi: 'yiddish',
  da: 'danish',
  de: 'german',
  el: 'greek',
  en: 'english',
  es: 'spanish',
  fi: 'finnish',
  fr: 'french',
  ga: 'irish',
  hu: 'hungarian',
  id: 'indonesian',
  it: 'italian',
  lt: 'lithuanian',
  ne: 'nepali',
  nl: 'dutch',
  nb: 'norwegian',
  nn: 'norwegian',
  no: 'norwegian',
  pt: 'portuguese',
  ro: 'romanian',
  ru: 'russian',
  sv: 'swedish',
  ta: 'tamil',
  tr: 'turkish',
};

/** Every configuration an article can be indexed with. */
export const searchConfigs = [...new Set(Object.values(CONFIG_BY_LANGUAGE)), 'simple'];

const displayNames = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'none' });

export interface Language {
  /** Canonical BCP 47 tag, e.g. `fr-CA`. */
  tag: string;
  /** Primary language subtag, e.g. `fr`: search filters compare this. */
  base: string;
  /** The PostgreSQL text-search configuration. */
  config: string;
}

/**
 * Parses a BCP 47 tag; 400 VALIDATION_FAILED naming `field` when it is not well formed or its language is
 * not one ICU knows (`xx`, `qq`).
 */
export function parseLanguage(raw: string, field: string): Language {
  let tag: string;
  try {
    [tag = ''] = Intl.getCanonicalLocales(raw.trim());
  } catch {
    throw invalidField(field, `must be a BCP 47 language tag such as "en", "fr-CA" or "zh-Hant" (got "${raw.slice(0, 40)}")`);
  }
  const base = tag.split('-')[0]!.toLowerCase();
  if (base.length > 3 || !displayNames.of(base)) {
    throw invalidField(field, `names an unknown language "${base}"; use a BCP 47 tag such as "en", "fr" or "zh"`);
  }
  return { tag, base, config: CONFIG_BY_LANGUAGE[base] ?? 'simple' };
}
