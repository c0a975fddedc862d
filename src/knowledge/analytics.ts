import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { rowsOf } from './sql-rows.js';
import type { ArticleStatus } from '../../db/schema/index.js';

/**
 * How each article served: on how many cases it was suggested, linked, sent (emails) and marked as having
 * resolved the case.
 */
export interface ArticleAnalytics {
  articleId: string;
  number: string;
  title: string;
  status: ArticleStatus;
  suggested: number;
  linked: number;
  sent: number;
  resolving: number;
}

export async function articleAnalytics(db: DbOrTx, options: { articleId?: string; limit: number }): Promise<ArticleAnalytics[]> {
  const rows = rowsOf<Record<string, unknown>>(
    await db.execute(sql`
      select a.id, a.number, a.status,
             (select v.title from knowledge_article_versions v where v.article_id = a.id and v.version = coalesce(a.published_version, a.latest_version)) as title,
             (select count(*) from knowledge_suggestions s where s.article_id = a.id) as suggested,
             (select count(*) from knowledge_links l where l.article_id = a.id) as linked,
             (select count(*) from knowledge_sends e where e.article_id = a.id) as sent,
             (select count(*) from knowledge_links l where l.article_id = a.id and l.resolves_case) as resolving
        from knowledge_articles a
       where ${options.articleId ? sql`a.id = ${options.articleId}::uuid` : sql`true`}
       order by resolving desc, linked desc, sent desc, suggested desc, a.number
       limit ${options.limit}`),
  );
  return rows.map((r) => ({
    articleId: String(r.id),
    number: String(r.number),
    title: String(r.title ?? ''),
    status: String(r.status) as ArticleStatus,
    suggested: Number(r.suggested),
    linked: Number(r.linked),
    sent: Number(r.sent),
    resolving: Number(r.resolving),
  }));
}
