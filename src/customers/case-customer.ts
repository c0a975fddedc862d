import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { accounts, contacts, type ServiceLevel } from '../../db/schema/index.js';
import { invalidField, unprocessable } from '../errors.js';

export interface CaseCustomer {
  accountId: string | null;
  contactId: string | null;
  /** The customer's tier: the contact's own service level, else the account's, else standard. */
  tier: ServiceLevel;
}

/**
 * Checks and completes the customer of a case. At least one of account and contact is required and both
 * must exist (422 CUSTOMER_NOT_FOUND naming the field). A contact who belongs to an account brings that
 * account along unless `accountExplicit`; naming a different account for such a contact is 422
 * CONTACT_NOT_IN_ACCOUNT (a contact without an account can be on any account's case).
 */
export async function resolveCaseCustomer(
  db: DbOrTx,
  input: { accountId: string | null; contactId: string | null; accountExplicit: boolean },
): Promise<CaseCustomer> {
  if (!input.accountId && !input.contactId) {
    throw invalidField('body.accountId', 'or body.contactId is required: a case belongs to an account, a contact or both');
  }
  let contact: { accountId: string | null; serviceLevel: ServiceLevel | null } | undefined;
  if (input.contactId) {
    [contact] = await db.select({ accountId: contacts.accountId, serviceLevel: contacts.serviceLevel }).from(contacts).where(eq(contacts.id, input.contactId));
    if (!contact) throw customerNotFound('body.contactId', 'contact', input.contactId);
  }
  let accountId = input.accountId;
  if (contact?.accountId) {
    if (!input.accountExplicit || !accountId) accountId = contact.accountId;
    else if (accountId !== contact.accountId) {
      throw unprocessable('CONTACT_NOT_IN_ACCOUNT', `body.contactId: the contact belongs to account "${contact.accountId}", not "${accountId}"`, {
        field: 'body.contactId',
        contactAccountId: contact.accountId,
      });
    }
  }
  let accountTier: ServiceLevel | undefined;
  if (accountId) {
    const [account] = await db.select({ serviceLevel: accounts.serviceLevel }).from(accounts).where(eq(accounts.id, accountId));
    if (!account) throw customerNotFound('body.accountId', 'account', accountId);
    accountTier = account.serviceLevel;
  }
  return { accountId, contactId: input.contactId, tier: contact?.serviceLevel ?? accountTier ?? 'standard' };
}

const customerNotFound = (field: string, kind: string, id: string) =>
  unprocessable('CUSTOMER_NOT_FOUND', `${field}: no ${kind} with id "${id}"`, { field, id });
