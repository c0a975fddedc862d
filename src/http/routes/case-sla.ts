import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { caseSlaView } from '../../sla/case-sla-view.js';
import { caseSlaPin } from '../../sla/sla-versions.js';
import { problems } from '../schemas/common.js';

const Instant = Type.Object({ utc: Type.String({ format: 'date-time' }), local: Type.String({ description: 'the same instant in the calendar’s zone' }) });
const NullableInstant = Type.Union([Instant, Type.Null()]);
const NullableString = Type.Union([Type.String(), Type.Null()]);

const KpiInstance = Type.Object({
  instanceId: Type.String({ format: 'uuid' }),
  workflowId: Type.String({ description: 'Temporal workflow id: open it in the Temporal UI' }),
  kpi: Type.String(),
  kpiLabel: Type.String(),
  itemName: Type.String(),
  generation: Type.Integer(),
  state: Type.String({ description: 'in_progress | nearing_noncompliance | noncompliant | succeeded | paused | canceled' }),
  timeZone: Type.String(),
  calendar: Type.Union([Type.Object({ id: Type.String(), version: Type.Integer() }), Type.Null()]),
  applicableFrom: Instant,
  warningAt: NullableInstant,
  failureAt: NullableInstant,
  warnedAt: NullableString,
  failedAt: NullableString,
  succeededAt: NullableString,
  lateSucceededAt: NullableString,
  pausedSince: NullableString,
  pausedBusinessMinutes: Type.Number(),
  businessMinutesLeft: Type.Union([Type.Number(), Type.Null()]),
  businessMinutesOverdue: Type.Number(),
  endedAt: NullableString,
  endReason: NullableString,
  actions: Type.Array(Type.Object({ phase: Type.String(), kind: Type.String(), summary: Type.String(), ranAt: Type.String() })),
});

const PinnedSla = Type.Union(
  [
    Type.Object({
      id: Type.String({ format: 'uuid' }),
      name: Type.String(),
      version: Type.Integer({ description: 'the SLA version these clocks follow (GET /v1/slas/{id}/versions/{version})' }),
      currentVersion: Type.Integer({ description: 'the SLA’s current version; a newer one reaches these clocks only when applied' }),
      deleted: Type.Boolean(),
    }),
    Type.Null(),
  ],
  { description: 'the SLA version the case pinned; null when the case has no SLA' },
);

const caseSla: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/v1/cases/:id/sla',
    {
      schema: {
        tags: ['cases', 'slas'],
        summary: "A case's KPI instances: state, warning and failure instants, business time left or overdue, paused time, actions",
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
        response: { 200: Type.Object({ caseId: Type.String(), sla: PinnedSla, items: Type.Array(KpiInstance) }), ...problems(404) },
      },
    },
    async (request) => {
      const items = await caseSlaView(app.db, request.params.id, app.now());
      return { caseId: request.params.id, sla: await caseSlaPin(app.db, request.params.id), items };
    },
  );
};

export default caseSla;
