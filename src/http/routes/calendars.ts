import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import {
  applyToRunning,
  createCalendar,
  deleteCalendar,
  getCalendar,
  getCalendarVersion,
  listCalendars,
  replaceCalendar,
} from '../../calendars/calendars.js';
import { ApplyToRunningResult, CalendarInput, CalendarSummary, CalendarVersionView, CalendarView } from '../../calendars/calendar-schemas.js';
import { actorOf } from '../actor.js';
import { etagOf, ifMatchVersion, requiredIfMatchVersion } from '../etag.js';
import { resourceHeaders } from '../resource-headers.js';
import { IdParams, VersionParams, idempotencyKeyHeader, ifMatchHeader, problems, requiredIfMatchHeader } from '../schemas/common.js';

const tags = ['calendars'];
const calendarHeaders = resourceHeaders((c) => `/v1/calendars/${c.id}`);

/**
 * Business-hours calendars (spec §1.1, §1.8): admins write them, any key reads them. Every write makes a new,
 * immutable version (the ETag is the current version); running KPI instances keep the version they pinned
 * until an admin applies the current one to them with POST /v1/calendars/{id}/apply-to-running.
 */
const calendarRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/v1/calendars',
    {
      config: { role: 'admin' },
      preSerialization: calendarHeaders,
      schema: {
        tags,
        summary: 'Create a calendar (version 1)',
        description:
          'The definition is checked by the calendar engine: an unknown time zone, a malformed time or date, or no open time at all is 400 CALENDAR_INVALID with every problem and its path. Holiday lists named in `holidayListIds` are resolved into the stored version.',
        headers: Type.Object({ ...idempotencyKeyHeader }),
        body: CalendarInput,
        response: { 201: CalendarView, ...problems(422) },
      },
    },
    async (request, reply) => reply.code(201).send(await createCalendar(app.db, request.body, app.now(), actorOf(request))),
  );

  app.get(
    '/v1/calendars',
    { schema: { tags, summary: 'List calendars (current versions)', response: { 200: Type.Object({ items: Type.Array(CalendarSummary) }), ...problems() } } },
    async () => ({ items: await listCalendars(app.db) }),
  );

  app.get(
    '/v1/calendars/:id',
    {
      preSerialization: calendarHeaders,
      schema: { tags, summary: 'Read a calendar: current version, its definition and the list of versions', params: IdParams, response: { 200: CalendarView, ...problems(404) } },
    },
    async (request) => getCalendar(app.db, request.params.id),
  );

  app.get(
    '/v1/calendars/:id/versions/:version',
    {
      schema: {
        tags,
        summary: 'Read one version of a calendar (versions never change)',
        params: VersionParams,
        response: { 200: CalendarVersionView, ...problems(404) },
      },
    },
    async (request, reply) => {
      const version = await getCalendarVersion(app.db, request.params.id, request.params.version);
      return reply.header('etag', etagOf(version.version)).send(version);
    },
  );

  app.put(
    '/v1/calendars/:id',
    {
      config: { role: 'admin' },
      preSerialization: calendarHeaders,
      schema: {
        tags,
        summary: 'Write a new version of a calendar (old versions stay as they were)',
        description: 'Needs If-Match with the ETag of the current version. Running KPI instances keep their version until apply-to-running.',
        params: IdParams,
        headers: Type.Object({ ...requiredIfMatchHeader }),
        body: CalendarInput,
        response: { 200: CalendarView, ...problems(404, 412, 422, 428) },
      },
    },
    async (request) => replaceCalendar(app.db, request.params.id, request.body, requiredIfMatchVersion(request), app.now(), actorOf(request)),
  );

  app.delete(
    '/v1/calendars/:id',
    {
      config: { role: 'admin' },
      schema: {
        tags,
        summary: 'Delete a calendar (refused with 409 CALENDAR_IN_USE while an SLA uses it)',
        description: 'Soft delete: running KPI instances keep their pinned version.',
        params: IdParams,
        response: { 204: Type.Null({ description: 'Deleted' }), ...problems(404, 409) },
      },
    },
    async (request, reply) => {
      await deleteCalendar(app.db, request.params.id, app.now(), actorOf(request));
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/v1/calendars/:id/apply-to-running',
    {
      config: { role: 'admin' },
      schema: {
        tags,
        summary: 'Apply the current version to running KPI instances on older versions',
        description:
          'For every open KPI instance pinned to an older version of this calendar: queues an `apply_calendar` command (delivered to its workflow by the dispatcher/reconciler) and records the new version on the instance, in one transaction. Optional If-Match: the version you mean to apply (412 if it is no longer current).',
        params: IdParams,
        headers: Type.Object({ ...ifMatchHeader, ...idempotencyKeyHeader }),
        response: { 200: ApplyToRunningResult, ...problems(404, 412) },
      },
    },
    async (request) => {
      const { caseIds, ...result } = await applyToRunning(app.db, request.params.id, ifMatchVersion(request), app.now(), actorOf(request));
      // Deliver the apply_calendar commands now (the reconciler would, within its interval).
      for (const caseId of caseIds) await app.caseLifecycle.afterCommit(caseId);
      return result;
    },
  );
};

export default calendarRoutes;
