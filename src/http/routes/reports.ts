import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { chartMetrics, reportChartSvg } from '../../reports/report-chart.js';
import { reportCsv } from '../../reports/report-csv.js';
import { serviceKpiFigures } from '../../reports/service-kpis.js';
import { parseInstant } from '../instants.js';
import { problems, StringEnum } from '../schemas/common.js';
import { ReportQueryString, ServiceKpiReportView } from '../schemas/reports.js';

const tags = ['reports'];

const wantsCsv = (accept: string | undefined) => /\btext\/csv\b/i.test(accept ?? '') && !/\bapplication\/json\b/i.test(accept ?? '');

/** Service KPIs for managers: JSON by default, CSV with `Accept: text/csv`. */
const reportRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/v1/reports/service-kpis',
    {
      config: { role: 'manager' },
      schema: {
        tags,
        summary: 'Service KPIs for [from, to) per group and in total (manager)',
        description:
          'Volume, first response and resolution times (business minutes of the SLA calendar and calendar minutes), SLA compliance per KPI and customer retention. Definitions: README "Service KPIs and goals". `Accept: text/csv` answers CSV.',
        querystring: Type.Object(ReportQueryString),
        response: {
          200: {
            description: 'The report',
            content: { 'application/json': { schema: ServiceKpiReportView }, 'text/csv': { schema: Type.String() } },
          },
          ...problems(),
        },
      },
    },
    async (request, reply) => {
      const range = { from: parseInstant(request.query.from, 'from', app.now()), to: parseInstant(request.query.to, 'to', app.now()) };
      const report = await serviceKpiFigures(app.db, { range, groupBy: request.query.groupBy });
      if (wantsCsv(request.headers.accept)) return reply.type('text/csv; charset=utf-8').send(reportCsv(report));
      return reply.type('application/json').send(report);
    },
  );

  app.get(
    '/v1/reports/service-kpis.svg',
    {
      config: { role: 'manager' },
      schema: {
        tags,
        summary: 'A service KPI as a trend chart, SVG (manager)',
        description: 'Lines over day/week/month groups, bars over dimensions; drawn server-side with Apache ECharts.',
        querystring: Type.Object({
          metric: StringEnum(chartMetrics, { description: 'The figure to draw' }),
          ...ReportQueryString,
          width: Type.Integer({ minimum: 200, maximum: 2000, default: 800 }),
          height: Type.Integer({ minimum: 150, maximum: 1500, default: 400 }),
        }),
        response: { 200: { description: 'The chart', content: { 'image/svg+xml': { schema: Type.String() } } }, ...problems() },
      },
    },
    async (request, reply) => {
      const { metric, groupBy, width, height } = request.query;
      const range = { from: parseInstant(request.query.from, 'from', app.now()), to: parseInstant(request.query.to, 'to', app.now()) };
      const report = await serviceKpiFigures(app.db, { range, groupBy });
      return reply.type('image/svg+xml').send(await reportChartSvg(report, metric, { width, height }));
    },
  );
};

export default reportRoutes;
