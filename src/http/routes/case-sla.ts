import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { caseSlaView } from '../../sla/case-sla-view.js';

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

const caseSla: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/v1/cases/:id/sla',
    {
      schema: {
        tags: ['cases', 'slas'],
        summary: "A case's KPI instances: state, warning and failure instants, business time left or overdue, paused time, actions",
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
        response: { 200: Type.Object({ caseId: Type.String(), items: Type.Array(KpiInstance) }) },
      },
    },
    async (request) => ({ caseId: request.params.id, items: await caseSlaView(app.db, request.params.id, new Date()) }),
  );
};

export default caseSla;
