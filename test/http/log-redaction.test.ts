import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createTestDatabase } from '../support/db.js';
import type { DatabaseHandle } from '../../db/client.js';

describe('error log of a failed query', () => {
  let app: FastifyInstance;
  let database: DatabaseHandle;
  const lines: string[] = [];
  beforeAll(async () => {
    database = await createTestDatabase();
    const stream = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'error', DATA_DIR: '.data/test' });
    app = await buildApp({ config, database, temporal: null, logger: { level: 'error', stream } });
    app.get('/test/failing-query', { config: { public: true } }, async () => {
      await app.db.execute(sql`select ${'customer-secret-text'}::int as n, ${'second-secret'}::text as t`);
      return {};
    });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  it('logs the SQL text and the database error code, never the query parameters', async () => {
    const res = await app.inject({ method: 'GET', url: '/test/failing-query' });
    expect(res.statusCode).toBe(500);
    const logged = lines.join('');
    expect(logged).toContain(res.json().requestId);
    expect(logged).toContain('select $1::int');
    expect(logged).toContain('22P02');
    expect(logged).toContain('params: [2 redacted]');
    expect(logged).not.toContain('customer-secret-text');
    expect(logged).not.toContain('second-secret');
  });
});
