/**
 * PostgreSQL through postgres.js (the project's driver), made to survive a server restart.
 *
 * postgres.js 3.4.9 (its latest release) has two defects on a connection that closes mid-work, both
 * with fixes not yet released; `patches/postgres+3.4.9.patch` (applied by patch-package on install)
 * carries them:
 * - a write scheduled by `setImmediate` after the socket closed threw `TypeError: Cannot read properties
 *   of null (reading 'write')` from the timer, ending the process (porsager/postgres#1154, #1208; the
 *   guard of PR #1209 settles the queries with CONNECTION_CLOSED instead);
 * - the rest of a `begin()` callback could run on the replacement connection, outside its transaction,
 *   and its late COMMIT/ROLLBACK end another one (#1216; PR #1215: the transaction keeps its close
 *   error and rejects every later query).
 * `assertPostgresPatched()` refuses to start without the patch rather than run with those defects.
 *
 * `patches/drizzle-orm+0.45.4.patch`: drizzle asked postgres.js for a named prepared statement only for
 * queries built with `.prepare(name)`; every other query went unnamed, and postgres.js describes an
 * unnamed query with parameters before it binds it: two round trips per statement, the server parsing and
 * planning it each time. Patched, every query is prepared once per connection (by its text and types)
 * and then takes one round trip: POST /v1/cases 12.5 → 8.1 ms, 8.0 → 6.1 ms of CPU (one client,
 * PostgreSQL on loopback). `prepare: false` (DATABASE_PREPARED_STATEMENTS=false) restores unnamed
 * statements for poolers that cannot keep prepared ones. Connections are recycled (`max_lifetime`), which
 * bounds the per-connection statement cache. The same patch caches drizzle's entity check `is()` per
 * prototype: building a statement asks it for every chunk, and each negative answer walked a class chain
 * (94 → 46 µs to build a typical statement; test/db/drizzle-entity-check.test.ts).
 *
 * Besides: a connect timeout, so a query fails (503) instead of waiting 30 s while the server is away;
 * reconnects at most 1 s apart (`reconnectDelaySeconds`), so queries waiting for a connection run
 * within a second of the server's return; idle connections are recycled; connection problems are
 * reported once per close, not thrown.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import postgres from 'postgres';
import { drizzle, type PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import type * as schemaModule from './schema/index.js';

export interface PostgresPoolOptions {
  url: string;
  max: number;
  schema: typeof schemaModule;
  /** Named prepared statements (see the module doc); default true. */
  prepare?: boolean;
}

type Database = PostgresJsDatabase<typeof schemaModule>;

export interface PostgresPool {
  sql: postgres.Sql;
  db: Database;
  /** A reserved connection for session-level work (advisory locks). */
  withSession<T>(fn: (session: postgres.ReservedSql) => Promise<T>): Promise<T>;
}

/** Seconds a query waits for a connection to be established before failing (then answered 503). */
const CONNECT_TIMEOUT_SECONDS = 5;

/** The longest wait before postgres.js tries a closed connection again (seconds). */
export const MAX_RECONNECT_DELAY_SECONDS = 1;

/**
 * Seconds before the next connection attempt after `attempts` failed ones (postgres.js's curve, capped).
 * postgres.js counts failures across the whole pool and waits up to 20 s: during a 2 s PostgreSQL
 * restart ten connections failing a few times each reached that, and a request whose connection closed
 * while it was being set up waited for it (no answer within 15 s, seen in the fault suite).
 */
export function reconnectDelaySeconds(attempts: number): number {
  return (0.5 + Math.random() / 2) * Math.min(3 ** attempts / 100, MAX_RECONNECT_DELAY_SECONDS);
}

let patchChecked = false;
/** Throws unless the installed postgres.js carries patches/postgres+3.4.9.patch (npm install applies it). */
export function assertPostgresPatched(): void {
  if (patchChecked) return;
  const entry = createRequire(import.meta.url).resolve('postgres');
  const src = path.join(path.dirname(entry), '..', '..', 'src');
  const connection = fs.readFileSync(path.join(src, 'connection.js'), 'utf8');
  const index = fs.readFileSync(path.join(src, 'index.js'), 'utf8');
  if (!connection.includes('sla-service patch') || !index.includes('sla-service patch')) {
    throw new Error(`postgres.js in ${src} lacks patches/postgres+3.4.9.patch; run \`npm install\` (its postinstall runs patch-package)`);
  }
  patchChecked = true;
}

export function createPostgresPool(options: PostgresPoolOptions): PostgresPool {
  assertPostgresPatched();
  const sql = postgres(options.url, {
    max: options.max,
    prepare: options.prepare ?? true,
    onnotice: () => {},
    connect_timeout: CONNECT_TIMEOUT_SECONDS,
    backoff: reconnectDelaySeconds,
    idle_timeout: 30,
    max_lifetime: 30 * 60,
  });
  const db = drizzle(sql, { schema: options.schema });
  async function withSession<T>(fn: (session: postgres.ReservedSql) => Promise<T>): Promise<T> {
    const session = await sql.reserve();
    try {
      return await fn(session);
    } finally {
      session.release();
    }
  }
  return { sql, db, withSession };
}
