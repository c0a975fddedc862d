import { pgTable, pgSequence, text, timestamp, uuid, integer, boolean, jsonb, index, uniqueIndex, bigserial, customType } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { cases, caseActivities } from './cases.js';
import { emailOutbox } from './slas.js';
import { products } from './products.js';
import { actorColumnDefinitions } from './audit.js';

/** Source of human article numbers (KA-000001, ...). */
export const knowledgeArticleNumberSeq = pgSequence('knowledge_article_number_seq', { startWith: 1 });

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

export const articleStatuses = ['draft', 'published', 'archived'] as const;
export type ArticleStatus = (typeof articleStatuses)[number];
/** A version is a draft until published; publishing another version supersedes it; archiving archives it. */
export const articleVersionStatuses = ['draft', 'published', 'superseded', 'archived'] as const;
export type ArticleVersionStatus = (typeof articleVersionStatuses)[number];

/**
 * A knowledge-base article: its number, lifecycle and which version is served. The content lives in
 * knowledge_article_versions; the actor columns name the author who created the article.
 */
export const knowledgeArticles = pgTable('knowledge_articles', {
  id: uuid('id').primaryKey().defaultRandom(),
  /** Human article number, e.g. KA-000123, from knowledge_article_number_seq. */
  number: text('number').notNull().unique(),
  status: text('status', { enum: articleStatuses }).notNull().default('draft'),
  /** The version agents and customers are served; null until the first publication. */
  publishedVersion: integer('published_version'),
  latestVersion: integer('latest_version').notNull().default(1),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  /** Optimistic concurrency (ETag W/"<version>"); bumped by every change. */
  version: integer('version').notNull().default(1),
  ...actorColumnDefinitions(),
});

/**
 * Every version of every article, readable for ever. `search_vector` is the weighted full-text document
 * (title A, keywords B, content C) stemmed with `search_config`, the article language's configuration;
 * `search_text` (title and keywords) feeds the trigram fallback for misspelt queries.
 */
export const knowledgeArticleVersions = pgTable(
  'knowledge_article_versions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    articleId: uuid('article_id')
      .notNull()
      .references(() => knowledgeArticles.id),
    version: integer('version').notNull(),
    status: text('status', { enum: articleVersionStatuses }).notNull().default('draft'),
    title: text('title').notNull(),
    content: text('content').notNull(),
    contentHtml: text('content_html').notNull(),
    keywords: jsonb('keywords').$type<string[]>().notNull().default([]),
    /** Canonical BCP 47 tag and its primary subtag (what the language filter compares). */
    language: text('language').notNull(),
    languageBase: text('language_base').notNull(),
    searchConfig: text('search_config').notNull(),
    productId: uuid('product_id').references(() => products.id),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }),
    searchVector: tsvector('search_vector').notNull(),
    searchText: text('search_text').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    publishedAt: timestamp('published_at', { withTimezone: true, mode: 'date' }),
    /** Who wrote this version. */
    ...actorColumnDefinitions(),
  },
  (t) => [
    uniqueIndex('knowledge_article_versions_article_version_key').on(t.articleId, t.version),
    index('knowledge_article_versions_search_idx').using('gin', t.searchVector).with({ fastupdate: false }),
    index('knowledge_article_versions_trgm_idx').using('gin', sql`${t.searchText} gin_trgm_ops`).with({ fastupdate: false }),
    index('knowledge_article_versions_status_idx').on(t.status, t.languageBase),
    /** Which configurations have articles in a status (a skip scan: search queries only those). */
    index('knowledge_article_versions_config_idx').on(t.status, t.searchConfig),
    /** Title and keyword lexemes only: candidates for a query too common to rank every match. */
    index('knowledge_article_versions_head_idx').using('gin', sql`ts_filter(${t.searchVector}, '{a,b}')`).with({ fastupdate: false }),
    index('knowledge_article_versions_product_idx').on(t.productId),
  ],
);

/** An article version that helped on a case; `resolvesCase` marks the one that resolved it. */
export const knowledgeLinks = pgTable(
  'knowledge_links',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id),
    articleId: uuid('article_id')
      .notNull()
      .references(() => knowledgeArticles.id),
    articleVersion: integer('article_version').notNull(),
    resolvesCase: boolean('resolves_case').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    ...actorColumnDefinitions(),
  },
  (t) => [uniqueIndex('knowledge_links_case_article_key').on(t.caseId, t.articleId), index('knowledge_links_article_idx').on(t.articleId)],
);

/** An article emailed to a case's customer: the outbox email and the timeline activity it became. */
export const knowledgeSends = pgTable(
  'knowledge_sends',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id),
    articleId: uuid('article_id')
      .notNull()
      .references(() => knowledgeArticles.id),
    articleVersion: integer('article_version').notNull(),
    outboxId: uuid('outbox_id')
      .notNull()
      .references(() => emailOutbox.id),
    activityId: uuid('activity_id')
      .notNull()
      .references(() => caseActivities.id),
    to: jsonb('to').$type<string[]>().notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true, mode: 'date' }).notNull(),
    ...actorColumnDefinitions(),
  },
  (t) => [index('knowledge_sends_case_idx').on(t.caseId), index('knowledge_sends_article_idx').on(t.articleId)],
);

/** Which articles were suggested for which case (analytics: on how many cases an article was suggested). */
export const knowledgeSuggestions = pgTable(
  'knowledge_suggestions',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id),
    articleId: uuid('article_id')
      .notNull()
      .references(() => knowledgeArticles.id),
    times: integer('times').notNull().default(1),
    firstAt: timestamp('first_at', { withTimezone: true, mode: 'date' }).notNull(),
    lastAt: timestamp('last_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [uniqueIndex('knowledge_suggestions_case_article_key').on(t.caseId, t.articleId), index('knowledge_suggestions_article_idx').on(t.articleId)],
);

/**
 * Every word (3 letters or more) of every title and keyword list written: the typo fallback's dictionary,
 * a few thousand rows to match by trigrams instead of every article. Filled by a trigger on
 * knowledge_article_versions (migration 0018); words are never removed (a stale one only finds nothing).
 */
export const knowledgeWords = pgTable('knowledge_words', { word: text('word').primaryKey() }, (t) => [
  index('knowledge_words_trgm_idx').using('gin', sql`${t.word} gin_trgm_ops`).with({ fastupdate: false }),
]);
