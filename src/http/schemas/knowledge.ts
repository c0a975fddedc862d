import { Type, type Static } from '@sinclair/typebox';
import { articleStatuses, articleVersionStatuses } from '../../../db/schema/index.js';
import { actorView } from '../../audit/actor.js';
import type { Article, VersionRow } from '../../knowledge/articles.js';
import type { LinkedArticle } from '../../knowledge/case-links.js';
import { MAX_QUERY_LENGTH } from '../../knowledge/search.js';
import { ActorView, toActorView } from './actors.js';
import { InstantInput, InstantView, Nullable, StringEnum, Uuid, VersionNumber } from './common.js';

const Keywords = Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 50, description: 'Search terms weighted between title and content' });
const LanguageTag = Type.String({ minLength: 1, maxLength: 35, description: 'BCP 47 language tag, e.g. en, fr, fr-CA, it, zh-Hant; stems the article in that language' });

export const ArticleCreate = Type.Object(
  {
    title: Type.String({ minLength: 1, maxLength: 300, pattern: '\\S' }),
    content: Type.String({ minLength: 1, maxLength: 200_000, description: 'Markdown; raw HTML is shown as text, links only http(s) and mailto' }),
    keywords: Type.Optional(Keywords),
    language: LanguageTag,
    productId: Type.Optional(Nullable(Uuid)),
    expiresAt: Type.Optional(Nullable(InstantInput)),
  },
  { additionalProperties: false },
);

export const ArticlePatch = Type.Partial(ArticleCreate, { additionalProperties: false, minProperties: 1 });

const VersionStatus = StringEnum(articleVersionStatuses);

export const VersionView = Type.Object({
  articleId: Uuid,
  number: Type.String({ description: 'Article number, e.g. KA-000123' }),
  version: Type.Integer({ description: 'Version number of this content' }),
  status: VersionStatus,
  title: Type.String(),
  content: Type.String({ description: 'Markdown' }),
  contentHtml: Type.String({ description: 'Sanitised HTML (what an email carries)' }),
  keywords: Type.Array(Type.String()),
  language: Type.String(),
  productId: Nullable(Uuid),
  expiresAt: Nullable(InstantView),
  createdAt: InstantView,
  updatedAt: InstantView,
  publishedAt: Nullable(InstantView),
  author: ActorView,
});

export const ArticleView = Type.Object({
  id: Uuid,
  number: Type.String({ description: 'e.g. KA-000123' }),
  status: StringEnum(articleStatuses),
  publishedVersion: Nullable(Type.Integer({ description: 'The version served; null while never published or archived' })),
  latestVersion: Type.Integer(),
  draftVersion: Nullable(Type.Integer({ description: 'The draft waiting for publication, if any' })),
  shown: VersionView,
  draft: Nullable(VersionView),
  author: ActorView,
  createdAt: InstantView,
  updatedAt: InstantView,
  version: Type.Integer({ description: 'Concurrency version; the ETag is W/"<version>"' }),
});

export const VersionSummary = Type.Object({
  version: Type.Integer(),
  status: VersionStatus,
  title: Type.String(),
  language: Type.String(),
  createdAt: InstantView,
  publishedAt: Nullable(InstantView),
  author: ActorView,
});

export function toVersionView(number: string, v: VersionRow): Static<typeof VersionView> {
  return {
    articleId: v.articleId,
    number,
    version: v.version,
    status: v.status,
    title: v.title,
    content: v.content,
    contentHtml: v.contentHtml,
    keywords: v.keywords,
    language: v.language,
    productId: v.productId,
    expiresAt: v.expiresAt?.toISOString() ?? null,
    createdAt: v.createdAt.toISOString(),
    updatedAt: v.updatedAt.toISOString(),
    publishedAt: v.publishedAt?.toISOString() ?? null,
    author: toActorView(actorView(v)),
  };
}

export function toArticleView({ article, shown, draft }: Article): Static<typeof ArticleView> {
  return {
    id: article.id,
    number: article.number,
    status: article.status,
    publishedVersion: article.publishedVersion,
    latestVersion: article.latestVersion,
    draftVersion: draft?.version ?? null,
    shown: toVersionView(article.number, shown),
    draft: draft && draft.version !== shown.version ? toVersionView(article.number, draft) : null,
    author: toActorView(actorView(article)),
    createdAt: article.createdAt.toISOString(),
    updatedAt: article.updatedAt.toISOString(),
    version: article.version,
  };
}

