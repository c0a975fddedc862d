import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';

const Check = Type.Object({ ok: Type.Boolean(), detail: Type.Optional(Type.String()) });

const health: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/healthz',
    {
      config: { public: true },
      schema: {
        tags: ['health'],
        summary: 'Database and Temporal reachability',
        security: [],
        response: {
          200: Type.Object({ status: Type.Literal('ok'), database: Check, temporal: Check }),
          503: Type.Object({ status: Type.Literal('degraded'), database: Check, temporal: Check }),
        },
      },
    },
    async (_request, reply) => {
      const database = await app.database
        .ping()
        .then(() => ({ ok: true, detail: app.database.driver }))
        .catch((e: Error) => ({ ok: false, detail: e.message }));
      const temporal = app.temporal
        ? await app.temporal.connection.workflowService
            .getSystemInfo({})
            .then(() => ({ ok: true, detail: app.temporal!.options.namespace }))
            .catch((e: Error) => ({ ok: false, detail: e.message }))
        : { ok: false, detail: 'not configured' };
      if (database.ok && temporal.ok) return { status: 'ok' as const, database, temporal };
      return reply.code(503).send({ status: 'degraded' as const, database, temporal });
    },
  );
};

export default health;
