import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { createHolidayList, deleteHolidayList, getHolidayList, listHolidayLists, updateHolidayList } from '../../calendars/holiday-lists.js';
import { HolidayListInput, HolidayListUpdateView, HolidayListView } from '../../calendars/calendar-schemas.js';
import { actorOf } from '../actor.js';
import { requiredIfMatchVersion } from '../etag.js';
import { resourceHeaders } from '../resource-headers.js';
import { IdParams, idempotencyKeyHeader, problems, requiredIfMatchHeader } from '../schemas/common.js';

const tags = ['calendars'];
const listHeaders = resourceHeaders((l) => `/v1/holiday-lists/${l.id}`);

/**
 * Holiday lists (admins write, any key reads). Calendars include them by id; updating a list writes a new
 * version of every calendar that includes it (see src/calendars/holiday-lists.ts).
 */
const holidayListRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/v1/holiday-lists',
    {
      config: { role: 'admin' },
      preSerialization: listHeaders,
      schema: {
        tags,
        summary: 'Create a holiday list',
        description: 'Dates are YYYY-MM-DD (real dates, 1900..2399), each date at most once; stored sorted by date.',
        headers: Type.Object({ ...idempotencyKeyHeader }),
        body: HolidayListInput,
        response: { 201: HolidayListView, ...problems() },
      },
    },
    async (request, reply) => reply.code(201).send(await createHolidayList(app.db, request.body, app.now(), actorOf(request))),
  );

  app.get(
    '/v1/holiday-lists',
    { schema: { tags, summary: 'List holiday lists', response: { 200: Type.Object({ items: Type.Array(HolidayListView) }), ...problems() } } },
    async () => ({ items: await listHolidayLists(app.db) }),
  );

  app.get(
    '/v1/holiday-lists/:id',
    {
      preSerialization: listHeaders,
      schema: { tags, summary: 'Read a holiday list and the calendars that include it', params: IdParams, response: { 200: HolidayListView, ...problems(404) } },
    },
    async (request) => getHolidayList(app.db, request.params.id),
  );

  app.put(
    '/v1/holiday-lists/:id',
    {
      config: { role: 'admin' },
      preSerialization: listHeaders,
      schema: {
        tags,
        summary: 'Replace a holiday list (adds a version to every calendar that includes it)',
        description:
          'Needs If-Match. In the same transaction, every calendar that includes the list and whose holidays change gets a new version (listed in `calendarVersionsCreated`); running KPI instances keep their version until apply-to-running. 409 HOLIDAY_LIST_CONFLICT if a calendar would become invalid.',
        params: IdParams,
        headers: Type.Object({ ...requiredIfMatchHeader }),
        body: HolidayListInput,
        response: { 200: HolidayListUpdateView, ...problems(404, 409, 412, 428) },
      },
    },
    async (request) => updateHolidayList(app.db, request.params.id, request.body, requiredIfMatchVersion(request), app.now(), actorOf(request)),
  );

  app.delete(
    '/v1/holiday-lists/:id',
    {
      config: { role: 'admin' },
      schema: {
        tags,
        summary: 'Delete a holiday list (refused with 409 HOLIDAY_LIST_IN_USE while a calendar includes it)',
        params: IdParams,
        response: { 204: Type.Null({ description: 'Deleted' }), ...problems(404, 409) },
      },
    },
    async (request, reply) => {
      await deleteHolidayList(app.db, request.params.id, app.now(), actorOf(request));
      return reply.code(204).send(null);
    },
  );
};

export default holidayListRoutes;
