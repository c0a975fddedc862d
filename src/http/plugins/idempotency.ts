import fp from 'fastify-plugin';
import { createHash } from 'node:crypto';
import { and, eq, lte, sql } from 'drizzle-orm';
import { idempotencyRecords } from '../../../db/schema/index.js';
import { openTransaction, runInTransaction, type OpenTransaction } from '../../../db/request-transaction.js';
import { isDatabaseUnavailable } from '../../../db/unavailable.js';
import type { Tx } from '../../../db/client.js';
import { badRequest, conflict } from '../../errors.js';
import { DATABASE_RETRY_AFTER_SECONDS } from './problem-details.js';

declare module 'fastify' {
  interface FastifyRequest {
    idempotency: { key: string; transaction: OpenTransaction } | null;
  }
}

export interface IdempotencyOptions {
  /** How long an answer is kept for replay (IDEMPOTENCY_KEY_TTL_HOURS); afterwards the key is new again. */
  ttlHours: number;
}

/** Written by the version before answers were stored with their effect; their outcome is unknown. */
const LEGACY_IN_PROGRESS = 0;
const PURGE_EVERY_MS = 60 * 60 * 1000;

function hashRequest(method: string, url: string, body: unknown): string {
  return createHash('sha256').update(`${method} ${url}\n${JSON.stringify(body ?? null)}`).digest('hex');
}

/**
 * `Idempotency-Key` on POST: the first request's answer (status, content type, body) is stored and replayed
 * for retries with the same key and body; the same key with a different body is 409
 * IDEMPOTENCY_KEY_REUSED. Keys are scoped to the API key that sent them and kept `ttlHours`.
 *
 * Exactly once, whatever fails: a keyed request runs in one database transaction from its pre-handler to
 * its answer (every `app.db` statement of the route goes to it, the route's own transactions become
 * savepoints), and its answer is stored in that same transaction just before the commit. So the effect
 * and the stored answer commit together or not at all: a 5xx (or a crash, or the database going away)
 * rolls both back and the key can simply be retried; there is no "in progress" record to get stuck. A
 * retry that arrives while the first is still running waits for it (PGlite) or gets 409
 * IDEMPOTENCY_KEY_IN_PROGRESS (PostgreSQL, from a transaction-scoped advisory lock on the key).
 */
