import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { importCases, MAX_IMPORT_CASES } from '../../cases/import-cases.js';
import { actorOf } from '../actor.js';
import { CaseImportRequest, CaseImportResponse, parseImportRequest } from '../schemas/case-import.js';
import { idempotencyKeyHeader, problems } from '../schemas/common.js';

/** 1,000 cases with long descriptions and histories fit; the global limit (1 MiB) would not. */
const IMPORT_BODY_LIMIT = 32 * 1024 * 1024;

/** Bringing existing cases in from another helpdesk (admin): see src/cases/import-cases.ts. */
const caseImportRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/v1/cases/import',
    {
      bodyLimit: IMPORT_BODY_LIMIT,
      config: { role: 'admin' },
      schema: {
        tags: ['cases'],
        summary: `Import up to ${MAX_IMPORT_CASES} existing cases with their opening instant and history`,
        description:
          'Each case is created at its real `openedAt` (its SLA clocks start there) and its history is replayed in time order; ' +
          'SLA actions that came due before the import are recorded as "due before import" and not run unless `fireOverdueActions` is true. ' +
          'Instants must carry an offset and lie in the past (400 naming the case index and field, nothing written). ' +
          'Each case is all or nothing on its own: the answer is 200 with one result per case (created with its id, or failed with its problem). ' +
          'Send Idempotency-Key to make retries safe; an externalId imported before fails that case with CASE_ALREADY_IMPORTED.',
        headers: Type.Object({ ...idempotencyKeyHeader }),
        body: CaseImportRequest,
        response: { 200: CaseImportResponse, ...problems(409, 413) },
      },
    },
    async (request) => {
      const now = app.now();
      const items = parseImportRequest(request.body, now);
      const results = await importCases(
        app.db,
        app.caseLifecycle,
        items,
        { fireOverdueActions: request.body.fireOverdueActions ?? false, actor: actorOf(request), log: request.log },
        now,
      );
      const created = results.filter((r) => r.status === 'created').length;
      return { created, failed: results.length - created, results };
    },
  );
};

export default caseImportRoutes;
