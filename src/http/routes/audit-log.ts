import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { listChanges } from '../../audit/audit-log.js';
import { ActorView } from '../schemas/actors.js';
import { InstantView, Nullable, Page, PageQuery, StringEnum, Uuid, problems } from '../schemas/common.js';

const entities = ['sla', 'calendar', 'holiday_list'] as const;

const AuditLogEntryView = Type.Object({
  id: Type.String({ description: 'Sequence number of the change' }),
  entity: StringEnum(entities),
  entityId: Uuid,
  version: Nullable(Type.Integer({ description: 'The version the change produced (for a delete: the version deleted)' })),
  action: Type.String({ description: 'created, updated, deleted or applied_to_running' }),
  actor: ActorView,
  at: InstantView,
  data: Type.Record(Type.String(), Type.Unknown()),
});

/**
 * Who changed the configuration the clocks depend on (admin): every create, replace, delete and
 * apply-to-running of an SLA, calendar or holiday list. Case changes are on each case's timeline.
 */
const auditLogRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/v1/audit-log',
    {
      config: { role: 'admin' },
      schema: {
        tags: ['audit'],
        summary: 'Changes to SLAs, calendars and holiday lists, oldest first, with who made them',
        querystring: Type.Object({ entity: Type.Optional(StringEnum(entities)), entityId: Type.Optional(Uuid), ...PageQuery }),
        response: { 200: Page(AuditLogEntryView), ...problems() },
      },
    },
    async (request) => {
      const { entity, entityId, ...page } = request.query;
      return listChanges(app.db, { entity, entityId }, page);
    },
  );
};

export default auditLogRoutes;
