import { and, asc, eq, gte, isNull, lte, or, type SQL } from 'drizzle-orm';
import type { DbOrTx, Tx } from '../../db/client.js';
import { contacts, entitlements, slas } from '../../db/schema/index.js';
import type { CaseOrigin } from '../../db/schema/cases.js';
import { AppError, unprocessable } from '../errors.js';
import { channelsOf, lockEntitlement, usedUnits, type ChannelRow, type EntitlementRow } from './ledger.js';
import { coveredProductsOf } from './entitlement-products.js';
import { coverageProblem, entitlementStatus, formatTerms, hasTermsLeft, rankCandidates, utcDate, type Candidate } from './rules.js';

/** The case facts that decide its entitlement. */
export interface CaseForEntitlement {
  accountId: string | null | undefined;
  contactId: string | null | undefined;
  origin: CaseOrigin;
  /** The case's product (entitlements cover products by id). */
  productId: string | null | undefined;
  /** Its name, for messages. */
  product?: string | null;
  /** Named in the request: must then be applicable, there is no fallback. */
  entitlementId: string | null | undefined;
}

export interface EntitlementChoice {
  entitlement: EntitlementRow;
  /** The channel terms the case draws from (its origin), if the entitlement has terms for that channel. */
  channel: ChannelRow | undefined;
  totalRemaining: number;
  channelRemaining: number | undefined;
  /** No terms left (in total, or for the case's channel). */
  exhausted: boolean;
}

function choiceOf(e: EntitlementRow, channels: ChannelRow[], used: { total: number; byChannel: Map<CaseOrigin, number> }, origin: CaseOrigin): EntitlementChoice {
  const channel = channels.find((c) => c.channel === origin);
  const totalRemaining = e.totalUnits - used.total;
  const channelRemaining = channel ? channel.totalUnits - (used.byChannel.get(origin) ?? 0) : undefined;
  return { entitlement: e, channel, totalRemaining, channelRemaining, exhausted: !hasTermsLeft({ totalRemaining, channelRemaining }) };
}

/** The refusal for a restricting entitlement with no terms left; it names the entitlement and the channel. */
export function exhaustedError(choice: EntitlementChoice): AppError {
  const e = choice.entitlement;
  const channelOut = choice.channelRemaining !== undefined && choice.channelRemaining <= 0;
  const which = channelOut ? `its ${choice.channel!.channel} terms (${formatTerms(e.allocationType, choice.channel!.totalUnits)})` : `its terms (${formatTerms(e.allocationType, e.totalUnits)})`;
  return unprocessable(
    'ENTITLEMENT_EXHAUSTED',
    `Entitlement "${e.name}" (${e.id}) has used up ${which} and restricts case creation; no case can be created under it until its terms are increased.`,
    {
      entitlementId: e.id,
      entitlementName: e.name,
      channel: channelOut ? choice.channel!.channel : null,
      allocationType: e.allocationType,
    },
  );
}

async function effectiveAccountId(tx: DbOrTx, c: CaseForEntitlement): Promise<string | null> {
  if (c.accountId) return c.accountId;
  if (!c.contactId) return null;
  const [contact] = await tx.select({ accountId: contacts.accountId }).from(contacts).where(eq(contacts.id, c.contactId));
  return contact?.accountId ?? null;
}

async function explicitChoice(tx: Tx, c: CaseForEntitlement, accountId: string | null, now: Date): Promise<EntitlementChoice> {
  const id = c.entitlementId!;
  const field = { field: 'body.entitlementId', entitlementId: id };
  const locked = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id) ? await lockEntitlement(tx, id) : undefined;
  if (!locked) throw unprocessable('ENTITLEMENT_UNKNOWN', `body.entitlementId: no entitlement with id "${id}".`, field);
  const { entitlement: e, channels } = locked;
  const customers = (e.contactId && e.contactId === c.contactId) || (e.accountId && e.accountId === accountId);
  if (!customers) {
    throw unprocessable('ENTITLEMENT_NOT_CUSTOMERS', `Entitlement "${e.name}" (${e.id}) belongs to another customer than this case's contact or account.`, field);
  }
  const status = entitlementStatus(e, now);
  if (status !== 'active') {
    const why =
      status === 'waiting' ? `starts on ${e.startDate}` : status === 'expired' ? `ended on ${e.endDate}` : status === 'draft' ? 'has not been activated' : 'was cancelled';
    throw unprocessable('ENTITLEMENT_NOT_ACTIVE', `Entitlement "${e.name}" (${e.id}) is ${status} (it ${why}); only an active entitlement can cover a new case.`, {
      ...field,
      entitlementStatus: status,
    });
  }
  const covered = (await coveredProductsOf(tx, [e.id])).get(e.id)!;
  const problem = coverageProblem({ products: covered.ids, channels: channels.map((ch) => ch.channel) }, c.origin, c.productId);
  if (problem === 'channel') {
    throw unprocessable(
      'ENTITLEMENT_CHANNEL_NOT_COVERED',
      `Entitlement "${e.name}" (${e.id}) covers only ${channels.map((ch) => ch.channel).join(', ')}; this case comes from ${c.origin}.`,
      { ...field, channel: c.origin },
    );
  }
  if (problem === 'product') {
    throw unprocessable(
      'ENTITLEMENT_PRODUCT_NOT_COVERED',
      `Entitlement "${e.name}" (${e.id}) covers only the products ${covered.names.join(', ')}; this case is for ${c.productId ? `"${c.product ?? c.productId}"` : 'no product'}.`,
      { ...field, product: c.product ?? null, productId: c.productId ?? null },
    );
  }
  return choiceOf(e, channels, (await usedUnits(tx, [e.id])).get(e.id)!, c.origin);
}

