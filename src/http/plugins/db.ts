import fp from 'fastify-plugin';
import type { Db, DatabaseHandle } from '../../../db/client.js';
import { scopedDb } from '../../../db/request-transaction.js';

declare module 'fastify' {
  interface FastifyInstance {
    db: Db;
    database: DatabaseHandle;
  }
}

/**
 * Decorates the app with the database once; the caller that opened it decides whether the app closes it.
 * `app.db` follows a request-wide transaction when one is open (see the idempotency plugin); the handle's
 * own `database.db` never does.
 */
export default fp<{ database: DatabaseHandle; closeOnShutdown: boolean }>(
  async function db(app, { database, closeOnShutdown }) {
    app.decorate('database', database);
    app.decorate('db', scopedDb(database.db));
    if (closeOnShutdown) app.addHook('onClose', () => database.close());
  },
  { name: 'db' },
);
