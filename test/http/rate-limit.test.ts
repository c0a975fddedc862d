import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';

describe('rate limiting per API key', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { RATE_LIMIT_PER_MINUTE: '3' } });
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers 429 problem+json once a key used its requests for the minute, without affecting other keys or /healthz', async () => {
    const agent = await t.keyFor('agent');
    const get = (key: string) => t.app.inject({ method: 'GET', url: '/v1/slas', headers: t.auth(key) });
    for (let i = 0; i < 3; i++) expect((await get(agent)).statusCode).toBe(200);
    const limited = await get(agent);
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['content-type']).toContain('application/problem+json');
    expect(limited.json()).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
    expect(limited.headers['retry-after']).toBeDefined();
    expect((await get(await t.keyFor('manager'))).statusCode).toBe(200);
    for (let i = 0; i < 5; i++) expect((await t.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(503);
  });
});
