import type { SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';

/** Rows of a raw statement on either driver (postgres.js answers an array, PGlite `{ rows }`). */
export async function queryRows<T = Record<string, unknown>>(db: DbOrTx, query: SQL): Promise<T[]> {
  const result: unknown = await db.execute(query);
  return (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as T[];
}

/** A numeric column as a number (bigint and numeric arrive as strings on postgres.js), null kept. */
export const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
export const int = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));
