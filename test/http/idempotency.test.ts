import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import { cases } from '../../db/schema/index.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { client, newAccount, newCase, type Client } from '../cases/api-helpers.js';

describe('Idempotency-Key on the create and command endpoints', () => {
  let t: TestApp;
  let api: Client;
  let accountId: string;
  beforeAll(async () => {
    t = await createTestApp();
    api = client(t, await t.keyFor('agent'));
    accountId = (await newAccount(api)).id;
  });
  afterAll(async () => t.close());

  const casesOf = async (id: string) => (await t.database.db.select({ n: count() }).from(cases).where(eq(cases.accountId, id)))[0].n;

  it('replays the first answer (status, body, Location, ETag) for a retry with the same key and body, and creates one case', async () => {
    const body = { title: 'Retry me', origin: 'web', accountId };
    const first = await api.post('/v1/cases', body, { 'idempotency-key': 'create-1' });
    const retry = await api.post('/v1/cases', body, { 'idempotency-key': 'create-1' });
    expect(first.statusCode).toBe(201);
    expect(retry.statusCode).toBe(201);
    expect(retry.json()).toEqual(first.json());
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.headers.location).toBe(first.headers.location);
    expect(retry.headers.etag).toBe(first.headers.etag);
    expect(await casesOf(accountId)).toBe(1);
  });

  it('answers 409 IDEMPOTENCY_KEY_REUSED for the same key with a different body, creating nothing', async () => {
    const account = await newAccount(api);
    await api.post('/v1/cases', { title: 'A', origin: 'web', accountId: account.id }, { 'idempotency-key': 'create-2' });
    const other = await api.post('/v1/cases', { title: 'B', origin: 'web', accountId: account.id }, { 'idempotency-key': 'create-2' });
    expect(other.statusCode).toBe(409);
    expect(other.json()).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
    expect(await casesOf(account.id)).toBe(1);
  });

  it('replays a refused create too (the same 422), so a retry never turns into a different outcome', async () => {
    const missing = '00000000-0000-4000-8000-000000000000';
    const body = { title: 'x', origin: 'web', accountId: missing };
    const first = await api.post('/v1/cases', body, { 'idempotency-key': 'create-3' });
    const retry = await api.post('/v1/cases', body, { 'idempotency-key': 'create-3' });
    expect([first.statusCode, retry.statusCode]).toEqual([422, 422]);
    expect(retry.json().code).toBe('CUSTOMER_NOT_FOUND');
  });

  it('makes a status command safe to retry: the replay is the first 200, not a 409 for the repeated move', async () => {
    const c = await newCase(api, { accountId });
    const first = await api.post(`/v1/cases/${c.id}/status`, { status: 'on_hold' }, { 'idempotency-key': 'hold-1' });
    const retry = await api.post(`/v1/cases/${c.id}/status`, { status: 'on_hold' }, { 'idempotency-key': 'hold-1' });
    expect([first.statusCode, retry.statusCode]).toEqual([200, 200]);
    expect(retry.json()).toEqual(first.json());
    const again = await api.post(`/v1/cases/${c.id}/status`, { status: 'on_hold' });
    expect(again.statusCode).toBe(409);
  });

  it('works for activities: one activity per key', async () => {
    const c = await newCase(api, { accountId });
    const body = { kind: 'phone_call', direction: 'incoming', subject: 'Call', durationMinutes: 15 };
    await api.post(`/v1/cases/${c.id}/activities`, body, { 'idempotency-key': 'call-1' });
    await api.post(`/v1/cases/${c.id}/activities`, body, { 'idempotency-key': 'call-1' });
    expect((await api.get(`/v1/cases/${c.id}`)).json().billableMinutes).toBe(15);
  });

  it('scopes keys to the API key that sent them', async () => {
    const account = await newAccount(api);
    const body = { title: 'Mine', origin: 'web', accountId: account.id };
    await api.post('/v1/cases', body, { 'idempotency-key': 'shared-key' });
    const other = await client(t, await t.keyFor('manager')).post('/v1/cases', body, { 'idempotency-key': 'shared-key' });
    expect(other.statusCode).toBe(201);
    expect(other.headers['idempotent-replayed']).toBeUndefined();
    expect(await casesOf(account.id)).toBe(2);
  });
});
