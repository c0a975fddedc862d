import { eq } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '../db/client.js';
import { accounts, agents, cases, contacts } from '../db/schema/index.js';
import type { SlaActionDefinition } from '../db/schema/slas.js';

type Recipient = Extract<SlaActionDefinition, { type: 'send_email' }>['to'][number];

export interface ResolvedRecipients {
  /** Unique addresses, in the order the action names them. */
  addresses: string[];
  /** `owner <a@x>`, ... for summaries. */
  described: string[];
  /** Why a named recipient got nothing, e.g. `manager: the owner has no manager`. */
  skipped: string[];
}

export interface CaseForEmail {
  number: string;
  title: string;
  ownerId: string | null;
  contactId: string | null;
  accountId: string | null;
  /** The owner (null without one) and the owner's manager (null without one), read with the case. */
  owner: { email: string | null; managerId: string | null } | null;
  manager: { email: string | null } | null;
}

/** owner = the case owner; manager = the owner's manager; customer = the contact's email, else the account's. */
export async function resolveRecipients(db: DbOrTx, c: CaseForEmail, to: Recipient[]): Promise<ResolvedRecipients> {
  const out: ResolvedRecipients = { addresses: [], described: [], skipped: [] };
  const add = (label: string, email: string | null | undefined, missing: string) => {
    const address = email?.trim();
    if (!address) {
      out.skipped.push(`${label}: ${missing}`);
      return;
    }
    out.described.push(`${label} <${address}>`);
    if (!out.addresses.some((a) => a.toLowerCase() === address.toLowerCase())) out.addresses.push(address);
  };
  const { owner, manager } = c;
  for (const r of to) {
    if (typeof r === 'object') add('address', r.address, 'empty address');
    else if (r === 'owner') add('owner', owner?.email, c.ownerId ? 'the owner has no email' : 'the case has no owner');
    else if (r === 'manager') {
      add('manager', manager?.email, !owner ? 'the case has no owner' : !owner.managerId ? 'the owner has no manager' : 'the manager has no email');
    } else if (r === 'customer') {
      const [contact] = c.contactId ? await db.select({ email: contacts.email }).from(contacts).where(eq(contacts.id, c.contactId)) : [];
      const [account] = !contact?.email && c.accountId ? await db.select({ email: accounts.email }).from(accounts).where(eq(accounts.id, c.accountId)) : [];
      add('customer', contact?.email ?? account?.email, 'neither the contact nor the account has an email');
    }
  }
  return out;
}

const ownerAgent = alias(agents, 'owner');
const managerAgent = alias(agents, 'manager');

/** The case with its owner and the owner's manager, in one statement (an email action needs all three). */
export async function caseForEmail(db: DbOrTx, caseId: string): Promise<CaseForEmail | undefined> {
  const [row] = await db
    .select({
      number: cases.number,
      title: cases.title,
      ownerId: cases.ownerId,
      contactId: cases.contactId,
      accountId: cases.accountId,
      ownerFound: ownerAgent.id,
      ownerEmail: ownerAgent.email,
      ownerManagerId: ownerAgent.managerId,
      managerFound: managerAgent.id,
      managerEmail: managerAgent.email,
    })
    .from(cases)
    .leftJoin(ownerAgent, eq(ownerAgent.id, cases.ownerId))
    .leftJoin(managerAgent, eq(managerAgent.id, ownerAgent.managerId))
    .where(eq(cases.id, caseId));
  if (!row) return undefined;
  const { ownerFound, ownerEmail, ownerManagerId, managerFound, managerEmail, ...c } = row;
  return {
    ...c,
    owner: ownerFound ? { email: ownerEmail, managerId: ownerManagerId } : null,
    manager: managerFound ? { email: managerEmail } : null,
  };
}
