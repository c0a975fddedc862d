/**
 * The PostgreSQL pool after the server was away (db/postgres-pool.ts): postgres.js counts failed
 * connection attempts across the pool and, by default, waits up to 20 s before the next one, so the
 * first requests after a short restart could wait longer than their clients do. Capped at 1 s.
 */
import { describe, expect, it } from 'vitest';
import { createPostgresPool, MAX_RECONNECT_DELAY_SECONDS, reconnectDelaySeconds } from '../../db/postgres-pool.js';
import * as schema from '../../db/schema/index.js';
import { postgresBinDir, startPostgresServer } from '../faults/support/postgres-server.js';

const hasPostgresBinaries = (() => {
  try {
    postgresBinDir();
    return true;
  } catch {
    return false;
  }
})();

describe('the PostgreSQL pool after the server was away', () => {
  it('waits at most a second between connection attempts, however many failed', () => {
    for (let attempts = 0; attempts <= 60; attempts++) {
      const delay = reconnectDelaySeconds(attempts);
      expect(delay).toBeGreaterThanOrEqual(0);
      expect(delay).toBeLessThanOrEqual(MAX_RECONNECT_DELAY_SECONDS);
    }
    // The start of postgres.js's curve is kept: the first retries are quick.
    expect(reconnectDelaySeconds(1)).toBeLessThanOrEqual(0.03);
  });

  it.skipIf(!hasPostgresBinaries)(
    'answers the first query after a restart within about a second, after many failed attempts during the outage',
    async () => {
      const server = await startPostgresServer();
      const pool = createPostgresPool({ url: server.url, max: 2, schema });
      try {
        await pool.sql`select 1`;
        await server.stop();
        let refused = 0;
        for (let i = 0; i < 10; i++) await pool.sql`select 1`.catch(() => void refused++);
        expect(refused).toBe(10);
        await server.start();
        const started = performance.now();
        expect(await pool.sql`select 2 as n`).toEqual([{ n: 2 }]);
        // postgres.js's own curve would wait 10-20 s here (3^10 / 100 s, capped at 20).
        expect(performance.now() - started).toBeLessThan(3_000);
      } finally {
        await pool.sql.end({ timeout: 1 });
        await server.destroy();
      }
    },
    60_000,
  );
});
