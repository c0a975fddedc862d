/**
 * Migration 0008 on records written before answers kept their content type and expired: stored answers
 * stay replayable (a refusal as problem+json), and every record, including one left "in progress" by the
 * old code, expires 24 hours after it was created.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PGlite } from '@electric-sql/pglite';
import { migrationFiles, migrationStatements } from '../support/migration-files.js';

const statements = migrationStatements;

describe('migration 0008: idempotency records get a content type and an expiry', () => {
  const db = new PGlite();
  const apiKey = '00000000-0000-4000-8000-00000000a001';

  beforeAll(async () => {
    const files = migrationFiles();
    for (const f of files.filter((f) => f < '0008')) for (const s of statements(f)) await db.exec(s);
    await db.exec(`
      insert into idempotency_records (api_key_id, key, method, path, request_hash, status_code, response_body, created_at) values
        ('${apiKey}', 'created', 'POST', '/v1/cases', 'h1', 201, '{"id":"c1"}', '2026-01-01T10:00:00Z'),
        ('${apiKey}', 'refused', 'POST', '/v1/cases', 'h2', 422, '{"code":"CUSTOMER_NOT_FOUND"}', '2026-01-01T10:00:00Z'),
        ('${apiKey}', 'stuck', 'POST', '/v1/cases', 'h3', 0, null, '2026-01-01T10:00:00Z');
    `);
    for (const s of statements('0008_idempotency_expiry.sql')) await db.exec(s);
  });
  afterAll(async () => {
    await db.close();
  });

  it('keeps every record, with the content type its answer had and an expiry 24 h after its creation', async () => {
    const { rows } = await db.query<{ key: string; status_code: number; content_type: string; expires_at: Date; response_body: unknown }>(
      'select key, status_code, content_type, expires_at, response_body from idempotency_records order by key',
    );
    expect(rows.map((r) => [r.key, r.status_code, r.content_type, r.expires_at.toISOString()])).toEqual([
      ['created', 201, 'application/json', '2026-01-02T10:00:00.000Z'],
      ['refused', 422, 'application/problem+json', '2026-01-02T10:00:00.000Z'],
      ['stuck', 0, 'application/json', '2026-01-02T10:00:00.000Z'],
    ]);
    expect(rows[0]!.response_body).toEqual({ id: 'c1' });
  });
});
