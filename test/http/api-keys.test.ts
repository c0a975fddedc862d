import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { apiKeys } from '../../db/schema/index.js';
import { createHash } from 'node:crypto';
import { ensureBootstrapAdminKey, hashApiKey } from '../../src/auth/api-keys.js';
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

  it('creates a key whose secret (its key id and 43 random characters) is shown once and stored only as a keyed hash', async () => {
    const res = await admin.post('/v1/api-keys', { name: 'billing service', role: 'manager' });
    expect(res.statusCode).toBe(201);
    const key = res.json();
    expect(key).toMatchObject({ name: 'billing service', role: 'manager', revokedAt: null });
    expect(key.keyId).toMatch(/^[0-9a-f]{12}$/);
    expect(key.secret).toMatch(new RegExp(`^sla_${key.keyId}_[A-Za-z0-9_-]{43}$`));
    expect(key).not.toHaveProperty('prefix');
    expect(res.headers.location).toBe(`/v1/api-keys/${key.id}`);
    const [row] = await t.database.db.select().from(apiKeys).where(eq(apiKeys.id, key.id));
    expect(row.keyHash).toBe(hashApiKey(key.secret, t.config.auth.apiKeyPepper));
    expect(row.keyHash).not.toBe(createHash('sha256').update(key.secret).digest('hex'));
    expect(hashApiKey(key.secret, 'another-server-secret-0123456789abcdef')).not.toBe(row.keyHash);
    const randomPart = key.secret.slice(-43);
    for (let i = 0; i + 6 <= randomPart.length; i++) expect(JSON.stringify(row)).not.toContain(randomPart.slice(i, i + 6));
    expect((await client(t, key.secret).post('/v1/queues', { name: 'Made by the new key' })).statusCode).toBe(201);
  });

  it('lists and reads keys without their secrets', async () => {
    const created = (await admin.post('/v1/api-keys', { name: 'listed', role: 'agent' })).json();
    const list = await admin.get('/v1/api-keys');
    expect(list.statusCode).toBe(200);
    expect(list.body).not.toContain(created.secret);
    expect(list.json().items.find((k: { id: string }) => k.id === created.id)).not.toHaveProperty('secret');
    const one = await admin.get(`/v1/api-keys/${created.id}`);
    expect(one.json()).toEqual({ id: created.id, name: 'listed', role: 'agent', keyId: created.keyId, createdAt: created.createdAt, revokedAt: null });
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

  it('keeps a key stored before migration 0009 (unsalted sha256) working and re-hashes it with the HMAC at its first use', async () => {
    const legacySecret = 'legacy-agent-key-from-2025-abcdefgh';
    const legacyHash = createHash('sha256').update(legacySecret).digest('hex');
    await t.database.db.insert(apiKeys).values({ name: 'legacy', role: 'agent', keyId: 'a1b2c3d4e5f6', keyHash: legacyHash, hashScheme: 'sha256' });
    expect((await client(t, legacySecret).get('/v1/cases')).statusCode).toBe(200);
    const [row] = await t.database.db.select().from(apiKeys).where(eq(apiKeys.keyId, 'a1b2c3d4e5f6'));
    expect(row).toMatchObject({ hashScheme: 'hmac-sha256', keyHash: hashApiKey(legacySecret, t.config.auth.apiKeyPepper) });
    expect((await client(t, legacySecret).get('/v1/cases')).statusCode).toBe(200);
    expect((await client(t, 'legacy-agent-key-from-2025-abcdefgX').get('/v1/cases')).statusCode).toBe(401);
  });

  it('moves a bootstrap key stored before migration 0009 to the HMAC instead of adding a second one; a revoked one stays revoked', async () => {
    const secret = 'old-bootstrap-key-0123456789abcdef';
    await t.database.db.insert(apiKeys).values({
      name: 'bootstrap admin (from configuration)', role: 'admin', keyId: '0f0f0f0f0f0f', hashScheme: 'sha256',
      keyHash: createHash('sha256').update(secret).digest('hex'), revokedAt: new Date('2026-01-01T00:00:00Z'),
    });
    await ensureBootstrapAdminKey(t.database.db, secret, t.config.auth.apiKeyPepper);
    const rows = await t.database.db.select().from(apiKeys).where(eq(apiKeys.keyHash, hashApiKey(secret, t.config.auth.apiKeyPepper)));
    expect(rows.map((r) => r.keyId)).toEqual(['0f0f0f0f0f0f']);
    expect((await client(t, secret).get('/v1/cases')).statusCode).toBe(401);
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
