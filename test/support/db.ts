import postgres from 'postgres';
import { randomBytes } from 'node:crypto';
import { openDatabase, type DatabaseHandle } from '../../db/client.js';

/**
 * A fresh, migrated database for one test file: a new database on the PostgreSQL server named by
 * DATABASE_URL (as CI does), or an in-memory PGlite when DATABASE_URL is unset.
 */
export async function createTestDatabase(): Promise<DatabaseHandle & { name: string }> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    const handle = await openDatabase({});
    await handle.migrate();
    return Object.assign(handle, { name: 'pglite:memory' });
  }
  const name = `sla_test_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const testUrl = new URL(url);
  testUrl.pathname = `/${name}`;
  const handle = await openDatabase({ url: testUrl.toString(), maxConnections: 10 });
  await handle.migrate();
  const close = handle.close;
  return Object.assign(handle, {
    name,
    close: async () => {
      await close();
      const dropper = postgres(url, { max: 1, onnotice: () => {} });
      try {
        await dropper.unsafe(`drop database if exists ${name} with (force)`);
      } finally {
        await dropper.end();
      }
    },
  });
}
