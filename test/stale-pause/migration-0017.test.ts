/**
 * Migration 0017 on a database that already holds SLA items: they keep working with no stale-pause
 * alert, and the columns only take a complete setting (a positive threshold with business or calendar time).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { applyMigrationFile, migrationFiles } from '../support/migration-files.js';

describe('migration 0017: stale-pause alerts on existing SLA items', () => {
  // The extensions the app's own PGlite loads (db/client.ts): earlier migrations need them.
  const db = new PGlite({ extensions: { pg_trgm } });
  const sla = '00000000-0000-4000-8000-0000000000b1';
  const item = '00000000-0000-4000-8000-0000000000b2';

  beforeAll(async () => {
    for (const f of migrationFiles().filter((f) => f < '0017')) await applyMigrationFile(db, f);
    await db.exec(`
      insert into slas (id, name) values ('${sla}', 'Before alerts');
      insert into sla_items (id, sla_id, position, name, kpi, failure_minutes) values ('${item}', '${sla}', 1, 'resolve', 'resolve', 600);
    `);
    await applyMigrationFile(db, '0017_stale_pause_alerts.sql');
  });
  afterAll(async () => {
    await db.close();
  });

  it('gives existing items no alert and an empty action list', async () => {
    const { rows } = await db.query(`select stale_pause_minutes, stale_pause_time, stale_pause_actions from sla_items where id = '${item}'`);
    expect(rows).toEqual([{ stale_pause_minutes: null, stale_pause_time: null, stale_pause_actions: [] }]);
  });

  it('stores a complete setting and refuses a half or non-positive one', async () => {
    const insert = (minutes: string, time: string) =>
      db.exec(
        `insert into sla_items (sla_id, position, name, kpi, failure_minutes, stale_pause_minutes, stale_pause_time) values ('${sla}', 2, 'x', 'resolve', 60, ${minutes}, ${time})`,
      );
    await expect(insert('240', "'business'")).resolves.toBeDefined();
    await expect(insert('30', "'calendar'")).resolves.toBeDefined();
    await expect(insert('240', 'null')).rejects.toThrow(/sla_items_stale_pause_check/);
    await expect(insert('null', "'business'")).rejects.toThrow(/sla_items_stale_pause_check/);
    await expect(insert('0', "'business'")).rejects.toThrow(/sla_items_stale_pause_check/);
    await expect(insert('240', "'weekly'")).rejects.toThrow(/sla_items_stale_pause_check/);
  });
});
