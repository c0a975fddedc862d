import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { apiKeys } from '../../db/schema/index.js';
import { hashApiKey } from '../../src/auth/api-keys.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { client, type Client } from '../cases/api-helpers.js';

describe('API key management', () => {
  let t: TestApp;
  let admin: Client;
  beforeAll(async () => {
    t = await createTestApp();
    admin = client(t);
  });
  afterAll(async () => t.close());

  it('creates a key whose secret is shown once and stored only as a hash', async () => {
    const res = await admin.post('/v1/api-keys', { name: 'billing service', role: 'manager' });
    expect(res.statusCode).toBe(201);
    const key = res.json();
    expect(key).toMatchObject({ name: 'billing service', role: 'manager', revokedAt: null });
    expect(key.secret).toMatch(/^sla_/);
    expect(key.prefix).toBe(key.secret.slice(0, 8));
    expect(res.headers.location).toBe(`/v1/api-keys/${key.id}`);
    const [row] = await t.database.db.select().from(apiKeys).where(eq(apiKeys.id, key.id));
    expect(row.keyHash).toBe(hashApiKey(key.secret));
    expect(JSON.stringify(row)).not.toContain(key.secret);
    expect((await client(t, key.secret).post('/v1/queues', { name: 'Made by the new key' })).statusCode).toBe(201);
  });

  it('lists and reads keys without their secrets', async () => {
    const created = (await admin.post('/v1/api-keys', { name: 'listed', role: 'agent' })).json();
    const list = await admin.get('/v1/api-keys');
    expect(list.statusCode).toBe(200);
    expect(list.body).not.toContain(created.secret);
    expect(list.json().items.find((k: { id: string }) => k.id === created.id)).not.toHaveProperty('secret');
    const one = await admin.get(`/v1/api-keys/${created.id}`);
    expect(one.json()).toEqual({ id: created.id, name: 'listed', role: 'agent', prefix: created.prefix, createdAt: created.createdAt, revokedAt: null });
  });

  it('revokes a key for good; revoking it again changes nothing', async () => {
    const created = (await admin.post('/v1/api-keys', { name: 'revoke me', role: 'agent' })).json();
    const first = await admin.post(`/v1/api-keys/${created.id}/revoke`);
    expect(first.statusCode).toBe(200);
    expect(first.json().revokedAt).not.toBeNull();
    const again = await admin.post(`/v1/api-keys/${created.id}/revoke`);
    expect(again.json().revokedAt).toBe(first.json().revokedAt);
    expect((await client(t, created.secret).get('/v1/cases')).statusCode).toBe(401);
  });

  it('answers 400 naming an unknown role', async () => {
    const res = await admin.post('/v1/api-keys', { name: 'x', role: 'root' });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].field).toBe('body.role');
  });

  it('refuses to revoke the last active admin key (409) and answers 404 for an unknown key (runs last: it revokes the bootstrap key)', async () => {
    const other = (await admin.post('/v1/api-keys', { name: 'second admin', role: 'admin' })).json();
    const bootstrap = (await admin.get('/v1/api-keys')).json().items.find((k: { name: string }) => k.name.startsWith('bootstrap'));
    expect((await client(t, other.secret).post(`/v1/api-keys/${bootstrap.id}/revoke`)).statusCode).toBe(200);
    const last = await client(t, other.secret).post(`/v1/api-keys/${other.id}/revoke`);
    expect(last.statusCode).toBe(409);
    expect(last.json().code).toBe('LAST_ADMIN_KEY');
    const missing = await client(t, other.secret).post('/v1/api-keys/00000000-0000-4000-8000-000000000000/revoke');
    expect(missing.statusCode).toBe(404);
    expect(missing.json().code).toBe('API_KEY_NOT_FOUND');
  });

});
