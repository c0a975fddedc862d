/**
 * Migration 0018 on a database that already holds cases and articles: existing cases get their stored
 * vector and existing titles and keywords fill the typo dictionary.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { applyMigrationFile, migrationFiles } from '../support/migration-files.js';

describe('migration 0018: stored vectors for existing cases and articles', () => {
  const db = new PGlite({ extensions: { pg_trgm } });
  const article = '00000000-0000-4000-8000-0000000000c1';

  beforeAll(async () => {
    for (const f of migrationFiles().filter((f) => f < '0018')) await applyMigrationFile(db, f);
    await db.exec(`
      insert into cases (number, title, description, origin) values ('CAS-000001', 'Router flashing red', 'No internet since the update', 'email');
      insert into knowledge_articles (id, number, status, published_version) values ('${article}', 'KA-000001', 'published', 1);
      insert into knowledge_article_versions (article_id, version, status, title, content, content_html, language, language_base, search_config, search_vector, search_text)
      values ('${article}', 1, 'published', 'Router firmware update', 'Restart it.', '<p>Restart it.</p>', 'en', 'en', 'english',
              to_tsvector('english', 'Router firmware update'), 'Router firmware update wifi');
    `);
    await applyMigrationFile(db, '0018_knowledge_speed.sql');
  });
  afterAll(async () => {
    await db.close();
  });

  it('gives an existing case its vector of title and description, as written', async () => {
    const { rows } = await db.query<{ v: string }>(`select search_vector::text as v from cases where number = 'CAS-000001'`);
    expect(rows[0]!.v).toBe(`'flashing':2 'internet':5 'no':4 'red':3 'router':1 'since':6 'the':7 'update':8`);
  });

  it('puts the words of existing titles and keywords in the dictionary, and learns those written later', async () => {
    const before = await db.query<{ word: string }>(`select word from knowledge_words order by word`);
    expect(before.rows.map((r) => r.word)).toEqual(['firmware', 'router', 'update', 'wifi']);
    await db.exec(`update knowledge_article_versions set search_text = 'Router firmware update modem' where article_id = '${article}'`);
    const after = await db.query<{ word: string }>(`select word from knowledge_words where word = 'modem'`);
    expect(after.rows).toEqual([{ word: 'modem' }]);
  });
});
