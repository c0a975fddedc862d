import { and, asc, eq, isNull, ne } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client.js';
import { apiKeys } from '../../db/schema/index.js';
import { conflict, notFound } from '../errors.js';
import { newApiKey, type Role } from './api-keys.js';

/**
 * Admin management of API keys. Only the HMAC of a secret is stored (src/auth/api-keys.ts); the secret is
 * returned once, at creation. Revoking is permanent and idempotent; the last active admin key cannot be revoked (that would
 * lock every admin out).
 */
export type ApiKeyRow = typeof apiKeys.$inferSelect;

export async function createApiKey(db: DbOrTx, input: { name: string; role: Role }, now: Date, pepper: string): Promise<{ key: ApiKeyRow; secret: string }> {
  const { keyId, secret, keyHash } = newApiKey(pepper);
  const [key] = await db.insert(apiKeys).values({ name: input.name, role: input.role, keyId, keyHash, createdAt: now }).returning();
  return { key, secret };
}

export function listApiKeys(db: DbOrTx): Promise<ApiKeyRow[]> {
  return db.select().from(apiKeys).orderBy(asc(apiKeys.createdAt), asc(apiKeys.id));
}

export async function getApiKey(db: DbOrTx, id: string): Promise<ApiKeyRow> {
  const [key] = await db.select().from(apiKeys).where(eq(apiKeys.id, id));
  if (!key) throw notFound('API key', id);
  return key;
}

export async function revokeApiKey(db: Db, id: string, now: Date): Promise<ApiKeyRow> {
  return db.transaction(async (tx) => {
    const [key] = await tx.select().from(apiKeys).where(eq(apiKeys.id, id)).for('update');
    if (!key) throw notFound('API key', id);
    if (key.revokedAt) return key;
    if (key.role === 'admin') {
      // Lock the other active admin keys so two concurrent revocations cannot remove the last two.
      const others = await tx
        .select({ id: apiKeys.id })
        .from(apiKeys)
        .where(and(eq(apiKeys.role, 'admin'), isNull(apiKeys.revokedAt), ne(apiKeys.id, id)))
        .for('update');
      if (!others.length) throw conflict('LAST_ADMIN_KEY', 'This is the last active admin key; create another admin key before revoking it.');
    }
    const [row] = await tx.update(apiKeys).set({ revokedAt: now }).where(eq(apiKeys.id, id)).returning();
    return row;
  });
}