export default fp<IdempotencyOptions>(
  async function idempotency(app, options) {
    app.decorateRequest('idempotency', null);
    const ttlMs = options.ttlHours * 60 * 60 * 1000;

    app.addHook('preHandler', (request, reply, done) => {
      if (request.method !== 'POST') return done();
      const raw = request.headers['idempotency-key'];
      if (raw === undefined) return done();
      const key = Array.isArray(raw) ? raw[0] : raw;
      if (!key || key.length > 255) return done(badRequest('INVALID_IDEMPOTENCY_KEY', 'Idempotency-Key must be 1 to 255 characters.'));
      const apiKey = request.apiKey;
      if (!apiKey) return done();
      const requestHash = hashRequest(request.method, request.url, request.body);
      const claim = async (): Promise<OpenTransaction | undefined> => {
        const transaction = await openTransaction(app.database.db);
        try {
          const { tx } = transaction;
          const now = app.now();
          const where = and(eq(idempotencyRecords.apiKeyId, apiKey.id), eq(idempotencyRecords.key, key));
          if (app.database.driver === 'postgres') {
            const result = await tx.execute(sql`select pg_try_advisory_xact_lock(hashtextextended(${`${apiKey.id}\n${key}`}, 0)) as locked`);
            if (rowsOf<{ locked: boolean }>(result)[0]?.locked !== true) throw inProgress(key);
          }
          await tx.delete(idempotencyRecords).where(and(where, lte(idempotencyRecords.expiresAt, now)));
          const [existing] = await tx.select().from(idempotencyRecords).where(where);
          if (!existing) return transaction;
          await transaction.rollback();
          if (existing.requestHash !== requestHash) {
            throw conflict('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was already used with a different request; use a new key for a new request.', { idempotencyKey: key });
          }
          if (existing.statusCode === LEGACY_IN_PROGRESS) throw inProgress(key);
          reply.header('idempotent-replayed', 'true');
          reply.code(existing.statusCode).type(existing.contentType).send(existing.responseBody);
          return undefined;
        } catch (err) {
          await transaction.rollback();
          throw err;
        }
      };
      claim().then(
        (transaction) => {
          if (!transaction) return; // replayed
          request.idempotency = { key, transaction };
          // The rest of the request (handler, serialisation, onSend) runs inside the transaction's scope.
          runInTransaction(transaction, () => done());
        },
        (err) => done(err),
      );
    });

    app.addHook('onSend', async (request, reply, payload) => {
      const claimed = request.idempotency;
      if (!claimed || claimed.transaction.settled || !request.apiKey) return payload;
      if (reply.statusCode >= 500) {
        await claimed.transaction.rollback();
        return payload;
      }
      const record = {
        apiKeyId: request.apiKey.id,
        key: claimed.key,
        method: request.method,
        path: request.url,
        requestHash: hashRequest(request.method, request.url, request.body),
        statusCode: reply.statusCode,
        contentType: String(reply.getHeader('content-type') ?? 'application/json').split(';')[0]!.trim(),
        responseBody: parseBody(payload),
        createdAt: app.now(),
        expiresAt: new Date(app.now().getTime() + ttlMs),
      };
      try {
        await claimed.transaction.commit(async (tx: Tx) => {
          await tx.insert(idempotencyRecords).values(record);
        });
        return payload;
      } catch (err) {
        // Nothing of this request was committed: answer so that the client retries with the same key.
        request.log.warn({ cause: err instanceof Error ? err.message : String(err) }, 'idempotent request not committed');
        for (const header of ['location', 'etag']) reply.removeHeader(header);
        const unavailable = isDatabaseUnavailable(err);
        const status = unavailable ? 503 : 500;
        reply.code(status).type('application/problem+json');
        if (unavailable) reply.header('retry-after', String(DATABASE_RETRY_AFTER_SECONDS));
        else request.log.error({ err }, 'idempotent request failed to commit');
        return JSON.stringify({
          type: `https://sla-service.dev/problems/${unavailable ? 'service-unavailable' : 'internal'}`,
          title: unavailable ? 'Service Unavailable' : 'Internal Server Error',
          status,
          code: unavailable ? 'SERVICE_UNAVAILABLE' : 'INTERNAL',
          detail: 'The request could not be committed, so nothing was changed; retry it with the same Idempotency-Key.',
          instance: request.url,
          requestId: request.id,
        });
      }
    });

    // A request that ends without an answer (client gone before onSend) must not keep its transaction.
    app.addHook('onResponse', async (request) => {
      await request.idempotency?.transaction.rollback();
    });
    app.addHook('onRequestAbort', async (request) => {
      await request.idempotency?.transaction.rollback();
    });

    // Expired records are purged now and then (a claim also removes an expired record for its own key).
    const purge = () =>
      app.database.db
        .delete(idempotencyRecords)
        .where(lte(idempotencyRecords.expiresAt, app.now()))
        .catch((err: Error) => app.log.warn({ cause: err.message }, 'purging expired idempotency records failed'));
    let timer: NodeJS.Timeout | undefined;
    app.addHook('onReady', async () => {
      timer = setInterval(() => void purge(), PURGE_EVERY_MS).unref();
    });
    app.addHook('onClose', async () => clearInterval(timer));
  },
  { name: 'idempotency', dependencies: ['db', 'auth'] },
);

function inProgress(key: string) {
  return conflict('IDEMPOTENCY_KEY_IN_PROGRESS', 'A request with this Idempotency-Key is being processed; retry shortly.', { idempotencyKey: key });
}

function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

function parseBody(payload: unknown): unknown {
  if (typeof payload !== 'string' || payload.length === 0) return null;
  try {
    return JSON.parse(payload);
  } catch {
    return payload;
  }
}
