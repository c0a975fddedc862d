import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type Static } from '@sinclair/typebox';
import { webhookDeliveryStatuses } from '../../../db/schema/index.js';
import { WEBHOOK_EVENT_TYPES, webhookEventTypeNames } from '../../webhooks/event-catalogue.js';
import { getDelivery, listDeliveries, redeliver, type DeliveryRow } from '../../webhooks/delivery-log.js';
import {
  createSubscription,
  deleteSubscription,
  getSubscription,
  listSubscriptions,
  rotateSecret,
  updateSubscription,
  type WebhookSubscriptionRow,
} from '../../webhooks/subscriptions.js';
import { actorView } from '../../audit/actor.js';
import { actorOf } from '../actor.js';
import { ifMatchVersion } from '../etag.js';
import { resourceHeaders } from '../resource-headers.js';
import { ActorView } from '../schemas/actors.js';
import { IdParams, InstantView, Nullable, Page, PageQuery, StringEnum, Uuid, idempotencyKeyHeader, ifMatchHeader, problems } from '../schemas/common.js';

const tags = ['webhooks'];
const admin = { role: 'admin' as const };
const idempotent = Type.Object({ ...idempotencyKeyHeader });

const EventTypes = Type.Array(StringEnum(webhookEventTypeNames), { minItems: 1, maxItems: webhookEventTypeNames.length, uniqueItems: true });
const Url = Type.String({ minLength: 1, maxLength: 2000, description: 'http(s) URL of the receiver; private addresses are refused unless WEBHOOK_ALLOW_PRIVATE_NETWORKS' });
const Email = Type.String({ minLength: 3, maxLength: 320, pattern: '^[^\\s@]+@[^\\s@]+$' });
const Description = Type.String({ maxLength: 500 });

const SubscriptionView = Type.Object({
  id: Uuid,
  url: Type.String(),
  description: Nullable(Type.String()),
  eventTypes: Type.Array(Type.String()),
  enabled: Type.Boolean(),
  alertEmail: Nullable(Type.String({ description: 'Told when the subscription is disabled (else WEBHOOK_ADMIN_EMAIL)' })),
  failingSince: Nullable(InstantView),
  disabledAt: Nullable(InstantView),
  disabledReason: Nullable(Type.String()),
  previousSecretExpiresAt: Nullable(InstantView),
  actor: ActorView,
  createdAt: InstantView,
  updatedAt: InstantView,
  version: Type.Integer(),
});
const WithSecret = Type.Composite([
  SubscriptionView,
  Type.Object({ secret: Type.String({ description: 'whsec_<base64>: shown only in this answer; verify webhook-signature with it' }) }),
]);
const SubscriptionCreate = Type.Object(
  { url: Url, eventTypes: EventTypes, description: Type.Optional(Nullable(Description)), alertEmail: Type.Optional(Nullable(Email)), enabled: Type.Optional(Type.Boolean()) },
  { additionalProperties: false },
);
const SubscriptionPatch = Type.Object(
  {
    url: Type.Optional(Url),
    eventTypes: Type.Optional(EventTypes),
    description: Type.Optional(Nullable(Description)),
    alertEmail: Type.Optional(Nullable(Email)),
    enabled: Type.Optional(Type.Boolean({ description: 'true re-enables a disabled subscription (its failure window starts again)' })),
  },
  { additionalProperties: false, minProperties: 1 },
);
const Rotate = Type.Object(
  { graceHours: Type.Optional(Type.Integer({ minimum: 0, maximum: 720, description: 'How long the previous secret still signs (default WEBHOOK_ROTATION_GRACE_HOURS)' })) },
  { additionalProperties: false },
);

