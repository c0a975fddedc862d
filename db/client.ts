import fs from 'node:fs';
import path from 'node:path';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import * as schema from './schema/index.js';
import { createPostgresPool } from './postgres-pool.js';

export type Schema = typeof schema;
/** Both drivers (postgres.js and PGlite) satisfy this type; code never depends on which one runs. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
/** A transaction handle (same query API as Db). */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type DbOrTx = Db | Tx;

export interface DatabaseHandle {
  db: Db;
  driver: 'postgres' | 'pglite';
  migrate(): Promise<void>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export const migrationsFolder = path.resolve(path.dirname(new URL(import.meta.url).pathname), 'migrations');

export interface OpenDatabaseOptions {
  /** postgres:// URL; when absent an embedded PGlite database is used. */
  url?: string;
  /** PGlite data directory; absent means in-memory. */
  pgliteDir?: string;
  maxConnections?: number;
  /** PostgreSQL: named prepared statements (default true; see db/postgres-pool.ts). */
  preparedStatements?: boolean;
}

export async function openDatabase(options: OpenDatabaseOptions): Promise<DatabaseHandle> {
  if (options.url) {
    const postgres = createPostgresPool({ url: options.url, max: options.maxConnections ?? 10, schema, prepare: options.preparedStatements ?? true });
    const db = postgres.db as unknown as Db;
    return {
      db,
      driver: 'postgres',
      migrate: () =>
        // Serialise concurrent migrators (API and worker starting together): the lock is held by one reserved
        // session (a pooled query could unlock on another connection); the migration runs on the pool.
        postgres.withSession(async (session) => {
          await session`select pg_advisory_lock(7423001)`;
          try {
            await migratePostgres(db as never, { migrationsFolder });
          } finally {
            await session`select pg_advisory_unlock(7423001)`;
          }
        }),
      ping: async () => {
        await db.execute(sql`select 1`);
      },
      close: () => postgres.sql.end({ timeout: 5 }),
    };
  }
  const { PGlite } = await import('@electric-sql/pglite');
  // Knowledge search's typo fallback (migration 0013 creates the extension; PGlite must have it loaded).
  const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
  if (options.pgliteDir) fs.mkdirSync(options.pgliteDir, { recursive: true });
  const client = new PGlite({ dataDir: options.pgliteDir, extensions: { pg_trgm } });
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  return {
    db,
    driver: 'pglite',
    migrate: () => migratePglite(db as never, { migrationsFolder }),
    ping: async () => {
      await db.execute(sql`select 1`);
    },
    close: () => client.close(),
  };
}
