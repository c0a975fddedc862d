import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { applyPreview } from '../../previews/apply-preview.js';
import { previewCalendar, previewHolidayList, previewSla } from '../../previews/make-preview.js';
import { ChangesPage, CalendarPreviewRequest, HolidayListPreviewRequest, PreviewView, SlaPreviewRequest } from '../../previews/preview-schemas.js';
import { loadPreview, previewView } from '../../previews/preview-store.js';
import { businessDayMinutesOf } from '../../sla/business-day-length.js';
import { actorOf } from '../actor.js';
import { IdParams, problems } from '../schemas/common.js';

const tags = ['previews'];
const PageQuery = Type.Object(ChangesPage);
const answers = { 201: PreviewView, ...problems(404, 409, 412, 422) };
const previewDescription = (what: string) =>
  `${what} Answers, for every running KPI instance that would change, its old and new warning and failure instants, and totals (moved earlier, moved later, unchanged, ended, newly breached, no longer breached). Nothing changes until POST /v1/previews/{id}/apply. A proposal is checked as its PUT would check it (400/422 for invalid input).`;

/**
 * Preview before apply (issue #16): admins see what a calendar version, a holiday list change or an SLA
 * definition change would do to the running clocks, then apply exactly that with the preview id.
 */
const previewRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/v1/calendars/:id/preview',
    {
      config: { role: 'admin' },
      schema: {
        tags,
        summary: 'Preview a new calendar version (proposed, or the current one) on the running KPI instances',
        description: previewDescription('With `proposed` (the body of PUT /v1/calendars/{id}): writing it and applying it to every open instance on this calendar. Without: applying the current version to the instances on older ones.'),
        params: IdParams,
        querystring: PageQuery,
        body: CalendarPreviewRequest,
        response: answers,
      },
    },
    async (request, reply) => {
      const row = await previewCalendar(app.db, request.params.id, request.body, app.now(), actorOf(request));
      return reply.code(201).header('location', `/v1/previews/${row.id}`).send(previewView(row, request.query));
    },
  );

  app.post(
    '/v1/holiday-lists/:id/preview',
    {
      config: { role: 'admin' },
      schema: {
        tags,
        summary: 'Preview a holiday list change on the running KPI instances of every calendar that includes it',
        description: previewDescription('With `proposed` (the body of PUT /v1/holiday-lists/{id}): the calendar versions it would write, applied. Without: the current version of each including calendar, applied.'),
        params: IdParams,
        querystring: PageQuery,
        body: HolidayListPreviewRequest,
        response: answers,
      },
    },
    async (request, reply) => {
      const row = await previewHolidayList(app.db, request.params.id, request.body, app.now(), actorOf(request));
      return reply.code(201).header('location', `/v1/previews/${row.id}`).send(previewView(row, request.query));
    },
  );

  app.post(
    '/v1/slas/:id/preview',
    {
      config: { role: 'admin' },
      schema: {
        tags,
        summary: 'Preview an SLA definition change on the running KPI instances of the cases that follow the SLA',
        description: previewDescription(
          'With `proposed` (the body of PUT /v1/slas/{id}): writing it as the next version and re-pinning every case on an older version, whose open clocks move to the item the new version selects (warning and failure already reached are carried: their actions never run again). Without: re-pinning the cases on older versions to the current one.',
        ),
        params: IdParams,
        querystring: PageQuery,
        body: SlaPreviewRequest,
        response: answers,
      },
    },
    async (request, reply) => {
      const row = await previewSla(app.db, request.params.id, request.body, businessDayMinutesOf, app.now(), actorOf(request));
      return reply.code(201).header('location', `/v1/previews/${row.id}`).send(previewView(row, request.query));
    },
  );

  app.get(
    '/v1/previews/:id',
    {
      config: { role: 'admin' },
      schema: { tags, summary: 'Read a preview (a page of its changes)', params: IdParams, querystring: PageQuery, response: { 200: PreviewView, ...problems(404) } },
    },
    async (request) => previewView(await loadPreview(app.db, request.params.id), request.query),
  );

  app.post(
    '/v1/previews/:id/apply',
    {
      config: { role: 'admin' },
      schema: {
        tags,
        summary: 'Apply a preview: exactly its decisions, or 409 when it is stale',
        description:
          'In one transaction: the proposal (if any) is written, and every previewed instance gets what the preview decided. 409 PREVIEW_STALE when the subject changed version, or an instance in scope changed, ended or appeared since the preview (nothing is applied); 409 PREVIEW_ALREADY_APPLIED the second time.',
        params: IdParams,
        querystring: PageQuery,
        response: { 200: PreviewView, ...problems(404, 409, 412, 422) },
      },
    },
    async (request) => {
      const { row, caseIds } = await applyPreview(app.db, request.params.id, businessDayMinutesOf, app.now(), actorOf(request));
      // Deliver the commands now (the reconciler would, within its interval).
      for (const caseId of caseIds) await app.caseLifecycle.afterCommit(caseId);
      return previewView(row, request.query);
    },
  );
};

export default previewRoutes;
