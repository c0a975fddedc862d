/**
 * Migration 0009 on keys stored before it (sha256 of the secret, first 8 characters of the secret in
 * key_prefix): the prefix is gone, each key gets a key id, and the keys keep working through the API.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { drizzle } from 'drizzle-orm/pglite';
import type { DatabaseHandle } from '../../db/client.js';
import * as schema from '../../db/schema/index.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { migrationFiles, migrationStatements } from '../support/migration-files.js';

const statements = migrationStatements;

describe('migration 0009: API keys under a keyed hash', () => {
  const pg = new PGlite({ extensions: { pg_trgm } });
  const agentSecret = 'sla_OldStyleSecretOfTwentyFourBytes_xyz';
  const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
  let t: TestApp;

  beforeAll(async () => {
    const files = migrationFiles();
    for (const f of files.filter((f) => f < '0009')) for (const s of statements(f)) await pg.exec(s);
    await pg.exec(`
      insert into api_keys (name, role, key_hash, key_prefix) values
        ('old agent', 'agent', '${sha256(agentSecret)}', '${agentSecret.slice(0, 8)}'),
        ('old admin', 'admin', '${sha256('x'.repeat(30))}', 'xxxxxxxx');
    `);
    for (const s of statements('0009_api_key_hmac.sql')) await pg.exec(s);
    // The API below runs on today's schema: the later migrations follow, as they would in production.
    for (const f of files.filter((f) => f > '0009_api_key_hmac.sql')) for (const s of statements(f)) await pg.exec(s);
    const database = { db: drizzle(pg, { schema }), driver: 'pglite', ping: async () => {}, close: async () => {}, migrate: async () => {} } as unknown as DatabaseHandle;
    t = await createTestApp({ database });
  });
  afterAll(async () => {
    await t.close();
    await pg.close();
  });

  it('drops the stored secret prefixes and gives every key a distinct 12-character key id', async () => {
    const columns = await pg.query<{ column_name: string }>("select column_name from information_schema.columns where table_name = 'api_keys'");
    expect(columns.rows.map((c) => c.column_name)).not.toContain('key_prefix');
    const rows = await pg.query<{ name: string; key_id: string; hash_scheme: string }>("select name, key_id, hash_scheme from api_keys where name like 'old%' order by name");
    expect(rows.rows.map((r) => [r.name, r.hash_scheme])).toEqual([
      ['old admin', 'sha256'],
      ['old agent', 'sha256'],
    ]);
    for (const r of rows.rows) expect(r.key_id).toMatch(/^[0-9a-f]{12}$/);
    expect(new Set(rows.rows.map((r) => r.key_id)).size).toBe(2);
  });

  it('keeps an old key working; its first use replaces the sha256 by the HMAC', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/v1/cases', headers: t.auth(agentSecret) });
    expect(res.statusCode).toBe(200);
    const row = await pg.query<{ hash_scheme: string; key_hash: string }>("select hash_scheme, key_hash from api_keys where name = 'old agent'");
    expect(row.rows[0].hash_scheme).toBe('hmac-sha256');
    expect(row.rows[0].key_hash).not.toBe(sha256(agentSecret));
    expect((await t.app.inject({ method: 'GET', url: '/v1/cases', headers: t.auth(agentSecret) })).statusCode).toBe(200);
  });
});
