import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { createAgent, getAgent, listAgents, updateAgent } from '../../customers/agents.js';
import { resourceHeaders } from '../resource-headers.js';
import { IdParams, Page, PageQuery, Uuid, idempotencyKeyHeader, problems } from '../schemas/common.js';
import { AgentCreate, AgentPatch, AgentView, toAgentView } from '../schemas/customers.js';

const tags = ['agents'];
const headers = resourceHeaders((a) => `/v1/agents/${a.id}`);

/**
 * Agents (support staff who own cases). Managers create and change them; any key reads them. Agents have
 * no version, so PATCH takes no If-Match (last write wins).
 */
const agentRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/v1/agents',
    {
      preSerialization: headers,
      config: { role: 'manager' },
      schema: {
        tags,
        summary: 'Create an agent (manager)',
        headers: Type.Object({ ...idempotencyKeyHeader }),
        body: AgentCreate,
        response: { 201: AgentView, ...problems(409, 422) },
      },
    },
    async (request, reply) => reply.code(201).send(toAgentView(await createAgent(app.db, request.body, app.now()))),
  );

  app.get(
    '/v1/agents',
    {
      schema: {
        tags,
        summary: 'List agents (oldest first), optionally those of one manager',
        querystring: Type.Object({ managerId: Type.Optional(Uuid), ...PageQuery }),
        response: { 200: Page(AgentView), ...problems() },
      },
    },
    async (request) => {
      const { managerId, ...page } = request.query;
      const result = await listAgents(app.db, { managerId }, page);
      return { items: result.rows.map((r) => toAgentView(r.agent)), nextCursor: result.nextCursor };
    },
  );

  app.get(
    '/v1/agents/:id',
    { schema: { tags, summary: 'Read an agent', params: IdParams, response: { 200: AgentView, ...problems(404) } } },
    async (request) => toAgentView(await getAgent(app.db, request.params.id)),
  );

  app.patch(
    '/v1/agents/:id',
    {
      config: { role: 'manager' },
      schema: { tags, summary: 'Change an agent (manager)', params: IdParams, body: AgentPatch, response: { 200: AgentView, ...problems(404, 422) } },
    },
    async (request) => toAgentView(await updateAgent(app.db, request.params.id, request.body)),
  );
};

export default agentRoutes;
