import fp from 'fastify-plugin';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../errors.js';
import { isDatabaseUnavailable } from '../../../db/unavailable.js';
import { validationErrors, type SchemaError } from '../validation-problem.js';

export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  instance?: string;
  [extension: string]: unknown;
}

const titles: Record<number, string> = {
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed',
  409: 'Conflict', 412: 'Precondition Failed', 413: 'Payload Too Large', 415: 'Unsupported Media Type',
  422: 'Unprocessable Content', 428: 'Precondition Required', 429: 'Too Many Requests',
  500: 'Internal Server Error', 503: 'Service Unavailable',
};

export interface ProblemInput {
  status: number;
  code: string;
  detail: string;
  title?: string;
  [extension: string]: unknown;
}

export function sendProblem(reply: FastifyReply, request: FastifyRequest, problem: ProblemInput) {
  const body: ProblemDetails = {
    type: `https://sla-service.dev/problems/${problem.code.toLowerCase().replace(/_/g, '-')}`,
    ...problem,
    title: problem.title ?? titles[problem.status] ?? 'Error',
    instance: request.url,
    requestId: request.id,
  };
  return reply.code(problem.status).type('application/problem+json').send(body);
}

/** Turns every error into RFC 9457 problem+json with a stable `code`. Client mistakes are never 500. */
export default fp(async function problemDetails(app) {
  app.setErrorHandler((error: FastifyError | AppError | Error, request, reply) => {
    if (error instanceof AppError) {
      return sendProblem(reply, request, { ...error.details, status: error.status, code: error.code, detail: error.message });
    }
    const fe = error as FastifyError & { validation?: SchemaError[]; validationContext?: string };
    if (fe.validation) {
      const where = fe.validationContext ?? 'body';
      const errors = validationErrors(fe.validation, where);
      const first = errors[0];
      return sendProblem(reply, request, {
        status: 400,
        code: 'VALIDATION_FAILED',
        detail: first ? `${first.field} ${first.message}` : 'The request is invalid.',
        errors,
      });
    }
    const status = typeof fe.statusCode === 'number' ? fe.statusCode : 500;
    if (status >= 400 && status < 500) {
      const code = fe.code && fe.code.startsWith('FST_') ? mapFastifyCode(fe.code, status) : fe.code ?? 'BAD_REQUEST';
      return sendProblem(reply, request, { status, code, detail: fe.message });
    }
    if (isDatabaseUnavailable(error)) {
      // Logged without the error object: drizzle's message carries the query and its parameters.
      request.log.warn({ cause: rootMessage(error) }, 'database unavailable');
      return sendDatabaseUnavailable(reply, request);
    }
    request.log.error({ err: error }, 'unhandled error');
    return sendProblem(reply, request, { status: 500, code: 'INTERNAL', detail: 'An unexpected error occurred; it has been logged with this request id.' });
  });

  app.setNotFoundHandler((request, reply) =>
    sendProblem(reply, request, { status: 404, code: 'ROUTE_NOT_FOUND', detail: `No route ${request.method} ${request.url}.` }),
  );
});

/** How long a client should wait before retrying while the database is unavailable. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

/** 503 SERVICE_UNAVAILABLE with Retry-After: the database is down or restarting (a POST is retried with the same Idempotency-Key). */
export function sendDatabaseUnavailable(reply: FastifyReply, request: FastifyRequest) {
  reply.header('retry-after', String(DATABASE_RETRY_AFTER_SECONDS));
  return sendProblem(reply, request, {
    status: 503,
    code: 'SERVICE_UNAVAILABLE',
    detail: `The database is unavailable; retry in ${DATABASE_RETRY_AFTER_SECONDS} seconds.`,
    retryAfterSeconds: DATABASE_RETRY_AFTER_SECONDS,
  });
}

function rootMessage(error: unknown): string {
  let e = error as { cause?: unknown; message?: string };
  while (e.cause && typeof e.cause === 'object') e = e.cause as typeof e;
  return String(e.message ?? e);
}

function mapFastifyCode(code: string, status: number): string {
  if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return 'UNSUPPORTED_MEDIA_TYPE';
  if (code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || code === 'FST_ERR_CTP_INVALID_CONTENT_LENGTH') return 'INVALID_BODY';
  if (code === 'FST_ERR_CTP_BODY_TOO_LARGE') return 'BODY_TOO_LARGE';
  if (status === 429) return 'RATE_LIMITED';
  if (status === 400) return 'INVALID_BODY';
  return code.replace(/^FST_ERR_/, '');
}
