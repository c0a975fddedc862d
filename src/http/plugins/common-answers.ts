import fp from 'fastify-plugin';
import type { RouteOptions } from 'fastify';
import { problemAnswer } from '../schemas/common.js';

type Schema = Record<string, unknown> & { response?: Record<string, unknown>; headers?: unknown; params?: unknown; body?: unknown; querystring?: unknown };
type ObjectSchema = { properties?: Record<string, { default?: unknown }>; required?: string[]; additionalProperties?: unknown };

/**
 * Query strings are strict: an unknown parameter (a misspelt filter) is 400 instead of being ignored, and a
 * parameter with a default is optional in the document (ajv fills the default in, so handlers always see it).
 */
export function strictQuery(querystring: unknown): unknown {
  const q = querystring as ObjectSchema;
  if (!q || typeof q !== 'object' || !q.properties) return querystring;
  const required = (q.required ?? []).filter((name) => q.properties![name]?.default === undefined);
  const { required: _all, ...rest } = q;
  return { ...rest, ...(required.length ? { required } : {}), additionalProperties: q.additionalProperties ?? false };
}

function headerNames(headers: unknown): string[] {
  const properties = (headers as { properties?: Record<string, unknown> } | undefined)?.properties;
  return properties ? Object.keys(properties).map((h) => h.toLowerCase()) : [];
}

/**
 * The answers that come from the HTTP layer rather than from a route, added to every route's schema (and
 * so to the OpenAPI document) in one place, so that no route can forget one:
 * - every route: 431 (URL and headers over 16 KiB), 503 (the database is unavailable);
 * - every route behind an API key: 400 (validation), 401, 403, 429 (rate limits);
 * - routes with path parameters: 404; routes with a body: 413 (too large) and 415 (not JSON);
 * - routes with If-Match: 412 (stale), and 428 where it is required; POSTs with Idempotency-Key: 409.
 */
export function commonAnswers(route: Pick<RouteOptions, 'method' | 'config'> & { schema?: Schema }): number[] {
  const schema = route.schema ?? {};
  const statuses = [431, 503];
  if (!route.config?.public) statuses.push(400, 401, 403, 429);
  if (schema.params) statuses.push(404);
  if (schema.body) statuses.push(400, 413, 415);
  const headers = headerNames(schema.headers);
  if (headers.includes('if-match')) {
    statuses.push(412);
    const ifMatch = (schema.headers as { properties: Record<string, { description?: string }> }).properties['if-match'];
    if (ifMatch?.description?.startsWith('Required')) statuses.push(428);
  }
  if (headers.includes('idempotency-key')) statuses.push(409);
  return [...new Set(statuses)].sort();
}

export default fp(
  async function commonAnswersPlugin(app) {
    app.addHook('onRoute', (route) => {
      if (!route.schema || route.url.startsWith('/docs')) return;
      const schema = route.schema as Schema;
      const response = { ...(schema.response ?? {}) };
      for (const status of commonAnswers({ method: route.method, config: route.config, schema })) {
        if (!(status in response)) response[status] = problemAnswer(status);
      }
      route.schema = { ...schema, response, ...(schema.querystring ? { querystring: strictQuery(schema.querystring) } : {}) };
    });
  },
  { name: 'common-answers' },
);
