import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { pendingCommandStats } from '../../sla/command-outbox.js';
import { DATABASE_RETRY_AFTER_SECONDS } from '../plugins/problem-details.js';
import { StringEnum } from '../schemas/common.js';

const Check = Type.Object({ ok: Type.Boolean(), detail: Type.Optional(Type.String()) });
const SlaCommands = Type.Object(
  {
    ok: Type.Boolean(),
    pending: Type.Optional(Type.Integer({ description: 'SLA commands not yet delivered to Temporal' })),
    oldestPendingSeconds: Type.Optional(Type.Union([Type.Integer(), Type.Null()], { description: 'Age of the oldest undelivered command' })),
    detail: Type.Optional(Type.String()),
  },
  { description: 'The outbox towards Temporal: delivered in the background, so a backlog here is what waits' },
);
const Health = {
  database: Check,
  temporal: Check,
  slaCommands: SlaCommands,
  down: Type.Array(StringEnum(['database', 'temporal']), { description: 'The dependencies that did not answer (empty when ok)' }),
};

/** Each check gets this long, so /healthz answers within 2 s even when a dependency hangs. */
const CHECK_TIMEOUT_MS = 1_500;

function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

const health: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/healthz',
    {
      config: { public: true },
      schema: {
        tags: ['health'],
        summary: 'Database and Temporal reachability, and the SLA commands waiting for delivery',
        security: [],
        response: {
          200: Type.Object({ status: Type.Literal('ok'), ...Health }),
          503: Type.Object({ status: Type.Literal('degraded'), ...Health }),
        },
      },
    },
    async (_request, reply) => {
      const client = app.temporal;
      const [database, temporal, slaCommands] = await Promise.all([
        within(CHECK_TIMEOUT_MS, 'the database', app.database.ping())
          .then(() => ({ ok: true, detail: app.database.driver }))
          .catch((e: Error) => ({ ok: false, detail: e.message })),
        client
          ? within(
              CHECK_TIMEOUT_MS,
              'Temporal',
              client.connection.withDeadline(Date.now() + CHECK_TIMEOUT_MS, () => client.connection.workflowService.getSystemInfo({})),
            )
              .then(() => ({ ok: true, detail: client.options.namespace }))
              .catch((e: Error) => ({ ok: false, detail: e.message }))
          : { ok: false, detail: 'not configured' },
        within(CHECK_TIMEOUT_MS, 'the SLA command count', pendingCommandStats(app.db))
          .then((stats) => ({ ok: true, ...stats }))
          .catch((e: Error) => ({ ok: false, detail: e.message })),
      ]);
      const down = [...(database.ok ? [] : ['database' as const]), ...(temporal.ok ? [] : ['temporal' as const])];
      const body = { database, temporal, slaCommands, down };
      if (down.length === 0) return { status: 'ok' as const, ...body };
      return reply.code(503).header('retry-after', String(DATABASE_RETRY_AFTER_SECONDS)).send({ status: 'degraded' as const, ...body });
    },
  );
};

export default health;
