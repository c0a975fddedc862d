/**
 * Migration 0019 on a database whose report facts were filled before the rollup existed: the facts get
 * their case's dimensions, customer and reopenings, and every day from the first to the last fact is queued for the
 * rollup; a later queue change of a case queues it for a refresh.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { applyMigrationFile, migrationFiles } from '../support/migration-files.js';

describe('migration 0019: the per-day rollup over existing facts', () => {
  const db = new PGlite({ extensions: { pg_trgm } });
  const queue = '00000000-0000-4000-8000-0000000000c1';
  const other = '00000000-0000-4000-8000-0000000000c2';
  const account = '00000000-0000-4000-8000-0000000000c3';
  const kase = '00000000-0000-4000-8000-0000000000c4';

  beforeAll(async () => {
    for (const f of migrationFiles().filter((f) => f < '0019')) await applyMigrationFile(db, f);
    await db.exec(`
      insert into queues (id, name) values ('${queue}', 'Support'), ('${other}', 'Billing');
      insert into accounts (id, name) values ('${account}', 'Acme');
      insert into cases (id, number, title, origin, queue_id, account_id, status, created_at, resolved_at)
        values ('${kase}', 'CAS-1', 'Old', 'email', '${queue}', '${account}', 'resolved', '2027-03-05T10:00:00Z', '2027-03-08T09:00:00Z');
      insert into case_events (case_id, kind, summary, occurred_at) values ('${kase}', 'reopened', 'Reopened', '2027-03-06T12:00:00Z');
      delete from report_dirty_cases;
      insert into report_case_facts (case_id, created_at, resolved_at, closed_at) values ('${kase}', '2027-03-05T10:00:00Z', '2027-03-08T09:00:00Z', '2027-03-08T09:00:00Z');
    `);
    await applyMigrationFile(db, '0019_report_daily_rollup.sql');
  });
  afterAll(async () => {
    await db.close();
  });

  it('copies the case dimensions and reopenings into its facts and queues the days the facts span', async () => {
    const facts = await db.query(`select queue_id, origin, customer_id, reopened_at from report_case_facts`);
    expect(facts.rows).toEqual([{ queue_id: queue, origin: 'email', customer_id: account, reopened_at: [new Date('2027-03-06T12:00:00Z')] }]);
    const days = await db.query<{ day: string }>(`select to_char(day, 'YYYY-MM-DD') as day from report_dirty_days order by day`);
    expect(days.rows.map((r) => r.day)).toEqual(['2027-03-05', '2027-03-06', '2027-03-07', '2027-03-08']);
  });

  it('queues a case for a refresh when it moves to another queue', async () => {
    await db.exec(`update cases set queue_id = '${other}' where id = '${kase}'`);
    const dirty = await db.query(`select case_id from report_dirty_cases`);
    expect(dirty.rows).toEqual([{ case_id: kase }]);
  });
});
