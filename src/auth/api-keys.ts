import { createHash, randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { apiKeys } from '../../db/schema/index.js';

export const roles = ['agent', 'manager', 'admin'] as const;
export type Role = (typeof roles)[number];

/** manager can do what agent can; admin can do everything. */
export function roleAllows(held: Role, required: Role): boolean {
  return roles.indexOf(held) >= roles.indexOf(required);
}

export function hashApiKey(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function generateApiKeySecret(): string {
  return `sla_${randomBytes(24).toString('base64url')}`;
}

export interface AuthenticatedKey {
  id: string;
  name: string;
  role: Role;
}

export async function findActiveKey(db: DbOrTx, secret: string): Promise<AuthenticatedKey | undefined> {
  const [row] = await db.select().from(apiKeys).where(eq(apiKeys.keyHash, hashApiKey(secret))).limit(1);
  if (!row || row.revokedAt) return undefined;
  return { id: row.id, name: row.name, role: row.role };
}

/** Stores the configured bootstrap admin key (hashed) unless it is already known; a revoked one stays revoked. */
export async function ensureBootstrapAdminKey(db: DbOrTx, secret: string): Promise<void> {
  await db
    .insert(apiKeys)
    .values({ name: 'bootstrap admin (from configuration)', role: 'admin', keyHash: hashApiKey(secret), keyPrefix: secret.slice(0, 8) })
    .onConflictDoNothing({ target: apiKeys.keyHash });
}
