import { and, eq } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client.js';
import { accounts, contacts, type ServiceLevel } from '../../db/schema/index.js';
import { notFound, unprocessable } from '../errors.js';
import { paginate, type PageRequest } from '../paging.js';
import { assertVersion, changedValues } from '../versioned.js';

/** Contacts: people, optionally in an account; their own service level (if set) beats the account's. */
export type ContactRow = typeof contacts.$inferSelect;

export interface ContactInput {
  name: string;
  accountId?: string | null;
  email?: string | null;
  phone?: string | null;
  serviceLevel?: ServiceLevel | null;
}

async function assertAccount(db: DbOrTx, accountId: string | null | undefined): Promise<void> {
  if (!accountId) return;
  const [row] = await db.select({ id: accounts.id }).from(accounts).where(eq(accounts.id, accountId));
  if (!row) throw unprocessable('ACCOUNT_NOT_FOUND', `body.accountId: no account with id "${accountId}"`, { field: 'body.accountId', id: accountId });
}

export async function createContact(db: Db, input: ContactInput, now: Date): Promise<ContactRow> {
  await assertAccount(db, input.accountId);
  const [row] = await db
    .insert(contacts)
    .values({
      name: input.name,
      accountId: input.accountId ?? null,
      email: input.email ?? null,
      phone: input.phone ?? null,
      serviceLevel: input.serviceLevel ?? null,
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  return row;
}

export async function getContact(db: DbOrTx, id: string): Promise<ContactRow> {
  const [row] = await db.select().from(contacts).where(eq(contacts.id, id));
  if (!row) throw notFound('contact', id);
  return row;
}

export function listContacts(db: DbOrTx, filter: { accountId?: string }, page: PageRequest) {
  const keys = [
    { expr: contacts.createdAt, type: 'timestamptz' as const },
    { expr: contacts.id, type: 'uuid' as const },
  ];
  return paginate({ keys, order: 'asc', scope: ['contacts', filter.accountId ?? null] }, page, (p) =>
    db
      .select({ contact: contacts, cursorKey: p.cursorKey })
      .from(contacts)
      .where(and(filter.accountId ? eq(contacts.accountId, filter.accountId) : undefined, p.after))
      .orderBy(...p.orderBy)
      .limit(p.limit),
  );
}

export async function updateContact(db: Db, id: string, patch: Partial<ContactInput>, expectedVersion: number | undefined, now: Date): Promise<ContactRow> {
  return db.transaction(async (tx) => {
    const [current] = await tx.select().from(contacts).where(eq(contacts.id, id)).for('update');
    if (!current) throw notFound('contact', id);
    assertVersion('contact', current.version, expectedVersion);
    const set = changedValues(current, patch);
    if (!set) return current;
    if (set.accountId) await assertAccount(tx, set.accountId);
    const [row] = await tx
      .update(contacts)
      .set({ ...set, updatedAt: now, version: current.version + 1 })
      .where(eq(contacts.id, id))
      .returning();
    return row;
  });
}
