import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { runAfterCommit } from '../../../db/request-transaction.js';
import { linkArticle, listLinks } from '../../knowledge/case-links.js';
import { sendArticle } from '../../knowledge/send-article.js';
import { similarCases } from '../../knowledge/similar-cases.js';
import { suggestArticles } from '../../knowledge/suggestions.js';
import { createEmailActivities } from '../../../activities/email.activities.js';
import { badRequest } from '../../errors.js';
import { actorOf } from '../actor.js';
import { IdParams, idempotencyKeyHeader, problems } from '../schemas/common.js';
import { LinkCreate, LinkView, SendBody, SendView, SimilarCaseView, SuggestionsAnswer, toLinkView } from '../schemas/knowledge.js';
import { actorView } from '../../audit/actor.js';
import { toActorView } from '../schemas/actors.js';

const tags = ['knowledge'];

/** The knowledge base from a case: suggestions, links, sending an article to the customer, similar cases. */
const caseKnowledgeRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const email = createEmailActivities({ db: app.database.db, mailer: app.mailer, clock: () => app.now() });
  const deliver = (outboxId: string) =>
    void email.deliverEmail(outboxId).catch((err: unknown) => app.log.warn({ outboxId, err: err instanceof Error ? err.message : String(err) }, 'knowledge email not delivered'));

  app.get(
    '/v1/cases/:id/knowledge/suggestions',
    {
      schema: {
        tags,
        summary: 'Articles for this case, from its title, description and product',
        description: 'Published, unexpired articles ranked by how many of the case’s words they share and where; articles in the case’s language and of its product rank first. Each has `why`: the case’s words it matched. Counted in the article analytics.',
        params: IdParams,
        querystring: Type.Object({ limit: Type.Integer({ minimum: 1, maximum: 50, default: 5 }) }, { additionalProperties: false }),
        response: { 200: SuggestionsAnswer, ...problems(404) },
      },
    },
    async (request) => suggestArticles(app.db, request.params.id, { limit: request.query.limit, now: app.now(), record: true }),
  );

  app.get(
    '/v1/cases/:id/similar',
    {
      schema: {
        tags,
        summary: 'Other cases like this one (resolved ones, same product and customer first), with their resolution and linked articles',
        params: IdParams,
        querystring: Type.Object({ limit: Type.Integer({ minimum: 1, maximum: 50, default: 5 }) }, { additionalProperties: false }),
        response: { 200: Type.Object({ items: Type.Array(SimilarCaseView) }), ...problems(404) },
      },
    },
    async (request) => ({ items: await similarCases(app.db, request.params.id, request.query.limit) }),
  );

  app.get(
    '/v1/cases/:id/knowledge-links',
    { schema: { tags, summary: 'Articles linked to this case', params: IdParams, response: { 200: Type.Object({ items: Type.Array(LinkView) }), ...problems(404) } } },
    async (request) => ({ items: (await listLinks(app.db, request.params.id)).map(toLinkView) }),
  );

  app.post(
    '/v1/cases/:id/knowledge-links',
    {
      schema: {
        tags,
        summary: 'Link an article version to the case (shown on the timeline)',
        description: 'Default version: the published one. Linking an article already linked moves the link to that version (200); `resolvesCase: true` marks it as what resolved the case.',
        params: IdParams,
        headers: Type.Object({ ...idempotencyKeyHeader }),
        body: LinkCreate,
        response: { 200: LinkView, 201: LinkView, ...problems(404, 409, 422) },
      },
    },
    async (request, reply) => {
      const { linked, created } = await linkArticle(app.db, request.params.id, request.body, app.now(), actorOf(request));
      return reply.code(created ? 201 : 200).send(toLinkView(linked));
    },
  );

  app.post(
    '/v1/cases/:id/knowledge/:articleId/send',
    {
      schema: {
        tags,
        summary: 'Email the published article to the case’s customer (Idempotency-Key required)',
        description:
          'Sent once per Idempotency-Key through the email outbox, and logged as a completed outgoing email activity: the case’s first response when it had none. 422 CUSTOMER_HAS_NO_EMAIL, ARTICLE_NOT_PUBLISHED; 409 ARTICLE_EXPIRED, CASE_NOT_ACTIVE.',
        params: Type.Object({ id: Type.String({ format: 'uuid' }), articleId: Type.String({ format: 'uuid' }) }),
        headers: Type.Object({ ...idempotencyKeyHeader }),
        body: SendBody,
        response: { 201: SendView, ...problems(404, 409, 422) },
      },
    },
    async (request, reply) => {
      const key = request.idempotency?.key;
      if (!key) throw badRequest('IDEMPOTENCY_KEY_REQUIRED', 'Sending an article needs an Idempotency-Key header (e.g. a UUID), so a retry never emails the customer twice.', { field: 'headers.idempotency-key' });
      const actor = actorOf(request);
      const sent = await sendArticle(
        app.db,
        app.caseLifecycle,
        { caseId: request.params.id, articleId: request.params.articleId, message: request.body.message, dedupeKey: `${request.apiKey!.id}:${key}` },
        app.now(),
        actor,
      );
      await app.caseLifecycle.afterCommit(sent.caseId);
      const outboxId = sent.send.outboxId;
      runAfterCommit(() => deliver(outboxId));
      return reply.code(201).send({
        id: sent.send.id,
        caseId: sent.send.caseId,
        articleId: sent.send.articleId,
        number: sent.number,
        articleVersion: sent.send.articleVersion,
        title: sent.title,
        to: sent.send.to,
        outboxId,
        activityId: sent.send.activityId,
        sentAt: sent.send.sentAt.toISOString(),
        firstResponse: sent.firstResponse,
        actor: toActorView(actorView(sent.send)),
      });
    },
  );
};

export default caseKnowledgeRoutes;
