import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { renderTimelineSvg } from '../../sla-picture/timeline-chart.js';
import { loadTimelineModel } from '../../sla-picture/timeline-model.js';
import { svgToPng } from '../../sla-picture/timeline-png.js';
import { IdParams, problems } from '../schemas/common.js';

const tags = ['cases'];
const description =
  'Each KPI clock of the case on a time axis (calendar zone): open business hours of the pinned calendar shaded, holidays and closures, ' +
  'pauses, warning and failure instants (dashed), warned / breached / succeeded, stale-pause alerts, the actions that ran, and now. ' +
  'Marks carry `data-mark` (business-hours, holiday, closure, clock, pause, warning-due, failure-due, warned, breached, succeeded, late-succeeded, pause-stale, action, now) and `data-row`.';

/** The SLA timeline picture of a case (issue 16): SVG drawn with ECharts, PNG rasterised from it. */
const caseSlaTimelineRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/v1/cases/:id/sla/timeline.svg',
    {
      schema: {
        tags,
        summary: 'The case’s SLA timeline as an SVG picture',
        description,
        params: IdParams,
        response: { 200: { description: 'SVG image', content: { 'image/svg+xml': { schema: Type.String() } } }, ...problems(404) },
      },
    },
    async (request, reply) => {
      const model = await loadTimelineModel(app.db, request.params.id, app.now());
      return reply.type('image/svg+xml; charset=utf-8').header('cache-control', 'no-store').send(await renderTimelineSvg(model));
    },
  );

  app.get(
    '/v1/cases/:id/sla/timeline.png',
    {
      schema: {
        tags,
        summary: 'The case’s SLA timeline as a PNG picture',
        description: `The SVG picture rasterised (resvg). ${description}`,
        params: IdParams,
        response: { 200: { description: 'PNG image', content: { 'image/png': { schema: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }) } } }, ...problems(404) },
      },
    },
    async (request, reply) => {
      const model = await loadTimelineModel(app.db, request.params.id, app.now());
      return reply.type('image/png').header('cache-control', 'no-store').send(svgToPng(await renderTimelineSvg(model)));
    },
  );
};

export default caseSlaTimelineRoutes;
