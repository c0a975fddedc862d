import { sql, type SQL } from 'drizzle-orm';
import { parseLanguage } from './languages.js';
import { renderArticleHtml } from './markdown.js';

/** What an author writes; everything stored with a version is derived from it here. */
export interface ArticleFields {
  title: string;
  content: string;
  keywords: string[];
  language: string;
  productId: string | null;
  expiresAt: Date | null;
}

/** Keywords as stored: trimmed, without empty ones or duplicates (case-insensitive), in the given order. */
export function normaliseKeywords(keywords: string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of keywords) {
    const k = raw.trim().replace(/\s+/g, ' ');
    if (k && !seen.has(k.toLowerCase())) {
      seen.add(k.toLowerCase());
      out.push(k);
    }
  }
  return out;
}

/**
 * The stored columns of a version: rendered HTML, language, and the weighted search document built by
 * PostgreSQL itself in the article's language (title A, keywords B, content C).
 */
export function versionColumns(fields: ArticleFields, languageField = 'body.language') {
  const language = parseLanguage(fields.language, languageField);
  const keywords = normaliseKeywords(fields.keywords);
  const config = sql.raw(`'${language.config}'::regconfig`);
  const searchVector: SQL<string> = sql`setweight(to_tsvector(${config}, ${fields.title}), 'A')
    || setweight(to_tsvector(${config}, ${keywords.join(' ')}), 'B')
    || setweight(to_tsvector(${config}, ${fields.content}), 'C')`;
  return {
    title: fields.title.trim(),
    content: fields.content,
    contentHtml: renderArticleHtml(fields.content),
    keywords,
    language: language.tag,
    languageBase: language.base,
    searchConfig: language.config,
    productId: fields.productId,
    expiresAt: fields.expiresAt,
    searchVector,
    searchText: [fields.title.trim(), ...keywords].join(' '),
  };
}
