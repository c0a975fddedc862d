import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { SlaInput, SlaView } from '../../sla/sla-schemas.js';
import { createSla, deleteSla, getSla, listSlas, replaceSla } from '../../sla/sla-definitions.js';
import { businessDayMinutesOf } from '../../sla/business-day-length.js';
import { etagOf, ifMatchVersion } from '../etag.js';

const Params = Type.Object({ id: Type.String({ format: 'uuid' }) });
const tags = ['slas'];

/** SLA definitions (admin). Editing an SLA never changes running KPI instances: they keep their item snapshot. */
const slaRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/v1/slas',
    { config: { role: 'admin' }, schema: { tags, summary: 'Create an SLA with its ordered items', body: SlaInput, response: { 201: SlaView } } },
    async (request, reply) => {
      const sla = await createSla(app.db, request.body, businessDayMinutesOf, new Date());
      return reply.code(201).header('location', `/v1/slas/${sla.id}`).header('etag', etagOf(sla.version)).send(sla);
    },
  );

  app.get('/v1/slas', { config: { role: 'agent' }, schema: { tags, summary: 'List SLAs', response: { 200: Type.Object({ items: Type.Array(SlaView) }) } } }, async () => ({
    items: await listSlas(app.db),
  }));

  app.get(
    '/v1/slas/:id',
    { config: { role: 'agent' }, schema: { tags, summary: 'Read an SLA', params: Params, response: { 200: SlaView } } },
    async (request, reply) => {
      const sla = await getSla(app.db, request.params.id);
      return reply.header('etag', etagOf(sla.version)).send(sla);
    },
  );

  app.put(
    '/v1/slas/:id',
    {
      config: { role: 'admin' },
      schema: {
        tags,
        summary: 'Replace an SLA definition (running instances keep their snapshot)',
        params: Params,
        body: SlaInput,
        headers: Type.Object({ 'if-match': Type.Optional(Type.String()) }),
        response: { 200: SlaView },
      },
    },
    async (request, reply) => {
      const sla = await replaceSla(app.db, request.params.id, request.body, ifMatchVersion(request), businessDayMinutesOf, new Date());
      return reply.header('etag', etagOf(sla.version)).send(sla);
    },
  );

  app.delete(
    '/v1/slas/:id',
    { config: { role: 'admin' }, schema: { tags, summary: 'Delete an SLA (running instances continue)', params: Params, response: { 204: Type.Null() } } },
    async (request, reply) => {
      await deleteSla(app.db, request.params.id, new Date());
      return reply.code(204).send(null);
    },
  );
};

export default slaRoutes;
