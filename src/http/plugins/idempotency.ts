import fp from 'fastify-plugin';
import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { idempotencyRecords } from '../../../db/schema/index.js';
import { badRequest, conflict } from '../../errors.js';

declare module 'fastify' {
  interface FastifyRequest {
    idempotency: { key: string } | null;
  }
}

const IN_PROGRESS = 0;

function hashRequest(method: string, url: string, body: unknown): string {
  return createHash('sha256').update(`${method} ${url}\n${JSON.stringify(body ?? null)}`).digest('hex');
}

/**
 * `Idempotency-Key` on POST: the first request's answer is stored and replayed for retries with the same
 * key and body; the same key with a different body (or while the first is still running) is 409.
 * Keys are scoped to the API key that sent them. 5xx answers are not stored, so they can be retried.
 */
export default fp(
  async function idempotency(app) {
    app.decorateRequest('idempotency', null);

    app.addHook('preHandler', async (request, reply) => {
      if (request.method !== 'POST') return;
      const raw = request.headers['idempotency-key'];
      if (raw === undefined) return;
      const key = Array.isArray(raw) ? raw[0] : raw;
      if (!key || key.length > 255) throw badRequest('INVALID_IDEMPOTENCY_KEY', 'Idempotency-Key must be 1 to 255 characters.');
      if (!request.apiKey) return;
      const requestHash = hashRequest(request.method, request.url, request.body);
      const inserted = await app.db
        .insert(idempotencyRecords)
        .values({ apiKeyId: request.apiKey.id, key, method: request.method, path: request.url, requestHash, statusCode: IN_PROGRESS })
        .onConflictDoNothing()
        .returning({ key: idempotencyRecords.key });
      if (inserted.length > 0) {
        request.idempotency = { key };
        return;
      }
      const [existing] = await app.db
        .select()
        .from(idempotencyRecords)
        .where(and(eq(idempotencyRecords.apiKeyId, request.apiKey.id), eq(idempotencyRecords.key, key)));
      if (!existing) throw conflict('IDEMPOTENCY_KEY_IN_PROGRESS', 'A request with this Idempotency-Key is being processed; retry shortly.');
      if (existing.requestHash !== requestHash) {
        throw conflict('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was already used with a different request; use a new key for a new request.', { idempotencyKey: key });
      }
      if (existing.statusCode === IN_PROGRESS) {
        throw conflict('IDEMPOTENCY_KEY_IN_PROGRESS', 'A request with this Idempotency-Key is being processed; retry shortly.', { idempotencyKey: key });
      }
      reply.header('idempotent-replayed', 'true');
      return reply.code(existing.statusCode).send(existing.responseBody);
    });

    app.addHook('onSend', async (request, reply, payload) => {
      if (!request.idempotency || !request.apiKey) return payload;
      const where = and(eq(idempotencyRecords.apiKeyId, request.apiKey.id), eq(idempotencyRecords.key, request.idempotency.key));
      if (reply.statusCode >= 500) {
        await app.db.delete(idempotencyRecords).where(where);
        return payload;
      }
      let body: unknown = null;
      if (typeof payload === 'string' && payload.length > 0) {
        try {
          body = JSON.parse(payload);
        } catch {
          body = payload;
        }
      }
      await app.db.update(idempotencyRecords).set({ statusCode: reply.statusCode, responseBody: body }).where(where);
      return payload;
    });
  },
  { name: 'idempotency', dependencies: ['db', 'auth'] },
);
