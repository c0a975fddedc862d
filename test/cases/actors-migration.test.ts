/**
 * Migration 0007 on a database written before actors were recorded: existing rows keep their data, the
 * SLA clocks' events are the SLA engine's, everything else the system's, and the audit log starts with
 * the calendar versions, SLAs and holiday lists that exist.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PGlite } from '@electric-sql/pglite';
import { applyMigrationFile, migrationFiles } from '../support/migration-files.js';

const run = applyMigrationFile;


describe('migration 0007: actors and the audit log on existing data', () => {
  const db = new PGlite();
  const kase = '00000000-0000-4000-8000-000000000c01';
  const calendar = '00000000-0000-4000-8000-000000000c02';
  const sla = '00000000-0000-4000-8000-000000000c03';
  const list = '00000000-0000-4000-8000-000000000c04';

  beforeAll(async () => {
    const files = migrationFiles();
    for (const f of files.filter((f) => f < '0007')) await run(db, f);
    await db.exec(`
      insert into cases (id, number, title, origin) values ('${kase}', 'CAS-1', 'Old case', 'phone');
      insert into case_events (case_id, kind, summary, occurred_at) values
        ('${kase}', 'created', 'Case CAS-1 created', '2026-01-01T10:00:00Z'),
        ('${kase}', 'sla.started', 'SLA Resolve By: clock started', '2026-01-01T10:00:00Z'),
        ('${kase}', 'status_changed', 'Status in_progress → on_hold', '2026-01-01T11:00:00Z');
      insert into case_activities (case_id, kind, subject, occurred_at, duration_minutes) values ('${kase}', 'note', 'Old note', '2026-01-01T10:30:00Z', 15);
      insert into calendars (id, name, current_version, created_at, updated_at) values ('${calendar}', 'Paris', 2, '2026-01-01T00:00:00Z', '2026-01-02T00:00:00Z');
      insert into calendar_versions (calendar_id, version, definition, reason, created_at) values
        ('${calendar}', 1, '{}', 'created', '2026-01-01T00:00:00Z'),
        ('${calendar}', 2, '{}', 'updated', '2026-01-02T00:00:00Z');
      insert into slas (id, name, version, created_at, updated_at) values ('${sla}', 'Gold', 3, '2026-01-01T00:00:00Z', '2026-01-03T00:00:00Z');
      insert into holiday_lists (id, name, version, created_at, updated_at) values ('${list}', 'France', 1, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z');
    `);
    await run(db, '0007_actors_and_audit_log.sql');
  });
  afterAll(async () => {
    await db.close();
  });

  it('gives the SLA clocks’ events to the SLA engine and every other event and activity to the system', async () => {
    const events = await db.query<{ kind: string; actor_kind: string; actor_api_key_id: string | null; actor_name: string }>(
      'select kind, actor_kind, actor_api_key_id, actor_name from case_events order by id',
    );
    expect(events.rows).toEqual([
      { kind: 'created', actor_kind: 'system', actor_api_key_id: null, actor_name: 'System' },
      { kind: 'sla.started', actor_kind: 'sla', actor_api_key_id: null, actor_name: 'SLA engine' },
      { kind: 'status_changed', actor_kind: 'system', actor_api_key_id: null, actor_name: 'System' },
    ]);
    const activities = await db.query('select subject, duration_minutes, actor_kind, actor_name, version from case_activities');
    expect(activities.rows).toEqual([{ subject: 'Old note', duration_minutes: 15, actor_kind: 'system', actor_name: 'System', version: 1 }]);
  });

  it('starts the audit log with one entry per calendar version, SLA and holiday list, at the time each was written', async () => {
    const { rows } = await db.query<{ entity: string; entity_id: string; version: number; action: string; actor_kind: string; at: Date }>(
      'select entity, entity_id, version, action, actor_kind, at from audit_log order by id',
    );
    expect(rows).toEqual([
      { entity: 'calendar', entity_id: calendar, version: 1, action: 'created', actor_kind: 'system', at: new Date('2026-01-01T00:00:00Z') },
      { entity: 'calendar', entity_id: calendar, version: 2, action: 'updated', actor_kind: 'system', at: new Date('2026-01-02T00:00:00Z') },
      { entity: 'sla', entity_id: sla, version: 3, action: 'updated', actor_kind: 'system', at: new Date('2026-01-03T00:00:00Z') },
      { entity: 'holiday_list', entity_id: list, version: 1, action: 'created', actor_kind: 'system', at: new Date('2026-01-01T00:00:00Z') },
    ]);
  });
});
