/** A survey link's token is its credential: request logs show `/v1/surveys/[token]`, never the token. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createTestDatabase } from '../support/db.js';
import type { DatabaseHandle } from '../../db/client.js';

describe('request logs of the survey routes', () => {
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
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'info', DATA_DIR: '.data/test' });
    app = await buildApp({ config, database, temporal: null, logger: { level: 'info', stream } });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  it('logs the request with the token replaced', async () => {
    const token = 'Secret_token-0123456789abcdefghijklmnopqrst';
    expect(token).toHaveLength(43);
    expect((await app.inject({ method: 'GET', url: `/v1/surveys/${token}?x=1` })).statusCode).toBe(404);
    expect((await app.inject({ method: 'POST', url: `/v1/surveys/${token}`, payload: { score: 3 } })).statusCode).toBe(404);
    const requests = lines.map((l) => JSON.parse(l)).filter((l) => l.req);
    expect(requests.map((l) => l.req.url)).toEqual(['/v1/surveys/[token]?x=1', '/v1/surveys/[token]']);
    expect(lines.join('\n')).not.toContain('Secret_token');
  });
});
