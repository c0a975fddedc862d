import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';
import { client, newAccount, newCase, type Client } from '../cases/api-helpers.js';

/** Strings PostgreSQL cannot store as sent (NUL) or that UTF-8 would silently alter (lone surrogates). */
describe('strings the database cannot store as sent', () => {
  let t: TestApp;
  let api: Client;
  beforeAll(async () => {
    t = await createTestApp();
    api = client(t);
  });
  afterAll(async () => t.close());

  const expectFieldRefused = (res: { statusCode: number; json(): any; headers: Record<string, unknown> }, field: string, code: string) => {
    expect(res.statusCode, JSON.stringify(res.json())).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ code, field });
    expect(res.json().detail).toContain(field);
  };

  it('refuses a NUL character in a body string with 400 naming the field, on create and update routes', async () => {
    expectFieldRefused(await api.post('/v1/accounts', { name: 'Con\u0000toso' }), 'body.name', 'NUL_CHARACTER');
    expectFieldRefused(await api.post('/v1/queues', { name: '\u0000' }), 'body.name', 'NUL_CHARACTER');
    const account = await newAccount(api);
    expectFieldRefused(await api.post('/v1/cases', { title: 'x\u0000', origin: 'phone', accountId: account.id }), 'body.title', 'NUL_CHARACTER');
    const kase = await newCase(api);
    expectFieldRefused(await api.patch(`/v1/cases/${kase.id}`, { description: 'before\u0000after' }), 'body.description', 'NUL_CHARACTER');
    expectFieldRefused(
      await api.post('/v1/slas', { name: 'S', items: [{ name: 'n\u0000', kpi: 'resolve', failure: { hours: 1 } }] }),
      'body.items.0.name',
      'NUL_CHARACTER',
    );
  });

  it('refuses a NUL character in an object key and in a query parameter', async () => {
    const res = await api.post('/v1/slas', {
      name: 'S',
      items: [{ name: 'n', kpi: 'resolve', failure: { hours: 1 }, applicableWhen: { field: 'priority', op: 'equals', value: 'high', ['x\u0000']: 1 } }],
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('NUL_CHARACTER');
    expect(res.json().field).toMatch(/^body\.items\.0\.applicableWhen/);
    expectFieldRefused(await api.get('/v1/cases?cursor=abc%00def'), 'querystring.cursor', 'NUL_CHARACTER');
  });

  it('refuses a lone surrogate instead of storing U+FFFD', async () => {
    // JSON text with an escaped lone high surrogate: valid JSON, not representable in UTF-8.
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/accounts',
      headers: { ...t.auth(), 'content-type': 'application/json' },
      payload: '{"name":"Contoso \\ud800"}',
    });
    expectFieldRefused(res, 'body.name', 'INVALID_UNICODE');
    const low = await t.app.inject({
      method: 'POST',
      url: '/v1/accounts',
      headers: { ...t.auth(), 'content-type': 'application/json' },
      payload: '{"name":"\\udc00 Contoso"}',
    });
    expectFieldRefused(low, 'body.name', 'INVALID_UNICODE');
  });

  it('stores a proper surrogate pair (an emoji) unchanged', async () => {
    const res = await api.post('/v1/accounts', { name: 'Contoso \u{1F600}' });
    expect(res.statusCode).toBe(201);
    expect((await api.get(`/v1/accounts/${res.json().id}`)).json().name).toBe('Contoso \u{1F600}');
  });
});
