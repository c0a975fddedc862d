import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { getActivity, listActivities, logActivity } from '../../case-activities/activities.js';
import { caseTimeline } from '../../case-activities/timeline.js';
import { updateActivity } from '../../case-activities/update-activity.js';
import { actorOf } from '../actor.js';
import { ifMatchVersion, requiredIfMatchVersion } from '../etag.js';
import { parseInstant } from '../instants.js';
import { resourceHeaders } from '../resource-headers.js';
import { IdParams, Page, PageQuery, StringEnum, idempotencyKeyHeader, ifMatchHeader, problems, requiredIfMatchHeader } from '../schemas/common.js';
import { ActivityCreate, ActivityParams, ActivityPatch, ActivityView, TimelineEntryView, toActivityView, toTimelineEntryView } from '../schemas/activities.js';

const tags = ['activities'];
const activityHeaders = resourceHeaders((a) => `/v1/cases/${a.caseId}/activities/${a.id}`);

/** The case's activities (calls, emails, tasks, appointments, notes) and its merged timeline. */
const activityRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/v1/cases/:id/activities',
    {
      preSerialization: activityHeaders,
      schema: {
        tags,
        summary: 'Log an activity on an active case',
        description: 'If-Match (the case’s ETag) is honoured when sent. A completed outgoing email or phone call records the first response if the case had none. The answer’s ETag is the activity’s.',
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
      const result = await logActivity(app.db, app.caseLifecycle, request.params.id, input, ifMatchVersion(request), now, actorOf(request));
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
    { preSerialization: activityHeaders, schema: { tags, summary: 'Read one activity (with its ETag)', params: ActivityParams, response: { 200: ActivityView, ...problems(404) } } },
    async (request) => toActivityView(await getActivity(app.db, request.params.id, request.params.activityId)),
  );

  app.patch(
    '/v1/cases/:id/activities/:activityId',
    {
      preSerialization: activityHeaders,
      schema: {
        tags,
        summary: 'Change or complete an open activity (If-Match required)',
        description:
          '`state: "completed"` completes it: its duration counts in the case’s total minutes and, when billable, its billable minutes. Completing an outgoing email or phone call is the first response if the case had none. A completed activity cannot change: 409 ACTIVITY_ALREADY_COMPLETED, except a PATCH that matches it (a retry), which answers 200 unchanged. 409 CASE_NOT_ACTIVE on a resolved or cancelled case.',
        params: ActivityParams,
        headers: Type.Object({ ...requiredIfMatchHeader }),
        body: ActivityPatch,
        response: { 200: ActivityView, ...problems(404, 409, 412, 428) },
      },
    },
    async (request) => {
      const now = app.now();
      const expected = requiredIfMatchVersion(request);
      const { occurredAt, ...rest } = request.body;
      const patch = { ...rest, ...(occurredAt === undefined ? {} : { occurredAt: parseInstant(occurredAt, 'body.occurredAt', now) }) };
      const ids = { caseId: request.params.id, activityId: request.params.activityId };
      const result = await updateActivity(app.db, app.caseLifecycle, ids, patch, expected, now, actorOf(request));
      await app.caseLifecycle.afterCommit(result.case.id);
      return toActivityView(result.activity);
    },
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
