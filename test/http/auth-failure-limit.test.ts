import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';

describe('failed authentication is rate limited per client address', () => {
  let t: TestApp;
  let now = new Date('2026-03-02T09:00:00Z');
  beforeAll(async () => {
    t = await createTestApp({ env: { AUTH_FAILURES_PER_MINUTE: '5' }, clock: () => now });
  });
  afterAll(async () => t.close());

  const get = (authorization: string | undefined, remoteAddress = '203.0.113.7') =>
    t.app.inject({ method: 'GET', url: '/v1/cases', remoteAddress, headers: authorization ? { authorization } : {} });

  it('answers 429 with Retry-After after 5 bad keys from one address, before looking the key up, until its minute ends', async () => {
    for (let i = 0; i < 5; i++) expect((await get(`Bearer wrong-key-${i}-0123456789abcdef`)).statusCode).toBe(401);
    const limited = await get('Bearer wrong-key-6-0123456789abcdef');
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['content-type']).toContain('application/problem+json');
    expect(limited.json()).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
    expect(limited.json().detail).toContain('5 per minute');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(60);
    // Even a valid key from that address waits: the address may not go on trying keys.
    expect((await get(`Bearer ${t.adminKey}`)).statusCode).toBe(429);
    // Other addresses and public routes are not affected.
    expect((await get(`Bearer ${t.adminKey}`, '198.51.100.1')).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/healthz', remoteAddress: '203.0.113.7' })).statusCode).not.toBe(429);
    now = new Date(now.getTime() + 61_000);
    expect((await get(`Bearer ${t.adminKey}`)).statusCode).toBe(200);
  });

  it('counts requests without any key as failures too', async () => {
    for (let i = 0; i < 5; i++) expect((await get(undefined, '203.0.113.8')).statusCode).toBe(401);
    expect((await get(undefined, '203.0.113.8')).statusCode).toBe(429);
  });

  it('never counts successful authentications', async () => {
    for (let i = 0; i < 20; i++) expect((await get(`Bearer ${t.adminKey}`, '203.0.113.9')).statusCode).toBe(200);
  });
});

describe('rate limit per API key', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { RATE_LIMIT_PER_MINUTE: '2' } });
  });
  afterAll(async () => t.close());

  it('says its window is a minute and when to retry', async () => {
    const get = () => t.app.inject({ method: 'GET', url: '/v1/slas', headers: t.auth() });
    await get();
    await get();
    const limited = await get();
    expect(limited.statusCode).toBe(429);
    expect(limited.json().detail).toMatch(/^Rate limit of 2 requests per minute exceeded for this API key; retry in \d+ seconds?\.$/);
  });
});
