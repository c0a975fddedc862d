import { eq } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client.js';
import { accounts, type ServiceLevel } from '../../db/schema/index.js';
import { notFound } from '../errors.js';
import { paginate, type PageRequest } from '../paging.js';
import { assertVersion, changedValues } from '../versioned.js';

/** Accounts: the organisations we support. Their service level is the default tier of their cases. */
export type AccountRow = typeof accounts.$inferSelect;

export interface AccountInput {
  name: string;
  serviceLevel?: ServiceLevel;
  email?: string | null;
}

export async function createAccount(db: DbOrTx, input: AccountInput, now: Date): Promise<AccountRow> {
  const [row] = await db
    .insert(accounts)
    .values({ name: input.name, serviceLevel: input.serviceLevel ?? 'standard', email: input.email ?? null, createdAt: now, updatedAt: now })
    .returning();
  return row;
}

export async function getAccount(db: DbOrTx, id: string): Promise<AccountRow> {
  const [row] = await db.select().from(accounts).where(eq(accounts.id, id));
  if (!row) throw notFound('account', id);
  return row;
}

export function listAccounts(db: DbOrTx, page: PageRequest) {
  const keys = [
    { expr: accounts.createdAt, type: 'timestamptz' as const },
    { expr: accounts.id, type: 'uuid' as const },
  ];
  return paginate({ keys, order: 'asc', scope: 'accounts' }, page, (p) =>
    db.select({ account: accounts, cursorKey: p.cursorKey }).from(accounts).where(p.after).orderBy(...p.orderBy).limit(p.limit),
  );
}

/** Changes the given properties; `expectedVersion` (from If-Match) must match or the update is a 412. */
export async function updateAccount(db: Db, id: string, patch: Partial<AccountInput>, expectedVersion: number | undefined, now: Date): Promise<AccountRow> {
  return db.transaction(async (tx) => {
    const [current] = await tx.select().from(accounts).where(eq(accounts.id, id)).for('update');
    if (!current) throw notFound('account', id);
    assertVersion('account', current.version, expectedVersion);
    const set = changedValues(current, patch);
    if (!set) return current;
    const [row] = await tx
      .update(accounts)
      .set({ ...set, updatedAt: now, version: current.version + 1 })
      .where(eq(accounts.id, id))
      .returning();
    return row;
  });
}
