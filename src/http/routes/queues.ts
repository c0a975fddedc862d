import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { createQueue, getQueue, listQueues, updateQueue } from '../../queues/queues.js';
import { addCaseToQueue, getQueueItem, listQueueItems, pickQueueItem, releaseQueueItem, removeQueueItem, routeQueueItem } from '../../queues/queue-items.js';
import { actorOf } from '../actor.js';
import { resourceHeaders } from '../resource-headers.js';
import { IdParams, Page, PageQuery, Uuid, idempotencyKeyHeader, problems } from '../schemas/common.js';
import { AddToQueue, Pick, QueueCreate, QueueItemView, QueueItemWithCase, QueuePatch, QueueView, Route, toQueueItemView, toQueueView } from '../schemas/queues.js';

const tags = ['queues'];
const idempotent = Type.Object({ ...idempotencyKeyHeader });
const itemHeaders = resourceHeaders((i) => `/v1/queue-items/${i.id}`);

/**
 * Queues (managers create and change them) and queue items (any key works them). A case is in at most
 * one queue: adding it to a queue or routing its item moves it. Resolving or cancelling a case takes it
 * out of its queue.
 */
const queueRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/v1/queues',
    {
      config: { role: 'manager' },
      preSerialization: resourceHeaders((q) => `/v1/queues/${q.id}`),
      schema: { tags, summary: 'Create a queue (manager)', headers: idempotent, body: QueueCreate, response: { 201: QueueView, ...problems(409) } },
    },
    async (request, reply) => reply.code(201).send(toQueueView(await createQueue(app.db, request.body, app.now()))),
  );

  app.get(
    '/v1/queues',
    { schema: { tags, summary: 'List queues by name', querystring: Type.Object(PageQuery), response: { 200: Page(QueueView), ...problems() } } },
    async (request) => {
      const page = await listQueues(app.db, request.query);
      return { items: page.rows.map((r) => toQueueView(r.queue)), nextCursor: page.nextCursor };
    },
  );

  app.get(
    '/v1/queues/:id',
    { schema: { tags, summary: 'Read a queue', params: IdParams, response: { 200: QueueView, ...problems(404) } } },
    async (request) => toQueueView(await getQueue(app.db, request.params.id)),
  );

  app.patch(
    '/v1/queues/:id',
    {
      config: { role: 'manager' },
      schema: { tags, summary: 'Rename a queue or mark it as the escalation queue (manager)', params: IdParams, body: QueuePatch, response: { 200: QueueView, ...problems(404, 409) } },
    },
    async (request) => toQueueView(await updateQueue(app.db, request.params.id, request.body)),
  );

  app.get(
    '/v1/queues/:id/items',
    {
      schema: {
        tags,
        summary: 'The cases waiting in a queue, first in first out',
        params: IdParams,
        querystring: Type.Object({ workedById: Type.Optional(Uuid), ...PageQuery }),
        response: { 200: Page(QueueItemWithCase), ...problems(404) },
      },
    },
    async (request) => {
      const { workedById, ...page } = request.query;
      const result = await listQueueItems(app.db, request.params.id, { workedById }, page);
      return { items: result.rows.map((r) => ({ ...toQueueItemView(r.item), case: r.case })), nextCursor: result.nextCursor };
    },
  );

  app.post(
    '/v1/queues/:id/items',
    {
      preSerialization: itemHeaders,
      schema: {
        tags,
        summary: 'Put a case into this queue (moving it out of any other)',
        description: '201 with the new item; 200 with the existing item when the case already is in this queue.',
        params: IdParams,
        headers: idempotent,
        body: AddToQueue,
        response: { 201: QueueItemView, 200: QueueItemView, ...problems(404, 409, 422) },
      },
    },
    async (request, reply) => {
      const { item, created } = await addCaseToQueue(app.db, app.caseLifecycle, { queueId: request.params.id, ...request.body }, app.now(), actorOf(request));
      if (created) await app.caseLifecycle.afterCommit(item.caseId);
      return reply.code(created ? 201 : 200).send(toQueueItemView(item));
    },
  );

  app.get(
    '/v1/queue-items/:id',
    { schema: { tags, summary: 'Read a queue item', params: IdParams, response: { 200: QueueItemView, ...problems(404) } } },
    async (request) => toQueueItemView(await getQueueItem(app.db, request.params.id)),
  );

  app.post(
    '/v1/queue-items/:id/pick',
    {
      schema: {
        tags,
        summary: 'An agent picks the item to work on it',
        description: 'Picking an item the same agent works changes nothing; an item another agent works is 409 QUEUE_ITEM_ALREADY_PICKED.',
        params: IdParams,
        headers: idempotent,
        body: Pick,
        response: { 200: QueueItemView, ...problems(404, 409, 422) },
      },
    },
    async (request) => toQueueItemView(await pickQueueItem(app.db, request.params.id, request.body.agentId, app.now(), actorOf(request))),
  );

  app.post(
    '/v1/queue-items/:id/release',
    {
      schema: {
        tags,
        summary: 'Release a picked item back to its queue',
        params: IdParams,
        headers: idempotent,
        response: { 200: QueueItemView, ...problems(404, 409) },
      },
    },
    async (request) => toQueueItemView(await releaseQueueItem(app.db, request.params.id, app.now(), actorOf(request))),
  );

  app.post(
    '/v1/queue-items/:id/route',
    {
      schema: {
        tags,
        summary: 'Move the item’s case to another queue',
        description: 'Closes this item and answers with the case’s item in the target queue (unchanged if it already is there).',
        params: IdParams,
        headers: idempotent,
        body: Route,
        response: { 200: QueueItemView, ...problems(404, 409, 422) },
      },
    },
    async (request) => {
      const { item, moved } = await routeQueueItem(app.db, app.caseLifecycle, request.params.id, request.body, app.now(), actorOf(request));
      if (moved) await app.caseLifecycle.afterCommit(item.caseId);
      return toQueueItemView(item);
    },
  );

  app.delete(
    '/v1/queue-items/:id',
    {
      schema: { tags, summary: 'Take the item’s case out of its queue', params: IdParams, response: { 204: Type.Null(), ...problems(404, 409) } },
    },
    async (request, reply) => {
      const caseId = await removeQueueItem(app.db, app.caseLifecycle, request.params.id, app.now(), actorOf(request));
      await app.caseLifecycle.afterCommit(caseId);
      return reply.code(204).send(null);
    },
  );
};

export default queueRoutes;
