import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { Db, DbOrTx, Tx } from '../../db/client.js';
import { knowledgeArticles, knowledgeArticleVersions, type ArticleStatus } from '../../db/schema/index.js';
import { conflict, notFound, preconditionFailed, unprocessable } from '../errors.js';
import { actorColumns, type Actor } from '../audit/actor.js';
import { versionColumns, type ArticleFields } from './article-document.js';
import { assertProductExists } from './products.js';

/**
 * Knowledge articles and their versions. Lifecycle: a new article is a draft (version 1); publishing a
 * draft makes it the served version and supersedes the one served before; editing a published article
 * writes a new draft version while the published one stays served (editing a draft changes it in
 * place); archiving withdraws the served version. Every version stays readable.
 */
export type ArticleRow = typeof knowledgeArticles.$inferSelect;
export type VersionRow = typeof knowledgeArticleVersions.$inferSelect;
export interface Article {
  article: ArticleRow;
  /** The version shown for the article: the published one, else the latest. */
  shown: VersionRow;
  /** The draft waiting for publication, if any. */
  draft: VersionRow | null;
}

const articleNotFound = (id: string) => notFound('knowledge article', id);

export async function createArticle(db: Db, fields: ArticleFields, now: Date, actor: Actor): Promise<Article> {
  const columns = versionColumns(fields);
  return db.transaction(async (tx) => {
    await assertProductExists(tx, fields.productId);
    const [{ n }] = (await tx.select({ n: sql<string>`nextval('knowledge_article_number_seq')` }).from(sql`(select 1) as one`)) as [{ n: string }];
    const [article] = await tx
      .insert(knowledgeArticles)
      .values({ number: `KA-${String(n).padStart(6, '0')}`, createdAt: now, updatedAt: now, ...actorColumns(actor) })
      .returning();
    const [version] = await tx
      .insert(knowledgeArticleVersions)
      .values({ articleId: article!.id, version: 1, status: 'draft', ...columns, createdAt: now, updatedAt: now, ...actorColumns(actor) })
      .returning();
    return { article: article!, shown: version!, draft: version! };
  });
}

async function versionsOf(db: DbOrTx, article: ArticleRow): Promise<Article> {
  const wanted = [article.latestVersion, ...(article.publishedVersion ? [article.publishedVersion] : [])];
  const rows = await db
    .select()
    .from(knowledgeArticleVersions)
    .where(and(eq(knowledgeArticleVersions.articleId, article.id), sql`${knowledgeArticleVersions.version} in (${sql.join(wanted.map((v) => sql`${v}`), sql`, `)})`));
  const latest = rows.find((r) => r.version === article.latestVersion)!;
  const published = article.publishedVersion ? rows.find((r) => r.version === article.publishedVersion) : undefined;
  return { article, shown: published ?? latest, draft: latest.status === 'draft' ? latest : null };
}

export async function getArticle(db: DbOrTx, id: string): Promise<Article> {
  const [article] = await db.select().from(knowledgeArticles).where(eq(knowledgeArticles.id, id));
  if (!article) throw articleNotFound(id);
  return versionsOf(db, article);
}

async function lockArticle(tx: Tx, id: string, expectedVersion: number | undefined): Promise<ArticleRow> {
  const [article] = await tx.select().from(knowledgeArticles).where(eq(knowledgeArticles.id, id)).for('update');
  if (!article) throw articleNotFound(id);
  if (expectedVersion !== undefined && article.version !== expectedVersion) {
    throw preconditionFailed(`The article changed since you read it (If-Match names version ${expectedVersion}); read it again and reapply your change.`, {
      etag: `W/"${article.version}"`,
    });
  }
  return article;
}

async function touchArticle(tx: Tx, before: ArticleRow, set: Partial<typeof knowledgeArticles.$inferInsert>, now: Date): Promise<ArticleRow> {
  const [row] = await tx
    .update(knowledgeArticles)
    .set({ ...set, updatedAt: now, version: before.version + 1 })
    .where(and(eq(knowledgeArticles.id, before.id), eq(knowledgeArticles.version, before.version)))
    .returning();
  if (!row) throw preconditionFailed('The article changed while this request was processed; read it again and retry.');
  return row;
}

