/**
 * Migration 0011 on a database that already holds cases, contacts and pending SLA emails: the survey
 * tables arrive empty, existing rows are untouched, and the tables' rules hold (one answer per survey,
 * score ranges per kind, anonymous engagement answers).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PGlite } from '@electric-sql/pglite';
import { applyMigrationFile, migrationFiles } from '../support/migration-files.js';

describe('migration 0011: survey tables on a database with data', () => {
  const db = new PGlite();
  const contact = '00000000-0000-4000-8000-0000000000c1';
  const caseId = '00000000-0000-4000-8000-0000000000ca';
  const survey = '00000000-0000-4000-8000-00000000005a';

  beforeAll(async () => {
    for (const f of migrationFiles().filter((f) => f < '0011')) await applyMigrationFile(db, f);
    await db.exec(`
      insert into contacts (id, name, email) values ('${contact}', 'Ada', 'ada@example.com');
      insert into cases (id, number, title, contact_id, origin, status) values ('${caseId}', 'CAS-000001', 'Printer', '${contact}', 'email', 'resolved');
      insert into email_outbox (idempotency_key, "to", subject, body) values ('sla:1', '["ada@example.com"]', 'Warning', 'body');
    `);
    await applyMigrationFile(db, '0011_surveys.sql');
  });
  afterAll(async () => {
    await db.close();
  });

  it('keeps the existing rows and starts with no surveys', async () => {
    expect((await db.query('select count(*)::int as n from cases')).rows).toEqual([{ n: 1 }]);
    expect((await db.query('select count(*)::int as n from email_outbox')).rows).toEqual([{ n: 1 }]);
    expect((await db.query('select count(*)::int as n from surveys')).rows).toEqual([{ n: 0 }]);
  });

  it('accepts one answer per survey within its kind’s score range, and refuses a second', async () => {
    await db.exec(`insert into surveys (id, kind, trigger, token_hash, case_id, contact_id, recipient_email, issued_at, expires_at)
      values ('${survey}', 'csat', 'resolution', 'h1', '${caseId}', '${contact}', 'ada@example.com', now(), now() + interval '14 days')`);
    await expect(db.exec(`insert into survey_responses (kind, survey_id, case_id, score, answered_at) values ('csat', '${survey}', '${caseId}', 6, now())`)).rejects.toThrow(
      /survey_responses_score_check/,
    );
    await db.exec(`insert into survey_responses (kind, survey_id, case_id, score, answered_at) values ('csat', '${survey}', '${caseId}', 5, now())`);
    await expect(db.exec(`insert into survey_responses (kind, survey_id, case_id, score, answered_at) values ('csat', '${survey}', '${caseId}', 4, now())`)).rejects.toThrow(
      /survey_responses_survey_id_unique/,
    );
  });

  it('refuses an engagement answer that names a survey or a person', async () => {
    await expect(db.exec(`insert into survey_responses (kind, survey_id, score, answered_at) values ('engagement', '${survey}', 7, now())`)).rejects.toThrow(
      /survey_responses_anonymous_check/,
    );
    await expect(db.exec(`insert into survey_responses (kind, contact_id, score, answered_at) values ('engagement', '${contact}', 7, now())`)).rejects.toThrow(
      /survey_responses_anonymous_check/,
    );
    await db.exec(`insert into survey_responses (kind, score, answered_at) values ('engagement', 7, now())`);
  });
});
