/**
 * Defect 2 of issue 11: with the database down, requests answered 500 without Retry-After. They answer
 * 503 SERVICE_UNAVAILABLE problem+json with Retry-After (PostgreSQL stopped, PGlite failed), /healthz
 * answers 503 within 2 s naming the database, and once the database is back requests succeed again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../db/client.js';
import { isDatabaseUnavailable } from '../../db/unavailable.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { startPostgresServer, type PostgresServer } from '../faults/support/postgres-server.js';

function expectUnavailable(res: { statusCode: number; headers: Record<string, unknown>; json(): unknown }) {
  expect(res.statusCode).toBe(503);
  expect(res.headers['content-type']).toContain('application/problem+json');
  expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
  expect(res.json()).toMatchObject({ status: 503, code: 'SERVICE_UNAVAILABLE' });
}

async function expectHealthNamesTheDatabase(t: TestApp) {
  const started = Date.now();
  const health = await t.app.inject({ method: 'GET', url: '/healthz' });
  expect(Date.now() - started).toBeLessThan(2_000);
  expect(health.statusCode).toBe(503);
  expect(Number(health.headers['retry-after'])).toBeGreaterThan(0);
  expect(health.json()).toMatchObject({ status: 'degraded', database: { ok: false }, down: expect.arrayContaining(['database']) });
}

describe('PostgreSQL stopped', () => {
  let server: PostgresServer;
  let database: DatabaseHandle;
  let t: TestApp;
  let agent: string;
  beforeAll(async () => {
    server = await startPostgresServer();
    database = await openDatabase({ url: server.url, maxConnections: 4 });
    await database.migrate();
    t = await createTestApp({ database });
    agent = await t.keyFor('agent');
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await database?.close();
    await server?.destroy();
  });

  it('answers 503 with Retry-After on reads and writes, /healthz 503 within 2 s naming the database, then recovers', async () => {
    const account = await t.app.inject({ method: 'POST', url: '/v1/accounts', headers: t.auth(agent), payload: { name: 'Contoso' } });
    expect(account.statusCode).toBe(201);
    await server.stop();

    const create = await t.app.inject({
      method: 'POST',
      url: '/v1/cases',
      headers: { ...t.auth(agent), 'idempotency-key': 'while-down' },
      payload: { title: 'Checkout is down', origin: 'web', accountId: account.json().id },
    });
    expectUnavailable(create);
    expectUnavailable(await t.app.inject({ method: 'GET', url: '/v1/cases', headers: t.auth(agent) }));
    await expectHealthNamesTheDatabase(t);

    await server.start();
    const retried = await t.app.inject({
      method: 'POST',
      url: '/v1/cases',
      headers: { ...t.auth(agent), 'idempotency-key': 'while-down' },
      payload: { title: 'Checkout is down', origin: 'web', accountId: account.json().id },
    });
    expect(retried.statusCode).toBe(201);
    expect((await t.app.inject({ method: 'GET', url: '/healthz' })).json().database.ok).toBe(true);
  });
});

describe('PGlite failed', () => {
  let t: TestApp;
  let agent: string;
  beforeAll(async () => {
    const database = await openDatabase({});
    await database.migrate();
    t = await createTestApp({ database });
    agent = await t.keyFor('agent');
    await database.close();
  });
  afterAll(async () => t?.close());

  it('answers 503 with Retry-After, and /healthz 503 within 2 s naming the database', async () => {
    expectUnavailable(await t.app.inject({ method: 'POST', url: '/v1/accounts', headers: t.auth(agent), payload: { name: 'Contoso' } }));
    expectUnavailable(await t.app.inject({ method: 'GET', url: '/v1/accounts', headers: t.auth(agent) }));
    await expectHealthNamesTheDatabase(t);
  });
});

describe('which errors mean the database is unavailable', () => {
  it('recognises connection failures through the causes drizzle wraps them in, and nothing else', () => {
    const wrapped = (cause: unknown) => Object.assign(new Error('Failed query: select 1\nparams: '), { cause });
    expect(isDatabaseUnavailable(wrapped(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })))).toBe(true);
    expect(isDatabaseUnavailable(wrapped(new Error('Connection terminated unexpectedly')))).toBe(true);
    expect(isDatabaseUnavailable(wrapped(Object.assign(new Error('the database system is starting up'), { code: '57P03' })))).toBe(true);
    expect(isDatabaseUnavailable(wrapped(Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' })))).toBe(true);
    expect(isDatabaseUnavailable(new Error('PGlite is closed'))).toBe(true);
    expect(isDatabaseUnavailable(wrapped(Object.assign(new Error('duplicate key value violates unique constraint'), { code: '23505' })))).toBe(false);
    expect(isDatabaseUnavailable(wrapped(Object.assign(new Error('syntax error'), { code: '42601' })))).toBe(false);
    // The query text drizzle puts in its own message is not read: it could say anything.
    expect(isDatabaseUnavailable(Object.assign(new Error("Failed query: select 'Connection terminated'"), { cause: new Error('division by zero') }))).toBe(false);
  });
});
