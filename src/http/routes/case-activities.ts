import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { getActivity, listActivities, logActivity } from '../../case-activities/activities.js';
import { caseTimeline } from '../../case-activities/timeline.js';
import { ifMatchVersion } from '../etag.js';
import { parseInstant } from '../instants.js';
import { resourceHeaders } from '../resource-headers.js';
import { IdParams, Page, PageQuery, StringEnum, idempotencyKeyHeader, ifMatchHeader, problems } from '../schemas/common.js';
import { ActivityCreate, ActivityParams, ActivityView, TimelineEntryView, toActivityView, toTimelineEntryView } from '../schemas/activities.js';

const tags = ['activities'];

/** The case's activities (calls, emails, tasks, appointments, notes) and its merged timeline. */
const activityRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/v1/cases/:id/activities',
    {
      preSerialization: resourceHeaders((a) => `/v1/cases/${a.caseId}/activities/${a.id}`),
      schema: {
        tags,
        summary: 'Log an activity on an active case',
        description: 'If-Match (the case’s ETag) is honoured when sent. A completed outgoing email or phone call records the first response if the case had none.',
        params: IdParams,
        headers: Type.Object({ ...ifMatchHeader, ...idempotencyKeyHeader }),
        body: ActivityCreate,
        response: { 201: ActivityView, ...problems(404, 409, 412) },
      },
    },
    async (request, reply) => {
      const now = app.now();
      const { occurredAt, ...rest } = request.body;
      const input = { ...rest, occurredAt: parseInstant(occurredAt, 'body.occurredAt', now) };
      const result = await logActivity(app.db, app.caseLifecycle, request.params.id, input, ifMatchVersion(request), now);
      await app.caseLifecycle.afterCommit(result.case.id);
      return reply.code(201).send(toActivityView(result.activity));
    },
  );

  app.get(
    '/v1/cases/:id/activities',
    {
      schema: {
        tags,
        summary: 'List the case’s activities in the order they happened',
        params: IdParams,
        querystring: Type.Object(PageQuery),
        response: { 200: Page(ActivityView), ...problems(404) },
      },
    },
    async (request) => {
      const page = await listActivities(app.db, request.params.id, request.query);
      return { items: page.rows.map((r) => toActivityView(r.activity)), nextCursor: page.nextCursor };
    },
  );

  app.get(
    '/v1/cases/:id/activities/:activityId',
    { schema: { tags, summary: 'Read one activity', params: ActivityParams, response: { 200: ActivityView, ...problems(404) } } },
    async (request) => toActivityView(await getActivity(app.db, request.params.id, request.params.activityId)),
  );

  app.get(
    '/v1/cases/:id/timeline',
    {
      schema: {
        tags,
        summary: 'The case timeline: activities, case events (incl. sla.*) and SLA action runs in time order',
        description: 'Ordered by when it happened, then activity < event < SLA action, then when it was recorded, then id.',
        params: IdParams,
        querystring: Type.Object({ order: StringEnum(['asc', 'desc'] as const, { default: 'asc' }), ...PageQuery }),
        response: { 200: Page(TimelineEntryView), ...problems(404) },
      },
    },
    async (request) => {
      const { order, ...page } = request.query;
      const result = await caseTimeline(app.db, request.params.id, order, page);
      return { items: result.items.map(toTimelineEntryView), nextCursor: result.nextCursor };
    },
  );
};

export default activityRoutes;
