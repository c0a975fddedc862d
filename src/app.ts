import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Client } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import type { Config } from './config.js';
import type { DatabaseHandle } from '../db/client.js';
import problemDetails from './http/plugins/problem-details.js';
import dbPlugin from './http/plugins/db.js';
import temporalPlugin from './http/plugins/temporal.js';
import auth from './http/plugins/auth.js';
import idempotency from './http/plugins/idempotency.js';
import openapi from './http/plugins/openapi.js';
import commonAnswers from './http/plugins/common-answers.js';
import storableInput from './http/plugins/storable-input.js';
import { redactedError, redactedRequest } from './http/log-redaction.js';
import { buildRequestValidator } from './http/validators.js';
import { MAX_PARAM_LENGTH, clientErrorHandler, frameworkErrors } from './http/transport-errors.js';
import { registerRoutes } from './http/routes/index.js';
import caseLifecyclePlugin from './http/plugins/case-lifecycle.js';
import webhooksPlugin from './http/plugins/webhooks.js';
import type { WebhookWaker } from './webhooks/case-webhook-listener.js';
import type { CaseLifecycleListener } from './cases/case-lifecycle.js';
import { createMailer, type Mailer } from './mail/mailer.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Current time from the injected clock: use instead of `new Date()` in routes. */
    now(): Date;
    /** Sends emails the API itself writes to the outbox (knowledge articles), after their commit. */
    mailer: Mailer;
  }
}

export interface AppDependencies {
  config: Config;
  database: DatabaseHandle;
  temporal: Client | null;
  /** The app closes the database on shutdown only when it owns it. */
  ownsDatabase?: boolean;
  logger?: FastifyServerOptions['logger'];
  /** The clock every route reads "now" from (tests inject one; default the system clock). */
  clock?: () => Date;
  /** Who hears about case changes (entitlements, SLA clocks), in order. */
  caseListeners?: CaseLifecycleListener[];
  /** Starts queued webhook deliveries (redelivery wakes it); absent: another process's sweep. */
  webhookWaker?: WebhookWaker | null;
  /** Default: SMTP_URL, else the mailbox folder (config.mail). */
  mailer?: Mailer;
}

/** A socket on which nothing at all moves (no request bytes, no answer) for this long is closed. */
const IDLE_SOCKET_TIMEOUT_MS = 120_000;

/** Errors are logged without the values of a failed query (src/http/log-redaction.ts). */
const serializers = { err: (err: Error) => redactedError(err), req: redactedRequest };

function loggerOptions(config: Config): FastifyServerOptions['logger'] {
  if (config.logFormat === 'json') return { level: config.logLevel, serializers };
  return {
    level: config.logLevel,
    serializers,
    transport: { target: 'pino-pretty', options: { translateTime: 'HH:MM:ss.l', ignore: 'pid,hostname', singleLine: true } },
  };
}

/** Builds the HTTP app; `server.ts` (or a test's `inject`) decides what to do with it. */
export async function buildApp(deps: AppDependencies): Promise<FastifyInstance> {
  const app = Fastify({
    logger: typeof deps.logger === 'object' && deps.logger !== null ? { serializers, ...deps.logger } : deps.logger ?? loggerOptions(deps.config),
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.-]{1,128}$/.test(given) ? given : randomUUID();
    },
    requestIdHeader: false,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true, allErrors: false } },
    schemaController: { compilersFactory: { buildValidator: buildRequestValidator() } },
    bodyLimit: 1_048_576,
    // A client that dribbles its headers or body is cut off (408) instead of holding a socket open.
    requestTimeout: deps.config.http.requestTimeoutMs,
    http: { headersTimeout: deps.config.http.headersTimeoutMs, connectionsCheckingInterval: 1000 },
    connectionTimeout: IDLE_SOCKET_TIMEOUT_MS,
    clientErrorHandler,
    frameworkErrors,
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  app.decorate('now', deps.clock ?? (() => new Date()));
  const mailer = deps.mailer ?? createMailer(deps.config.mail);
  app.decorate('mailer', mailer);
  if (!deps.mailer) app.addHook('onClose', () => mailer.close());
  await app.register(problemDetails);
  await app.register(dbPlugin, { database: deps.database, closeOnShutdown: deps.ownsDatabase ?? false });
  await app.register(temporalPlugin, { client: deps.temporal });
  await app.register(caseLifecyclePlugin, { listeners: deps.caseListeners ?? [] });
  await app.register(webhooksPlugin, { config: deps.config.webhooks, waker: deps.webhookWaker ?? null });
  await app.register(commonAnswers);
  await app.register(openapi);
  await app.register(auth, { pepper: deps.config.auth.apiKeyPepper, failuresPerMinute: deps.config.auth.failuresPerMinute });
  await app.register(storableInput);
  await app.register(rateLimit, {
    global: true,
    hook: 'preHandler',
    max: deps.config.rateLimitPerMinute,
    timeWindow: '1 minute',
    keyGenerator: (request) => request.apiKey?.id ?? request.ip,
    allowList: (request) => request.routeOptions.config?.public === true,
    errorResponseBuilder: (_request, context) => ({
      statusCode: 429,
      code: 'RATE_LIMITED',
      message: `Rate limit of ${context.max} requests per minute exceeded for this API key; retry in ${Math.max(1, Math.ceil(context.ttl / 1000))} seconds.`,
    }),
  });
  await app.register(idempotency, { ttlHours: deps.config.idempotencyKeyTtlHours });
  await app.register(registerRoutes, { config: deps.config });
  return app;
}
