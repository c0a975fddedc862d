import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import {
  ChannelTermsInput,
  ChannelTermsUpdate,
  ChannelView,
  Channel,
  EntitlementInput,
  EntitlementList,
  EntitlementListQuery,
  EntitlementPatch,
  EntitlementView,
  UsageView,
} from '../../entitlements/entitlement-schemas.js';
import {
  activateEntitlement,
  addChannel,
  cancelEntitlement,
  createEntitlement,
  deleteChannel,
  getEntitlement,
  getChannel,
  getUsage,
  listChannels,
  listEntitlements,
  updateChannel,
  updateEntitlement,
} from '../../entitlements/entitlements.js';
import { ifMatchVersion } from '../etag.js';
import { requiredIfMatchVersion } from '../etag.js';
import { resourceHeaders } from '../resource-headers.js';
import { IdParams, idempotencyKeyHeader, ifMatchHeader, problems, requiredIfMatchHeader } from '../schemas/common.js';

const tags = ['entitlements'];
const ChannelParams = Type.Object({ id: Type.String({ format: 'uuid' }), channel: Channel });
const withHeaders = resourceHeaders((e) => `/v1/entitlements/${e.id}`);

/**
 * Entitlements: what support each customer is owed (rules: src/entitlements/rules.ts). Changes need the
 * admin role; agents may read them (they see which entitlement covers a case and what is left).
 */
const entitlementRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/v1/entitlements',
    {
      config: { role: 'admin' },
      preSerialization: withHeaders,
      schema: {
        tags,
        summary: 'Create an entitlement (a draft until activated)',
        headers: Type.Object(idempotencyKeyHeader),
        body: EntitlementInput,
        response: { 201: EntitlementView, ...problems(409, 422) },
      },
    },
    async (request, reply) => reply.code(201).send(await createEntitlement(app.db, request.body, app.now())),
  );

  app.get(
    '/v1/entitlements',
    {
      config: { role: 'agent' },
      schema: {
        tags,
        summary: 'List entitlements, by customer and status (oldest first)',
        description: 'status is derived from the dates at the time of the request: waiting before startDate, active within, expired after endDate (UTC, inclusive).',
        querystring: EntitlementListQuery,
        response: { 200: EntitlementList, ...problems() },
      },
    },
    async (request) => listEntitlements(app.db, request.query, app.now()),
  );

  app.get(
    '/v1/entitlements/:id',
    {
      config: { role: 'agent' },
      preSerialization: withHeaders,
      schema: { tags, summary: 'Read an entitlement with its terms and what is left', params: IdParams, response: { 200: EntitlementView, ...problems(404) } },
    },
    async (request) => getEntitlement(app.db, request.params.id, app.now()),
  );

  app.patch(
    '/v1/entitlements/:id',
    {
      config: { role: 'admin' },
      preSerialization: withHeaders,
      schema: {
        tags,
        summary: 'Change an entitlement (If-Match required)',
        description:
          'Customer, allocationType and decreaseOn can only change while it is a draft. totalTerms cannot go below what is already used, nor below any channel’s terms.',
        params: IdParams,
        headers: Type.Object(requiredIfMatchHeader),
        body: EntitlementPatch,
        response: { 200: EntitlementView, ...problems(404, 409, 412, 422, 428) },
      },
    },
    async (request) => updateEntitlement(app.db, request.params.id, request.body, requiredIfMatchVersion(request), app.now()),
  );

  app.post(
    '/v1/entitlements/:id/activate',
    {
      config: { role: 'admin' },
      preSerialization: withHeaders,
      schema: {
        tags,
        summary: 'Activate a draft entitlement (then waiting, active or expired by its dates)',
        params: IdParams,
        headers: Type.Object({ ...ifMatchHeader, ...idempotencyKeyHeader }),
        response: { 200: EntitlementView, ...problems(404, 409, 412, 422) },
      },
    },
    async (request) => activateEntitlement(app.db, request.params.id, ifMatchVersion(request), app.now()),
  );

  app.post(
    '/v1/entitlements/:id/cancel',
    {
      config: { role: 'admin' },
      preSerialization: withHeaders,
      schema: {
        tags,
        summary: 'Cancel an entitlement: it covers no new case (cases under it keep it)',
        params: IdParams,
        headers: Type.Object({ ...ifMatchHeader, ...idempotencyKeyHeader }),
        response: { 200: EntitlementView, ...problems(404, 412) },
      },
    },
    async (request) => cancelEntitlement(app.db, request.params.id, ifMatchVersion(request), app.now()),
  );

  app.get(
    '/v1/entitlements/:id/usage',
    {
      config: { role: 'agent' },
      schema: {
        tags,
        summary: 'Terms used and left, in total and per channel, with the usage ledger',
        params: IdParams,
        response: { 200: UsageView, ...problems(404) },
      },
    },
    async (request) => getUsage(app.db, request.params.id, app.now()),
  );

  // Channels -------------------------------------------------------------------------------------------

  app.get(
    '/v1/entitlements/:id/channels',
    {
      config: { role: 'agent' },
      schema: { tags, summary: 'Per-channel terms', params: IdParams, response: { 200: Type.Object({ items: Type.Array(ChannelView) }), ...problems(404) } },
    },
    async (request) => ({ items: await listChannels(app.db, request.params.id) }),
  );

  app.post(
    '/v1/entitlements/:id/channels',
    {
      config: { role: 'admin' },
      schema: {
        tags,
        summary: 'Add terms for a channel (the entitlement then covers only its listed channels)',
        params: IdParams,
        headers: Type.Object({ ...ifMatchHeader, ...idempotencyKeyHeader }),
        body: ChannelTermsInput,
        response: { 201: ChannelView, ...problems(404, 409, 412, 422) },
      },
    },
    async (request, reply) => {
      const view = await addChannel(app.db, request.params.id, request.body, ifMatchVersion(request), app.now());
      return reply.code(201).header('location', `/v1/entitlements/${request.params.id}/channels/${view.channel}`).send(view);
    },
  );

  app.get(
    '/v1/entitlements/:id/channels/:channel',
    {
      config: { role: 'agent' },
      schema: { tags, summary: 'One channel’s terms', params: ChannelParams, response: { 200: ChannelView, ...problems(404) } },
    },
    async (request) => getChannel(app.db, request.params.id, request.params.channel),
  );

  app.put(
    '/v1/entitlements/:id/channels/:channel',
    {
      config: { role: 'admin' },
      schema: {
        tags,
        summary: 'Change a channel’s terms',
        params: ChannelParams,
        headers: Type.Object(ifMatchHeader),
        body: ChannelTermsUpdate,
        response: { 200: ChannelView, ...problems(404, 409, 412, 422) },
      },
    },
    async (request) => updateChannel(app.db, request.params.id, request.params.channel, request.body.totalTerms, ifMatchVersion(request), app.now()),
  );

  app.delete(
    '/v1/entitlements/:id/channels/:channel',
    {
      config: { role: 'admin' },
      schema: {
        tags,
        summary: 'Remove a channel’s terms (what its cases used stays in the ledger and the total)',
        params: ChannelParams,
        headers: Type.Object(ifMatchHeader),
        response: { 204: Type.Null(), ...problems(404, 409, 412) },
      },
    },
    async (request, reply) => {
      await deleteChannel(app.db, request.params.id, request.params.channel, ifMatchVersion(request), app.now());
      return reply.code(204).send(null);
    },
  );
};

export default entitlementRoutes;
