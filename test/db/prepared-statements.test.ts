/**
 * PostgreSQL only (DATABASE_URL): drizzle's queries are named prepared statements
 * (patches/drizzle-orm+0.45.4.patch), one round trip each after the first, unless
 * DATABASE_PREPARED_STATEMENTS=false (`prepare: false`) asks for unnamed ones.
 */
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresPool, type PostgresPool } from '../../db/postgres-pool.js';
import * as schema from '../../db/schema/index.js';
import { createTestDatabase } from '../support/db.js';

const url = process.env.DATABASE_URL;

describe.skipIf(!url)('prepared statements on PostgreSQL', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let testUrl: string;
  beforeAll(async () => {
    database = await createTestDatabase();
    const u = new URL(url!);
    u.pathname = `/${database.name}`;
    testUrl = u.toString();
  });
  afterAll(async () => {
    await database?.close();
  });

  /** Runs the same drizzle query three times on one connection, then reads that connection's prepared statements. */
  async function preparedAfterRepeatedQuery(pool: PostgresPool): Promise<string[]> {
    try {
      for (let i = 0; i < 3; i++) await pool.db.select({ id: schema.cases.id }).from(schema.cases).where(eq(schema.cases.number, `CAS-${i}`));
      const rows = await pool.db.execute<{ statement: string }>(sql`select statement from pg_prepared_statements`);
      return [...rows].map((r) => r.statement);
    } finally {
      await pool.sql.end({ timeout: 5 });
    }
  }

  it('prepares a repeated query once per connection', async () => {
    const statements = await preparedAfterRepeatedQuery(createPostgresPool({ url: testUrl, max: 1, schema }));
    expect(statements.filter((s) => s.includes('from "cases"'))).toHaveLength(1);
  });

  it('prepares nothing with prepare: false (DATABASE_PREPARED_STATEMENTS=false)', async () => {
    const statements = await preparedAfterRepeatedQuery(createPostgresPool({ url: testUrl, max: 1, schema, prepare: false }));
    expect(statements).toEqual([]);
  });
});