export const toVersionSummary = (v: VersionRow): Static<typeof VersionSummary> => ({
  version: v.version,
  status: v.status,
  title: v.title,
  language: v.language,
  createdAt: v.createdAt.toISOString(),
  publishedAt: v.publishedAt?.toISOString() ?? null,
  author: toActorView(actorView(v)),
});

export const SearchQuery = Type.Object(
  {
    q: Type.String({ minLength: 1, maxLength: MAX_QUERY_LENGTH, description: 'websearch syntax: words, "a phrase", -excluded, or' }),
    language: Type.Optional(LanguageTag),
    product: Type.Optional(Uuid),
    status: Type.Optional(StringEnum(['published', 'draft', 'archived'] as const, { default: 'published', description: 'draft and archived: manager role' })),
    limit: Type.Integer({ minimum: 1, maximum: 50, default: 10 }),
  },
  { additionalProperties: false },
);

export const SearchHitView = Type.Object({
  articleId: Uuid,
  number: Type.String(),
  version: Type.Integer(),
  title: Type.String(),
  language: Type.String(),
  productId: Nullable(Uuid),
  status: VersionStatus,
  keywords: Type.Array(Type.String()),
  expiresAt: Nullable(Type.String()),
  snippet: Type.String({ description: 'HTML-escaped text with <mark> around the matched words' }),
  score: Type.Number(),
  why: Type.Array(Type.String(), { description: 'The words of the query (or the case) this article matched' }),
});

export const SearchAnswer = Type.Object({
  items: Type.Array(SearchHitView),
  method: StringEnum(['fulltext', 'trigram', 'none'] as const, { description: 'trigram: full text found nothing, these are the closest spellings' }),
});

export const SuggestionsAnswer = Type.Object({
  items: Type.Array(SearchHitView),
  query: Type.String({ description: 'The case text the query was built from' }),
  language: Nullable(Type.String({ description: 'The text-search configuration detected for the case, if any' })),
});

export const LinkCreate = Type.Object(
  {
    articleId: Uuid,
    version: Type.Optional(VersionNumber),
    resolvesCase: Type.Optional(Type.Boolean({ description: 'This article resolved the case' })),
  },
  { additionalProperties: false },
);

export const LinkView = Type.Object({
  id: Uuid,
  caseId: Uuid,
  articleId: Uuid,
  number: Type.String(),
  articleVersion: Type.Integer(),
  title: Type.String(),
  resolvesCase: Type.Boolean(),
  createdAt: InstantView,
  updatedAt: InstantView,
  actor: ActorView,
});

export const toLinkView = ({ link, number, title }: LinkedArticle): Static<typeof LinkView> => ({
  id: link.id,
  caseId: link.caseId,
  articleId: link.articleId,
  number,
  articleVersion: link.articleVersion,
  title,
  resolvesCase: link.resolvesCase,
  createdAt: link.createdAt.toISOString(),
  updatedAt: link.updatedAt.toISOString(),
  actor: toActorView(actorView(link)),
});

export const SendBody = Type.Object({ message: Type.Optional(Type.String({ maxLength: 5000, description: 'Words above the article' })) }, { additionalProperties: false });

export const SendView = Type.Object({
  id: Uuid,
  caseId: Uuid,
  articleId: Uuid,
  number: Type.String(),
  articleVersion: Type.Integer(),
  title: Type.String(),
  to: Type.Array(Type.String()),
  outboxId: Uuid,
  activityId: Uuid,
  sentAt: InstantView,
  firstResponse: Type.Boolean({ description: 'This email was the case’s first response' }),
  actor: ActorView,
});

export const SimilarCaseView = Type.Object({
  caseId: Uuid,
  number: Type.String(),
  title: Type.String(),
  status: Type.String(),
  product: Nullable(Type.String()),
  productId: Nullable(Uuid),
  accountId: Nullable(Uuid),
  resolvedAt: Nullable(Type.String()),
  resolution: Nullable(Type.String()),
  score: Type.Number(),
  why: Type.Array(Type.String()),
  articles: Type.Array(Type.Object({ articleId: Uuid, number: Type.String(), version: Type.Integer(), title: Type.String(), resolvesCase: Type.Boolean() })),
});

export const AnalyticsView = Type.Object({
  articleId: Uuid,
  number: Type.String(),
  title: Type.String(),
  status: StringEnum(articleStatuses),
  suggested: Type.Integer({ description: 'Cases it was suggested for' }),
  linked: Type.Integer({ description: 'Cases it is linked to' }),
  sent: Type.Integer({ description: 'Emails that sent it' }),
  resolving: Type.Integer({ description: 'Links marking it as what resolved the case' }),
});
