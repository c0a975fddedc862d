import { and, asc, eq } from 'drizzle-orm';
import type { Db, DbOrTx, Tx } from '../../db/client.js';
import { cases, knowledgeArticles, knowledgeArticleVersions, knowledgeLinks } from '../../db/schema/index.js';
import { notFound, unprocessable } from '../errors.js';
import { actorColumns, type Actor } from '../audit/actor.js';
import { recordCaseEvent } from '../cases/case-store.js';

/**
 * An article version that helped on a case. One link per case and article: linking the same article
 * again moves the link to the version named and can mark it as the one that resolved the case (a mark is
 * never taken back by a later link without it). Each link is a `knowledge.linked` event on the timeline.
 */
export type LinkRow = typeof knowledgeLinks.$inferSelect;
export interface LinkedArticle {
  link: LinkRow;
  number: string;
  title: string;
}

export interface LinkInput {
  articleId: string;
  /** Default: the published version. */
  version?: number;
  resolvesCase?: boolean;
}

/** The version to link, send or show: the named one, else the published one (422 when there is none). */
export async function servedVersion(db: DbOrTx, articleId: string, version: number | undefined, field: string) {
  const [article] = await db.select().from(knowledgeArticles).where(eq(knowledgeArticles.id, articleId));
  if (!article) throw unprocessable('ARTICLE_NOT_FOUND', `${field}: no knowledge article with id "${articleId}"`, { field, id: articleId });
  const wanted = version ?? article.publishedVersion;
  if (wanted === null || wanted === undefined) {
    throw unprocessable('ARTICLE_NOT_PUBLISHED', `Article ${article.number} has no published version; publish it first or name a version.`, { field, articleStatus: article.status });
  }
  const [row] = await db
    .select()
    .from(knowledgeArticleVersions)
    .where(and(eq(knowledgeArticleVersions.articleId, articleId), eq(knowledgeArticleVersions.version, wanted)));
  if (!row) throw unprocessable('ARTICLE_VERSION_NOT_FOUND', `Article ${article.number} has no version ${wanted}.`, { field: 'body.version', version: wanted });
  return { article, version: row };
}

async function lockCaseRow(tx: Tx, caseId: string) {
  const [c] = await tx.select().from(cases).where(eq(cases.id, caseId)).for('update');
  if (!c) throw notFound('case', caseId);
  return c;
}

export async function linkArticle(db: Db, caseId: string, input: LinkInput, now: Date, actor: Actor): Promise<{ linked: LinkedArticle; created: boolean }> {
  return db.transaction(async (tx) => {
    await lockCaseRow(tx, caseId);
    const { article, version } = await servedVersion(tx, input.articleId, input.version, 'body.articleId');
    const [existing] = await tx.select().from(knowledgeLinks).where(and(eq(knowledgeLinks.caseId, caseId), eq(knowledgeLinks.articleId, article.id)));
    const resolvesCase = (existing?.resolvesCase ?? false) || (input.resolvesCase ?? false);
    const [link] = existing
      ? await tx
          .update(knowledgeLinks)
          .set({ articleVersion: version.version, resolvesCase, updatedAt: now, ...actorColumns(actor) })
          .where(eq(knowledgeLinks.id, existing.id))
          .returning()
      : await tx
          .insert(knowledgeLinks)
          .values({ caseId, articleId: article.id, articleVersion: version.version, resolvesCase, createdAt: now, updatedAt: now, ...actorColumns(actor) })
          .returning();
    const what = `${article.number} v${version.version} "${version.title}"`;
    await recordCaseEvent(
      tx,
      {
        caseId,
        kind: 'knowledge.linked',
        summary: resolvesCase ? `Article ${what} linked: it resolved the case` : `Article ${what} linked`,
        data: { linkId: link!.id, articleId: article.id, number: article.number, version: version.version, resolvesCase },
        occurredAt: now,
        actor,
      },
      now,
    );
    return { linked: { link: link!, number: article.number, title: version.title }, created: !existing };
  });
}

export async function listLinks(db: DbOrTx, caseId: string): Promise<LinkedArticle[]> {
  const [c] = await db.select({ id: cases.id }).from(cases).where(eq(cases.id, caseId));
  if (!c) throw notFound('case', caseId);
  const rows = await db
    .select({ link: knowledgeLinks, number: knowledgeArticles.number, title: knowledgeArticleVersions.title })
    .from(knowledgeLinks)
    .innerJoin(knowledgeArticles, eq(knowledgeArticles.id, knowledgeLinks.articleId))
    .innerJoin(knowledgeArticleVersions, and(eq(knowledgeArticleVersions.articleId, knowledgeLinks.articleId), eq(knowledgeArticleVersions.version, knowledgeLinks.articleVersion)))
    .where(eq(knowledgeLinks.caseId, caseId))
    .orderBy(asc(knowledgeLinks.createdAt), asc(knowledgeLinks.id));
  return rows;
}
