import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { SlaInput, SlaVersionView, SlaView } from '../../sla/sla-schemas.js';
import { getSlaVersion } from '../../sla/sla-versions.js';
import { createSla, deleteSla, getSla, listSlas, replaceSla } from '../../sla/sla-definitions.js';
import { businessDayMinutesOf } from '../../sla/business-day-length.js';
import { actorOf } from '../actor.js';
import { etagOf, requiredIfMatchVersion } from '../etag.js';
import { VersionParams, problems, requiredIfMatchHeader } from '../schemas/common.js';

const Params = Type.Object({ id: Type.String({ format: 'uuid' }) });
const tags = ['slas'];

/** SLA definitions (admin). Editing an SLA never changes running KPI instances: they keep their item snapshot. */
const slaRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/v1/slas',
    { config: { role: 'admin' }, schema: { tags, summary: 'Create an SLA with its ordered items', body: SlaInput, response: { 201: SlaView, ...problems(422) } } },
    async (request, reply) => {
      const sla = await createSla(app.db, request.body, businessDayMinutesOf, app.now(), actorOf(request));
      return reply.code(201).header('location', `/v1/slas/${sla.id}`).header('etag', etagOf(sla.version)).send(sla);
    },
  );

  app.get('/v1/slas', { config: { role: 'agent' }, schema: { tags, summary: 'List SLAs', response: { 200: Type.Object({ items: Type.Array(SlaView) }), ...problems() } } }, async () => ({
    items: await listSlas(app.db),
  }));

  app.get(
    '/v1/slas/:id',
    { config: { role: 'agent' }, schema: { tags, summary: 'Read an SLA', params: Params, response: { 200: SlaView, ...problems(404) } } },
    async (request, reply) => {
      const sla = await getSla(app.db, request.params.id);
      return reply.header('etag', etagOf(sla.version)).send(sla);
    },
  );

  app.get(
    '/v1/slas/:id/versions/:version',
    {
      config: { role: 'agent' },
      schema: {
        tags,
        summary: 'Read one version of an SLA (versions never change; also for a deleted SLA)',
        description: 'The settings and items that the clocks of the cases that pinned this version follow (GET /v1/cases/{id}/sla names it).',
        params: VersionParams,
        response: { 200: SlaVersionView, ...problems(404) },
      },
    },
    async (request) => getSlaVersion(app.db, request.params.id, request.params.version),
  );

  app.put(
    '/v1/slas/:id',
    {
      config: { role: 'admin' },
      schema: {
        tags,
        summary: 'Replace an SLA definition (running instances keep their snapshot)',
        description: 'Needs If-Match with the ETag of your last read (428 without it, 412 when stale; `*` replaces unconditionally).',
        params: Params,
        body: SlaInput,
        headers: Type.Object({ ...requiredIfMatchHeader }),
        response: { 200: SlaView, ...problems(404, 412, 422, 428) },
      },
    },
    async (request, reply) => {
      const sla = await replaceSla(app.db, request.params.id, request.body, requiredIfMatchVersion(request), businessDayMinutesOf, app.now(), actorOf(request));
      return reply.header('etag', etagOf(sla.version)).send(sla);
    },
  );

  app.delete(
    '/v1/slas/:id',
    { config: { role: 'admin' }, schema: { tags, summary: 'Delete an SLA (running instances continue)', params: Params, response: { 204: Type.Null(), ...problems(404) } } },
    async (request, reply) => {
      await deleteSla(app.db, request.params.id, app.now(), actorOf(request));
      return reply.code(204).send(null);
    },
  );
};

export default slaRoutes;