/**
 * Chooses the entitlement of a new case (rules in ./rules.ts) inside the case-creation transaction. Every
 * candidate entitlement row, and its channel rows, is locked (FOR UPDATE, in id order) before what they have
 * left is counted, so concurrent creations see each other's usage: the last term goes to exactly one case.
 * Throws 422 for an explicit entitlement that cannot cover the case. Does not refuse exhausted ones: the
 * caller decides (restriction).
 */
export async function chooseEntitlement(tx: Tx, c: CaseForEntitlement, now: Date): Promise<EntitlementChoice | null> {
  const accountId = await effectiveAccountId(tx, c);
  if (c.entitlementId) return explicitChoice(tx, c, accountId, now);
  const owners: SQL[] = [];
  if (c.contactId) owners.push(eq(entitlements.contactId, c.contactId));
  if (accountId) owners.push(eq(entitlements.accountId, accountId));
  if (!owners.length) return null;
  const today = utcDate(now);
  const rows = await tx
    .select()
    .from(entitlements)
    .where(and(or(...owners), eq(entitlements.state, 'activated'), lte(entitlements.startDate, today), gte(entitlements.endDate, today)))
    .orderBy(asc(entitlements.id))
    .for('update');
  if (!rows.length) return null;
  const ids = rows.map((r) => r.id);
  const channels = await channelsOf(tx, ids, true);
  const used = await usedUnits(tx, ids);
  const covered = await coveredProductsOf(tx, ids);
  const choices = new Map<string, EntitlementChoice>();
  const candidates: Candidate[] = [];
  for (const e of rows) {
    const chs = channels.get(e.id)!;
    const productIds = covered.get(e.id)!.ids;
    if (coverageProblem({ products: productIds, channels: chs.map((ch) => ch.channel) }, c.origin, c.productId)) continue;
    const choice = choiceOf(e, chs, used.get(e.id)!, c.origin);
    choices.set(e.id, choice);
    candidates.push({
      id: e.id,
      level: e.contactId && e.contactId === c.contactId ? 'contact' : 'account',
      isDefault: e.isDefault,
      products: productIds,
      channels: chs.map((ch) => ch.channel),
      restrictCaseCreation: e.restrictCaseCreation,
      endDate: e.endDate,
      createdAt: e.createdAt,
      totalRemaining: choice.totalRemaining,
      channelRemaining: choice.channelRemaining,
    });
  }
  const best = rankCandidates(candidates)[0];
  return best ? choices.get(best.id)! : null;
}

/**
 * The SLA an entitlement gives its cases (spec §2.3): its SLA when it is active at `now` and the SLA still
 * exists; otherwise null (the caller falls back to the default SLA).
 */
export async function entitlementSlaFor(tx: DbOrTx, entitlementId: string | null | undefined, now: Date): Promise<string | null> {
  if (!entitlementId) return null;
  const [row] = await tx
    .select({ state: entitlements.state, startDate: entitlements.startDate, endDate: entitlements.endDate, slaId: entitlements.slaId })
    .from(entitlements)
    .where(eq(entitlements.id, entitlementId));
  if (!row?.slaId || entitlementStatus(row, now) !== 'active') return null;
  const [sla] = await tx.select({ id: slas.id }).from(slas).where(and(eq(slas.id, row.slaId), isNull(slas.deletedAt)));
  return sla?.id ?? null;
}
