import type { FastifyReply, FastifyRequest } from 'fastify';
import { etagOf } from './etag.js';

type Resource = { id: string } & Record<string, unknown>;

/**
 * Route-level preSerialization hook for single-resource answers: sets ETag from `version` and, on 201,
 * Location. Being a hook, it also runs when the idempotency plugin replays a stored answer, so a retried
 * create gets the same headers as the first one.
 */
export function resourceHeaders(locationOf?: (body: Resource) => string) {
  return async (_request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    if (reply.statusCode >= 300 || !payload || typeof payload !== 'object') return payload;
    const body = payload as Resource;
    if (typeof body.version === 'number') reply.header('etag', etagOf(body.version));
    if (reply.statusCode === 201 && locationOf && typeof body.id === 'string') reply.header('location', locationOf(body));
    return payload;
  };
}
