import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type Static } from '@sinclair/typebox';
import { roles } from '../../auth/api-keys.js';
import { createApiKey, getApiKey, listApiKeys, revokeApiKey, type ApiKeyRow } from '../../auth/api-key-management.js';
import { resourceHeaders } from '../resource-headers.js';
import { IdParams, InstantView, Nullable, StringEnum, Uuid, idempotencyKeyHeader, problems } from '../schemas/common.js';

const tags = ['api-keys'];

const ApiKeyView = Type.Object({
  id: Uuid,
  name: Type.String(),
  role: StringEnum(roles),
  keyId: Type.String({ description: 'Short non-secret id of the key; generated secrets read sla_<keyId>_<random>' }),
  createdAt: InstantView,
  revokedAt: Nullable(InstantView),
});
const CreatedApiKey = Type.Composite([
  ApiKeyView,
  Type.Object({ secret: Type.String({ description: 'sla_<keyId>_<43 random characters>: shown only in this answer, store it now' }) }),
]);
const ApiKeyCreate = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 200 }), role: StringEnum(roles, { description: 'agent < manager < admin' }) },
  { additionalProperties: false },
);

const toView = (k: ApiKeyRow): Static<typeof ApiKeyView> => ({
  id: k.id,
  name: k.name,
  role: k.role,
  keyId: k.keyId,
  createdAt: k.createdAt.toISOString(),
  revokedAt: k.revokedAt ? k.revokedAt.toISOString() : null,
});

/** API keys (admin only). A revoked key is refused with 401 from then on. */
const apiKeyRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/v1/api-keys',
    {
      config: { role: 'admin' },
      preSerialization: resourceHeaders((k) => `/v1/api-keys/${k.id}`),
      schema: {
        tags,
        summary: 'Create an API key (admin); the secret is in this answer only',
        headers: Type.Object({ ...idempotencyKeyHeader }),
        body: ApiKeyCreate,
        response: { 201: CreatedApiKey, ...problems(409) },
      },
    },
    async (request, reply) => {
      const { key, secret } = await createApiKey(app.db, request.body, app.now(), app.apiKeyPepper);
      return reply.code(201).send({ ...toView(key), secret });
    },
  );

  app.get(
    '/v1/api-keys',
    { config: { role: 'admin' }, schema: { tags, summary: 'List API keys (never their secrets)', response: { 200: Type.Object({ items: Type.Array(ApiKeyView) }), ...problems() } } },
    async () => ({ items: (await listApiKeys(app.db)).map(toView) }),
  );

  app.get(
    '/v1/api-keys/:id',
    { config: { role: 'admin' }, schema: { tags, summary: 'Read an API key (never its secret)', params: IdParams, response: { 200: ApiKeyView, ...problems(404) } } },
    async (request) => toView(await getApiKey(app.db, request.params.id)),
  );

  app.post(
    '/v1/api-keys/:id/revoke',
    {
      config: { role: 'admin' },
      schema: {
        tags,
        summary: 'Revoke an API key (admin); revoking a revoked key changes nothing',
        params: IdParams,
        headers: Type.Object({ ...idempotencyKeyHeader }),
        response: { 200: ApiKeyView, ...problems(404, 409) },
      },
    },
    async (request) => toView(await revokeApiKey(app.db, request.params.id, app.now())),
  );
};

export default apiKeyRoutes;
