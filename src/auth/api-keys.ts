import { createHash, createHmac, randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { apiKeys } from '../../db/schema/index.js';

export const roles = ['agent', 'manager', 'admin'] as const;
export type Role = (typeof roles)[number];

/** manager can do what agent can; admin can do everything. */
export function roleAllows(held: Role, required: Role): boolean {
  return roles.indexOf(held) >= roles.indexOf(required);
}

/**
 * Key format and storage. A generated secret is `sla_<keyId>_<43 random base64url characters>` (256 random
 * bits); the key id (12 hex characters) is not secret: it names the key in listings and logs, and whoever holds
 * a secret can read which key it is. The database keeps only HMAC-SHA256(API_KEY_PEPPER, secret): without the
 * pepper, which lives in the server's configuration and never in the database, a leaked `api_keys` table
 * cannot even be used to test guesses.
 */
export const SECRET_RANDOM_BYTES = 32;

export function hashApiKey(secret: string, pepper: string): string {
  return createHmac('sha256', pepper).update(secret).digest('hex');
}

/** How keys were stored before migration 0009; such rows are re-hashed at their next successful use. */
function legacyHash(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function generateKeyId(): string {
  return randomBytes(6).toString('hex');
}

export function generateApiKeySecret(keyId: string): string {
  return `sla_${keyId}_${randomBytes(SECRET_RANDOM_BYTES).toString('base64url')}`;
}

/** A new key's row values and its secret (shown once). */
export function newApiKey(pepper: string): { keyId: string; secret: string; keyHash: string } {
  const keyId = generateKeyId();
  const secret = generateApiKeySecret(keyId);
  return { keyId, secret, keyHash: hashApiKey(secret, pepper) };
}

export interface AuthenticatedKey {
  id: string;
  keyId: string;
  name: string;
  role: Role;
}

/** Moves a pre-0009 row of this secret to the HMAC; undefined when there is none. */
async function upgradeLegacyKey(db: DbOrTx, secret: string, pepper: string) {
  const [row] = await db
    .update(apiKeys)
    .set({ keyHash: hashApiKey(secret, pepper), hashScheme: 'hmac-sha256' })
    .where(and(eq(apiKeys.keyHash, legacyHash(secret)), eq(apiKeys.hashScheme, 'sha256')))
    .returning();
  return row;
}

export async function findActiveKey(db: DbOrTx, secret: string, pepper: string): Promise<AuthenticatedKey | undefined> {
  let [row] = await db.select().from(apiKeys).where(eq(apiKeys.keyHash, hashApiKey(secret, pepper))).limit(1);
  row ??= await upgradeLegacyKey(db, secret, pepper);
  if (!row || row.revokedAt) return undefined;
  return { id: row.id, keyId: row.keyId, name: row.name, role: row.role };
}

/** Stores the configured bootstrap admin key (hashed) unless it is already known; a revoked one stays revoked. */
export async function ensureBootstrapAdminKey(db: DbOrTx, secret: string, pepper: string): Promise<void> {
  await upgradeLegacyKey(db, secret, pepper);
  await db
    .insert(apiKeys)
    .values({ name: 'bootstrap admin (from configuration)', role: 'admin', keyId: generateKeyId(), keyHash: hashApiKey(secret, pepper) })
    .onConflictDoNothing({ target: apiKeys.keyHash });
}
