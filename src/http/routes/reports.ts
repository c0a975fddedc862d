import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { reportCsv } from '../../reports/report-csv.js';
import { serviceKpiFigures } from '../../reports/service-kpis.js';
import { parseInstant } from '../instants.js';
import { problems } from '../schemas/common.js';
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
};

export default reportRoutes;
