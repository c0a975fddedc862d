/**
 * Migration 0006 on a database written before SLA versions existed: every version 1..current gets a
 * row, retired items get the version they belonged to, and each case pins the version its clocks ran on.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PGlite } from '@electric-sql/pglite';
import { applyMigrationFile, migrationFiles } from '../support/migration-files.js';

const run = applyMigrationFile;


describe('migration 0006: SLA versions from existing data', () => {
  const db = new PGlite();
  const sla = '00000000-0000-4000-8000-0000000000a1';
  const other = '00000000-0000-4000-8000-0000000000a2';
  const item = (n: number) => `00000000-0000-4000-8000-0000000001${String(n).padStart(2, '0')}`;
  const kase = (n: number) => `00000000-0000-4000-8000-0000000002${String(n).padStart(2, '0')}`;

  beforeAll(async () => {
    const files = migrationFiles();
    for (const f of files.filter((f) => f < '0006')) await run(db, f);
    // Version 3 today: v1's items were retired by the first PUT, v2's by the second.
    await db.exec(`
      insert into slas (id, name, version, allow_pause, pausing_statuses, created_at, updated_at)
        values ('${sla}', 'Edited twice', 3, true, '["on_hold"]', '2026-01-01T00:00:00Z', '2026-01-03T00:00:00Z'),
               ('${other}', 'Never edited', 1, false, '[]', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z');
      insert into sla_items (id, sla_id, position, name, kpi, failure_minutes, retired_at) values
        ('${item(1)}', '${sla}', 1, 'v1 resolve', 'resolve', 600, '2026-01-02T00:00:00Z'),
        ('${item(2)}', '${sla}', 2, 'v1 first', 'first_response', 60, '2026-01-02T00:00:00Z'),
        ('${item(3)}', '${sla}', 1, 'v2 resolve', 'resolve', 900, '2026-01-03T00:00:00Z'),
        ('${item(4)}', '${sla}', 1, 'v3 resolve', 'resolve', 1200, null),
        ('${item(5)}', '${other}', 1, 'resolve', 'resolve', 300, null);
      insert into cases (id, number, title, origin, sla_id) values
        ('${kase(1)}', 'CAS-1', 'On v1', 'phone', '${sla}'),
        ('${kase(2)}', 'CAS-2', 'No clocks yet', 'phone', '${sla}'),
        ('${kase(3)}', 'CAS-3', 'No SLA', 'phone', null),
        ('${kase(4)}', 'CAS-4', 'Ended on v2, open on v1', 'phone', '${sla}');
      insert into sla_kpi_instances (case_id, sla_id, sla_item_id, kpi, generation, workflow_id, item_snapshot, applicable_from, ended_at, created_at) values
        ('${kase(1)}', '${sla}', '${item(1)}', 'resolve', 1, 'wf-1', '{}', '2026-01-01T10:00:00Z', null, '2026-01-01T10:00:00Z'),
        ('${kase(4)}', '${sla}', '${item(2)}', 'first_response', 1, 'wf-2', '{}', '2026-01-01T10:00:00Z', null, '2026-01-01T10:00:00Z'),
        ('${kase(4)}', '${sla}', '${item(3)}', 'resolve', 1, 'wf-3', '{}', '2026-01-01T10:00:00Z', '2026-01-02T12:00:00Z', '2026-01-02T11:00:00Z');
    `);
    await run(db, '0006_sla_versions.sql');
  });
  afterAll(async () => {
    await db.close();
  });

  it('writes a version row for every version up to the current one, with the settings known today', async () => {
    const { rows } = await db.query<{ sla_id: string; version: number; name: string; allow_pause: boolean; pausing_statuses: string[] }>(
      'select sla_id, version, name, allow_pause, pausing_statuses from sla_versions order by sla_id, version',
    );
    expect(rows).toEqual([
      { sla_id: sla, version: 1, name: 'Edited twice', allow_pause: true, pausing_statuses: ['on_hold'] },
      { sla_id: sla, version: 2, name: 'Edited twice', allow_pause: true, pausing_statuses: ['on_hold'] },
      { sla_id: sla, version: 3, name: 'Edited twice', allow_pause: true, pausing_statuses: ['on_hold'] },
      { sla_id: other, version: 1, name: 'Never edited', allow_pause: false, pausing_statuses: [] },
    ]);
  });

  it('gives retired items the version they belonged to and current items the current version', async () => {
    const { rows } = await db.query<{ name: string; sla_version: number }>('select name, sla_version from sla_items order by sla_id, name');
    expect(rows).toEqual([
      { name: 'v1 first', sla_version: 1 },
      { name: 'v1 resolve', sla_version: 1 },
      { name: 'v2 resolve', sla_version: 2 },
      { name: 'v3 resolve', sla_version: 3 },
      { name: 'resolve', sla_version: 1 },
    ]);
  });

  it('pins each case to the version of its newest open instance, else the current version', async () => {
    const { rows } = await db.query<{ number: string; sla_version: number | null }>('select number, sla_version from cases order by number');
    expect(rows).toEqual([
      { number: 'CAS-1', sla_version: 1 },
      { number: 'CAS-2', sla_version: 3 },
      { number: 'CAS-3', sla_version: null },
      { number: 'CAS-4', sla_version: 1 },
    ]);
  });
});