const DeliveryView = Type.Object({
  id: Uuid,
  subscriptionId: Uuid,
  eventId: Type.String({ description: 'The webhook-id header of every attempt' }),
  eventType: Type.String(),
  status: StringEnum(webhookDeliveryStatuses),
  attempts: Type.Integer(),
  lastStatusCode: Nullable(Type.Integer()),
  lastLatencyMs: Nullable(Type.Integer()),
  lastError: Nullable(Type.String()),
  lastAttemptAt: Nullable(InstantView),
  nextAttemptAt: Nullable(InstantView),
  redeliveryOf: Nullable(Uuid),
  createdAt: InstantView,
  finishedAt: Nullable(InstantView),
});
const AttemptView = Type.Object({ attempt: Type.Integer(), at: InstantView, statusCode: Nullable(Type.Integer()), latencyMs: Type.Integer(), error: Nullable(Type.String()) });
const DeliveryDetail = Type.Composite([DeliveryView, Type.Object({ attemptLog: Type.Array(AttemptView), payload: Type.Record(Type.String(), Type.Unknown()) })]);
const DeliveryParams = Type.Object({ id: Type.String({ format: 'uuid' }), deliveryId: Type.String({ format: 'uuid' }) });

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const toView = (s: WebhookSubscriptionRow): Static<typeof SubscriptionView> => ({
  id: s.id,
  url: s.url,
  description: s.description,
  eventTypes: s.eventTypes,
  enabled: s.enabled,
  alertEmail: s.alertEmail,
  failingSince: iso(s.failingSince),
  disabledAt: iso(s.disabledAt),
  disabledReason: s.disabledReason,
  previousSecretExpiresAt: s.previousSecret ? iso(s.previousSecretExpiresAt) : null,
  actor: actorView(s),
  createdAt: s.createdAt.toISOString(),
  updatedAt: s.updatedAt.toISOString(),
  version: s.version,
});
const toDeliveryView = (d: DeliveryRow): Static<typeof DeliveryView> => ({
  id: d.id,
  subscriptionId: d.subscriptionId,
  eventId: d.eventId,
  eventType: d.eventType,
  status: d.status,
  attempts: d.attempts,
  lastStatusCode: d.lastStatusCode,
  lastLatencyMs: d.lastLatencyMs,
  lastError: d.lastError,
  lastAttemptAt: iso(d.lastAttemptAt),
  nextAttemptAt: iso(d.nextAttemptAt),
  redeliveryOf: d.redeliveryOf,
  createdAt: d.createdAt.toISOString(),
  finishedAt: iso(d.finishedAt),
});

/**
 * Webhook subscriptions (admin), Standard Webhooks signing: the secret is in the create and rotate
 * answers only. The delivery log of each subscription, and manual redelivery of any delivery.
 */
const webhookRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const policy = () => ({ allowPrivateNetworks: app.webhooks.config.allowPrivateNetworks });
  const subscriptionHeaders = resourceHeaders((s) => `/v1/webhooks/${s.id}`);

  app.get(
    '/v1/webhooks/event-types',
    {
      config: admin,
      schema: {
        tags,
        summary: 'The event catalogue: every event type with an example of its data',
        response: { 200: Type.Object({ items: Type.Array(Type.Object({ type: Type.String(), description: Type.String(), example: Type.Record(Type.String(), Type.Unknown()) })) }), ...problems() },
      },
    },
    async () => ({ items: WEBHOOK_EVENT_TYPES.map((e) => ({ ...e })) }),
  );

  app.post(
    '/v1/webhooks',
    {
      config: admin,
      preSerialization: subscriptionHeaders,
      schema: { tags, summary: 'Subscribe a receiver to event types (admin); the signing secret is in this answer only', headers: idempotent, body: SubscriptionCreate, response: { 201: WithSecret, ...problems(422) } },
    },
    async (request, reply) => {
      const { subscription, secret } = await createSubscription(app.db, request.body, policy(), app.now(), actorOf(request));
      return reply.code(201).send({ ...toView(subscription), secret });
    },
  );

  app.get(
    '/v1/webhooks',
    { config: admin, schema: { tags, summary: 'List webhook subscriptions, newest first (never their secrets)', response: { 200: Type.Object({ items: Type.Array(SubscriptionView) }), ...problems() } } },
    async () => ({ items: (await listSubscriptions(app.db)).map(toView) }),
  );

  app.get(
    '/v1/webhooks/:id',
    { config: admin, preSerialization: subscriptionHeaders, schema: { tags, summary: 'Read a webhook subscription', params: IdParams, response: { 200: SubscriptionView, ...problems(404) } } },
    async (request) => toView(await getSubscription(app.db, request.params.id)),
  );

  app.patch(
    '/v1/webhooks/:id',
    {
      config: admin,
      preSerialization: subscriptionHeaders,
      schema: {
        tags,
        summary: 'Change a subscription: URL, event types, description, alert email, enabled (true re-enables a disabled one)',
        params: IdParams,
        headers: Type.Object(ifMatchHeader),
        body: SubscriptionPatch,
        response: { 200: SubscriptionView, ...problems(404, 412, 422) },
      },
    },
    async (request) => toView(await updateSubscription(app.db, request.params.id, request.body, policy(), app.now(), actorOf(request), ifMatchVersion(request))),
  );

  app.delete(
    '/v1/webhooks/:id',
    { config: admin, schema: { tags, summary: 'Delete a subscription with its delivery log; nothing more is sent to it', params: IdParams, response: { 204: Type.Null({ description: 'Deleted' }), ...problems(404) } } },
    async (request, reply) => {
      await deleteSubscription(app.db, request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/v1/webhooks/:id/rotate-secret',
    {
      config: admin,
      preSerialization: subscriptionHeaders,
      schema: {
        tags,
        summary: 'Replace the signing secret; the previous one keeps signing (a second v1 signature) during the grace period',
        params: IdParams,
        headers: idempotent,
        body: Rotate,
        response: { 200: WithSecret, ...problems(404) },
      },
    },
    async (request) => {
      const grace = request.body.graceHours ?? app.webhooks.config.rotationGraceHours;
      const { subscription, secret } = await rotateSecret(app.db, request.params.id, grace, app.now(), actorOf(request));
      return { ...toView(subscription), secret };
    },
  );

  app.get(
    '/v1/webhooks/:id/deliveries',
    {
      config: admin,
      schema: {
        tags,
        summary: 'The delivery log of a subscription, newest first: status, attempts, last answer and latency',
        params: IdParams,
        querystring: Type.Object({ status: Type.Optional(StringEnum(webhookDeliveryStatuses)), ...PageQuery }),
        response: { 200: Page(DeliveryView), ...problems(404) },
      },
    },
    async (request) => {
      const { status, ...page } = request.query;
      const result = await listDeliveries(app.db, request.params.id, { status }, page);
      return { items: result.rows.map(toDeliveryView), nextCursor: result.nextCursor };
    },
  );

  app.get(
    '/v1/webhooks/:id/deliveries/:deliveryId',
    { config: admin, schema: { tags, summary: 'One delivery with every attempt and the payload sent', params: DeliveryParams, response: { 200: DeliveryDetail, ...problems(404) } } },
    async (request) => {
      const { delivery, attempts, payload } = await getDelivery(app.db, request.params.id, request.params.deliveryId);
      return { ...toDeliveryView(delivery), attemptLog: attempts.map((a) => ({ attempt: a.attempt, at: a.at.toISOString(), statusCode: a.statusCode, latencyMs: a.latencyMs, error: a.error })), payload };
    },
  );

  app.post(
    '/v1/webhooks/:id/deliveries/:deliveryId/redeliver',
    {
      config: admin,
      schema: {
        tags,
        summary: 'Send the delivery’s event again (same webhook-id) as a new delivery; 409 while the subscription is disabled',
        params: DeliveryParams,
        headers: idempotent,
        response: { 202: DeliveryView, ...problems(404, 409) },
      },
    },
    async (request, reply) => {
      const delivery = await redeliver(app.db, request.params.id, request.params.deliveryId, app.now());
      app.webhooks.waker?.wake();
      return reply.code(202).send(toDeliveryView(delivery));
    },
  );
};

export default webhookRoutes;
