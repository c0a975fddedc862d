/**
 * PostgreSQL through node-postgres (`pg`), made to survive a server restart.
 *
 * Why not postgres.js: up to its latest release (3.4.9) a connection that closes while a transaction is
 * open crashes the process from a timer (`TypeError: Cannot read properties of null (reading 'write')` in
 * `nextWrite`, porsager/postgres#1154, #1208, fixes unreleased), and the rest of that transaction may run
 * on the replacement connection outside any transaction (#1215, #1216).
 *
 * What this module adds to pg's pool:
 * - an `error` listener on the pool and on every client for its whole life: pg emits `error` on a client
 *   whose server went away, and an `error` event nobody listens to ends the process;
 * - transactions on a client we acquire and release ourselves, exactly once, destroying it unless it is
 *   healthy and outside any transaction (drizzle's own pool transaction never releases its client when
 *   BEGIN fails on a dead connection: the pool would drain one restart at a time);
 * - a connect timeout, so a query fails (503) instead of queueing forever while the server is away.
 */
import pg from 'pg';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import type * as schemaModule from './schema/index.js';

export interface PostgresPoolOptions {
  url: string;
  max: number;
  schema: typeof schemaModule;
  /** Connection problems are reported here (default: one warning line on stderr). */
  onConnectionError?: (err: Error) => void;
}

type Database = NodePgDatabase<typeof schemaModule>;

export interface PostgresPool {
  pool: pg.Pool;
  db: Database;
  /** A dedicated client for session-level work (advisory locks); `release` destroys it when unhealthy. */
  withClient<T>(fn: (db: Database, client: pg.PoolClient) => Promise<T>): Promise<T>;
}

/** How long a request waits for a connection before failing (then answered 503). */
const CONNECT_TIMEOUT_MS = 5_000;

export function createPostgresPool(options: PostgresPoolOptions): PostgresPool {
  const report = options.onConnectionError ?? ((err: Error) => console.warn(`database connection error: ${err.message}`));
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.max,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    idleTimeoutMillis: 30_000,
    keepAlive: true,
  });
  pool.on('error', report);
  pool.on('connect', (client) => client.on('error', report));

  const db = drizzle(pool, { schema: options.schema });
  // One drizzle database per physical connection, reused for every transaction on it.
  const onClient = new WeakMap<pg.PoolClient, Database>();
  const dbFor = (client: pg.PoolClient) => {
    let bound = onClient.get(client);
    if (!bound) onClient.set(client, (bound = drizzle(client, { schema: options.schema })));
    return bound;
  };

  async function withClient<T>(fn: (bound: Database, client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await pool.connect();
    try {
      return await fn(dbFor(client), client);
    } finally {
      // 'I': idle, outside any (possibly failed) transaction. Anything else is closed, not handed on (pg's
      // pool also closes a client whose connection broke).
      client.release(client.getTransactionStatus() === 'I' ? undefined : new Error('connection left inside a transaction'));
    }
  }

  const transaction: Database['transaction'] = (fn, config) => withClient((bound) => bound.transaction(fn, config));
  db.transaction = transaction;
  return { pool, db, withClient };
}
