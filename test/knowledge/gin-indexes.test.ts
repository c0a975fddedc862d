/**
 * Knowledge searches probe GIN indexes; with GIN's fast update, rows written since the last VACUUM sit in a
 * pending list that every probe scans (1.6 ms a probe instead of 0.02 ms at 100,000 articles). The article
 * indexes keep none, the case vector index a small one (migration 0024).
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../db/client.js';
import { queryRows } from '../../src/reports/sql-rows.js';
import { createTestDatabase } from '../support/db.js';

describe('GIN indexes of the knowledge searches', () => {
  let database: DatabaseHandle;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.close());

  it('write articles straight into the index and keep the case index pending list small', async () => {
    const rows = await queryRows<{ relname: string; options: string | null }>(
      database.db,
      sql`select relname, array_to_string(reloptions, ',') as options from pg_class
           where relname in ('knowledge_article_versions_search_idx', 'knowledge_article_versions_trgm_idx',
                             'knowledge_article_versions_head_idx', 'knowledge_words_trgm_idx', 'cases_search_vector_idx')
           order by relname`,
    );
    expect(Object.fromEntries(rows.map((r) => [r.relname, r.options]))).toEqual({
      cases_search_vector_idx: 'gin_pending_list_limit=256',
      knowledge_article_versions_head_idx: 'fastupdate=off',
      knowledge_article_versions_search_idx: 'fastupdate=off',
      knowledge_article_versions_trgm_idx: 'fastupdate=off',
      knowledge_words_trgm_idx: 'fastupdate=off',
    });
  });
});
