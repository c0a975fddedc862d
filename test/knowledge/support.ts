import type { Client } from '../cases/api-helpers.js';

export interface ArticleBody {
  title: string;
  content: string;
  keywords?: string[];
  language?: string;
  productId?: string | null;
  expiresAt?: string | null;
}

/** Writes an article and publishes it (the manager client publishes). */
export async function publishedArticle(author: Client, manager: Client, body: ArticleBody) {
  const res = await author.post('/v1/knowledge/articles', { language: 'en', ...body });
  if (res.statusCode !== 201) throw new Error(`creating an article answered ${res.statusCode}: ${res.body}`);
  const published = await manager.post(`/v1/knowledge/articles/${res.json().id}/publish`, {});
  if (published.statusCode !== 200) throw new Error(`publishing answered ${published.statusCode}: ${published.body}`);
  return published.json();
}