/** Edits the draft in place, or starts a new draft version from the latest one (published or archived). */
export async function editArticle(db: Db, id: string, patch: Partial<ArticleFields>, expectedVersion: number | undefined, now: Date, actor: Actor): Promise<Article> {
  return db.transaction(async (tx) => {
    const article = await lockArticle(tx, id, expectedVersion);
    const [latest] = await tx
      .select()
      .from(knowledgeArticleVersions)
      .where(and(eq(knowledgeArticleVersions.articleId, id), eq(knowledgeArticleVersions.version, article.latestVersion)));
    const fields: ArticleFields = {
      title: patch.title ?? latest!.title,
      content: patch.content ?? latest!.content,
      keywords: patch.keywords ?? latest!.keywords,
      language: patch.language ?? latest!.language,
      productId: patch.productId === undefined ? latest!.productId : patch.productId,
      expiresAt: patch.expiresAt === undefined ? latest!.expiresAt : patch.expiresAt,
    };
    const columns = versionColumns(fields);
    if (patch.productId) await assertProductExists(tx, patch.productId);
    if (latest!.status === 'draft') {
      await tx
        .update(knowledgeArticleVersions)
        .set({ ...columns, updatedAt: now, ...actorColumns(actor) })
        .where(eq(knowledgeArticleVersions.id, latest!.id));
      return versionsOf(tx, await touchArticle(tx, article, {}, now));
    }
    const next = article.latestVersion + 1;
    await tx.insert(knowledgeArticleVersions).values({ articleId: id, version: next, status: 'draft', ...columns, createdAt: now, updatedAt: now, ...actorColumns(actor) });
    return versionsOf(tx, await touchArticle(tx, article, { latestVersion: next }, now));
  });
}

/** Publishes the draft (or the named draft version): it becomes the served version; the previous one is superseded. */
export async function publishArticle(db: Db, id: string, version: number | undefined, expectedVersion: number | undefined, now: Date): Promise<Article> {
  return db.transaction(async (tx) => {
    const article = await lockArticle(tx, id, expectedVersion);
    const target = version ?? article.latestVersion;
    const [draft] = await tx
      .select()
      .from(knowledgeArticleVersions)
      .where(and(eq(knowledgeArticleVersions.articleId, id), eq(knowledgeArticleVersions.version, target)));
    if (!draft) throw unprocessable('ARTICLE_VERSION_NOT_FOUND', `Article ${article.number} has no version ${target}.`, { field: 'body.version', version: target });
    if (draft.status !== 'draft') {
      throw conflict('NOTHING_TO_PUBLISH', `Version ${target} of ${article.number} is ${draft.status}, not a draft; edit the article to start a new draft.`, {
        version: target,
        versionStatus: draft.status,
      });
    }
    await tx
      .update(knowledgeArticleVersions)
      .set({ status: 'superseded', updatedAt: now })
      .where(and(eq(knowledgeArticleVersions.articleId, id), sql`${knowledgeArticleVersions.status} in ('published', 'archived')`));
    await tx.update(knowledgeArticleVersions).set({ status: 'published', publishedAt: now, updatedAt: now }).where(eq(knowledgeArticleVersions.id, draft.id));
    return versionsOf(tx, await touchArticle(tx, article, { status: 'published', publishedVersion: target }, now));
  });
}

/** Withdraws the served version (it stays readable as archived); a pending draft stays a draft. */
export async function archiveArticle(db: Db, id: string, expectedVersion: number | undefined, now: Date): Promise<Article> {
  return db.transaction(async (tx) => {
    const article = await lockArticle(tx, id, expectedVersion);
    if (article.status === 'archived') throw conflict('ARTICLE_ALREADY_ARCHIVED', `Article ${article.number} is already archived.`);
    await tx
      .update(knowledgeArticleVersions)
      .set({ status: 'archived', updatedAt: now })
      .where(and(eq(knowledgeArticleVersions.articleId, id), eq(knowledgeArticleVersions.status, 'published')));
    return versionsOf(tx, await touchArticle(tx, article, { status: 'archived', publishedVersion: null }, now));
  });
}

export async function listVersions(db: DbOrTx, id: string): Promise<VersionRow[]> {
  await getArticle(db, id);
  return db.select().from(knowledgeArticleVersions).where(eq(knowledgeArticleVersions.articleId, id)).orderBy(desc(knowledgeArticleVersions.version));
}

export async function getVersion(db: DbOrTx, id: string, version: number): Promise<{ article: ArticleRow; version: VersionRow }> {
  const { article } = await getArticle(db, id);
  const [row] = await db
    .select()
    .from(knowledgeArticleVersions)
    .where(and(eq(knowledgeArticleVersions.articleId, id), eq(knowledgeArticleVersions.version, version)));
  if (!row) throw notFound('article version', `${article.number} v${version}`);
  return { article, version: row };
}

/** Articles by number, with an optional status filter (the list page; search ranks instead). */
export async function listArticles(db: DbOrTx, filter: { status?: ArticleStatus; limit: number; after?: string }): Promise<Article[]> {
  const rows = await db
    .select()
    .from(knowledgeArticles)
    .where(and(filter.status ? eq(knowledgeArticles.status, filter.status) : undefined, filter.after ? sql`${knowledgeArticles.number} > ${filter.after}` : undefined))
    .orderBy(asc(knowledgeArticles.number))
    .limit(filter.limit + 1);
  return Promise.all(rows.map((r) => versionsOf(db, r)));
}
