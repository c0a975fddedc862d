import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { archiveArticle, createArticle, editArticle, getArticle, getVersion, listArticles, listVersions, publishArticle } from '../../knowledge/articles.js';
import { searchArticles } from '../../knowledge/search.js';
import { articleAnalytics } from '../../knowledge/analytics.js';
import { roleAllows } from '../../auth/api-keys.js';
import { forbidden, notFound } from '../../errors.js';
import { cursorScope, decodeCursor, encodeCursor } from '../../paging.js';
import { actorOf } from '../actor.js';
import { ifMatchVersion, requiredIfMatchVersion } from '../etag.js';
import { parseInstant } from '../instants.js';
import { resourceHeaders } from '../resource-headers.js';
import { IdParams, Page, PageQuery, StringEnum, VersionNumber, idempotencyKeyHeader, ifMatchHeader, problems, requiredIfMatchHeader } from '../schemas/common.js';
import {
  AnalyticsView,
  ArticleCreate,
  ArticlePatch,
  ArticleView,
  SearchAnswer,
  SearchQuery,
  VersionSummary,
  VersionView,
  toArticleView,
  toVersionSummary,
  toVersionView,
} from '../schemas/knowledge.js';
import { articleStatuses } from '../../../db/schema/index.js';

const tags = ['knowledge'];
const headers = resourceHeaders((a) => `/v1/knowledge/articles/${a.id}`);
const commandHeaders = Type.Object({ ...ifMatchHeader, ...idempotencyKeyHeader });
const VersionParams = Type.Object({ id: Type.String({ format: 'uuid' }), version: VersionNumber });

/**
 * The knowledge base: articles with versions (agents draft and edit, managers publish and archive) and
 * full-text search. Answers carry the article's ETag; PATCH requires If-Match.
 */
const knowledgeRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const instantOrNull = (value: string | null | undefined, field: string) => (value === undefined ? undefined : value === null ? null : parseInstant(value, field, app.now()));

  app.post(
    '/v1/knowledge/articles',
    {
      preSerialization: headers,
      schema: {
        tags,
        summary: 'Write a new article (a draft, version 1)',
        description: 'Content is Markdown; its HTML rendering keeps no raw HTML and no javascript: links. language is a BCP 47 tag (unknown: 400).',
        headers: Type.Object({ ...idempotencyKeyHeader }),
        body: ArticleCreate,
        response: { 201: ArticleView, ...problems(409, 422) },
      },
    },
    async (request, reply) => {
      const { expiresAt, ...rest } = request.body;
      const fields = { ...rest, keywords: rest.keywords ?? [], productId: rest.productId ?? null, expiresAt: instantOrNull(expiresAt, 'body.expiresAt') ?? null };
      const article = await createArticle(app.db, fields, app.now(), actorOf(request));
      return reply.code(201).send(toArticleView(article));
    },
  );

  app.get(
    '/v1/knowledge/articles',
    {
      schema: {
        tags,
        summary: 'List articles by number',
        querystring: Type.Object({ status: Type.Optional(StringEnum(articleStatuses)), ...PageQuery }, { additionalProperties: false }),
        response: { 200: Page(ArticleView), ...problems() },
      },
    },
    async (request) => {
      const { status, limit, cursor } = request.query;
      const scope = cursorScope(['knowledge-articles', status ?? null]);
      const [after] = decodeCursor(cursor, scope, 1) ?? [];
      const rows = await listArticles(app.db, { status, limit, after });
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      return { items: page.map(toArticleView), nextCursor: rows.length > limit && last ? encodeCursor([last.article.number], scope) : null };
    },
  );

  app.get(
    '/v1/knowledge/search',
    {
      schema: {
        tags,
        summary: 'Full-text search of the knowledge base',
        description:
          'Ranked by PostgreSQL full text (title above keywords above content), stemmed in each article’s language; `websearch_to_tsquery` syntax ("a phrase", -word, or). With language, only articles in that language (its primary subtag) are searched, and the query is stemmed in it. When full text finds nothing, the closest titles and keywords by trigram similarity (method "trigram"). Expired articles are left out.',
        querystring: SearchQuery,
        response: { 200: SearchAnswer, ...problems() },
      },
    },
    async (request) => {
      const { q, language, product, status = 'published', limit } = request.query;
      if (status !== 'published' && !roleAllows(request.apiKey!.role, 'manager')) {
        throw forbidden(`Searching ${status} articles needs the "manager" role; the key has "${request.apiKey!.role}".`, { requiredRole: 'manager', role: request.apiKey!.role });
      }
      return searchArticles(app.db, q, { language, productId: product, status, limit, now: app.now(), excludeExpired: status === 'published' });
    },
  );

  app.get(
    '/v1/knowledge/analytics',
    {
      schema: {
        tags,
        summary: 'How articles served: suggested, linked, sent, resolving (most resolving first)',
        querystring: Type.Object({ limit: Type.Integer({ minimum: 1, maximum: 100, default: 50 }) }, { additionalProperties: false }),
        response: { 200: Type.Object({ items: Type.Array(AnalyticsView) }), ...problems() },
      },
    },
    async (request) => ({ items: await articleAnalytics(app.db, { limit: request.query.limit }) }),
  );

  app.get(
    '/v1/knowledge/articles/:id',
    { preSerialization: headers, schema: { tags, summary: 'Read an article: the version served (else the latest) and its pending draft', params: IdParams, response: { 200: ArticleView, ...problems(404) } } },
    async (request) => toArticleView(await getArticle(app.db, request.params.id)),
  );

  app.patch(
    '/v1/knowledge/articles/:id',
    {
      preSerialization: headers,
      schema: {
        tags,
        summary: 'Edit an article (If-Match required)',
        description: 'Edits the pending draft in place; on a published or archived article starts a new draft version while the published one stays served.',
        params: IdParams,
        headers: Type.Object({ ...requiredIfMatchHeader }),
        body: ArticlePatch,
        response: { 200: ArticleView, ...problems(404, 412, 422, 428) },
      },
    },
    async (request) => {
      const expected = requiredIfMatchVersion(request);
      const { expiresAt, ...rest } = request.body;
      const patch = { ...rest, ...(expiresAt === undefined ? {} : { expiresAt: instantOrNull(expiresAt, 'body.expiresAt') ?? null }) };
      return toArticleView(await editArticle(app.db, request.params.id, patch, expected, app.now(), actorOf(request)));
    },
  );

  app.post(
    '/v1/knowledge/articles/:id/publish',
    {
      preSerialization: headers,
      config: { role: 'manager' },
      schema: {
        tags,
        summary: 'Publish the draft (manager): it is served from now on, the version served before is superseded',
        params: IdParams,
        headers: commandHeaders,
        body: Type.Object({ version: Type.Optional(VersionNumber) }, { additionalProperties: false }),
        response: { 200: ArticleView, ...problems(404, 409, 412, 422) },
      },
    },
    async (request) => toArticleView(await publishArticle(app.db, request.params.id, request.body.version, ifMatchVersion(request), app.now())),
  );

  app.post(
    '/v1/knowledge/articles/:id/archive',
    {
      preSerialization: headers,
      config: { role: 'manager' },
      schema: {
        tags,
        summary: 'Archive an article (manager): no longer served, searched or suggested; its versions stay readable',
        params: IdParams,
        headers: commandHeaders,
        body: Type.Object({}, { additionalProperties: false }),
        response: { 200: ArticleView, ...problems(404, 409, 412) },
      },
    },
    async (request) => toArticleView(await archiveArticle(app.db, request.params.id, ifMatchVersion(request), app.now())),
  );

  app.get(
    '/v1/knowledge/articles/:id/versions',
    { schema: { tags, summary: 'Every version of an article, newest first', params: IdParams, response: { 200: Type.Object({ items: Type.Array(VersionSummary) }), ...problems(404) } } },
    async (request) => ({ items: (await listVersions(app.db, request.params.id)).map(toVersionSummary) }),
  );

  app.get(
    '/v1/knowledge/articles/:id/versions/:version',
    { schema: { tags, summary: 'One version of an article', params: VersionParams, response: { 200: VersionView, ...problems(404) } } },
    async (request) => {
      const { article, version } = await getVersion(app.db, request.params.id, request.params.version);
      return toVersionView(article.number, version);
    },
  );

  app.get(
    '/v1/knowledge/articles/:id/analytics',
    { schema: { tags, summary: 'How this article served: suggested, linked, sent, resolving', params: IdParams, response: { 200: AnalyticsView, ...problems(404) } } },
    async (request) => {
      const [row] = await articleAnalytics(app.db, { articleId: request.params.id, limit: 1 });
      if (!row) throw notFound('knowledge article', request.params.id);
      return row;
    },
  );
};

export default knowledgeRoutes;
