import { and, asc, eq, gt, gte, inArray, isNull, lt, lte, ne, or, sql, type SQL } from 'drizzle-orm';
import type { Db, DbOrTx, Tx } from '../../db/client.js';
import { accounts, cases, contacts, entitlementChannels, entitlementUsages, entitlements, slas } from '../../db/schema/index.js';
import type { CaseOrigin } from '../../db/schema/cases.js';
import type { EntitlementAllocationType } from '../../db/schema/entitlements.js';
import { AppError, conflict, invalidField, notFound, preconditionFailed, unprocessable } from '../errors.js';
import { paginate } from '../paging.js';
import { coveredProductsOf, resolveCoveredProducts, setCoveredProducts, type CoveredProducts } from './entitlement-products.js';
import { channelsOf, usedUnits, type ChannelRow, type EntitlementRow, type Used } from './ledger.js';
import { defaultDecreaseOn, entitlementStatus, formatTerms, termsToUnits, unitsToTerms, utcDate, type EntitlementStatus } from './rules.js';
import type { ChannelTermsInput, ChannelView, EntitlementInput, EntitlementListQuery, EntitlementPatch, EntitlementView, UsageView } from './entitlement-schemas.js';

function isUniqueViolation(e: unknown, constraint?: string): boolean {
  for (let err: unknown = e; err && typeof err === 'object'; err = (err as { cause?: unknown }).cause) {
    const { code, constraint_name: cn, constraint: c2, message } = err as { code?: string; constraint_name?: string; constraint?: string; message?: string };
    if (code === '23505') return !constraint || cn === constraint || c2 === constraint || (message ?? '').includes(constraint);
    if ((err as { cause?: unknown }).cause === err) break;
  }
  return false;
}

function toUnits(allocationType: EntitlementAllocationType, terms: number, field: string): number {
  const units = termsToUnits(allocationType, terms);
  if (units === undefined || units <= 0) {
    throw invalidField(
      field,
      allocationType === 'cases' ? 'must be a whole number of cases (at least 1)' : 'must be hours in whole minutes, at least one minute (e.g. 10, 7.5 or 0.25)',
    );
  }
  return units;
}

function figures(allocationType: EntitlementAllocationType, total: number, used: number) {
  const remaining = Math.max(0, total - used);
  const overage = Math.max(0, used - total);
  const base = {
    totalTerms: unitsToTerms(allocationType, total),
    usedTerms: unitsToTerms(allocationType, used),
    remainingTerms: unitsToTerms(allocationType, remaining),
    overageTerms: unitsToTerms(allocationType, overage),
  };
  return allocationType === 'hours' ? { ...base, totalMinutes: total, usedMinutes: used, remainingMinutes: remaining, overageMinutes: overage } : base;
}

export function toChannelViews(e: EntitlementRow, channels: ChannelRow[], used: Used): ChannelView[] {
  return channels.map((c) => ({ channel: c.channel, ...figures(e.allocationType, c.totalUnits, used.byChannel.get(c.channel) ?? 0) }));
}

export function toEntitlementView(e: EntitlementRow, channels: ChannelRow[], used: Used, covered: CoveredProducts, now: Date): EntitlementView {
  return {
    id: e.id,
    name: e.name,
    description: e.description,
    accountId: e.accountId,
    contactId: e.contactId,
    startDate: e.startDate,
    endDate: e.endDate,
    status: entitlementStatus(e, now),
    allocationType: e.allocationType,
    decreaseOn: e.decreaseOn,
    restrictCaseCreation: e.restrictCaseCreation,
    ...figures(e.allocationType, e.totalUnits, used.total),
    products: covered.names,
    productIds: covered.ids,
    slaId: e.slaId,
    isDefault: e.isDefault,
    channels: toChannelViews(e, channels, used),
    activatedAt: e.activatedAt?.toISOString() ?? null,
    cancelledAt: e.cancelledAt?.toISOString() ?? null,
    createdAt: e.createdAt.toISOString(),
    updatedAt: e.updatedAt.toISOString(),
    version: e.version,
  };
}

async function views(db: DbOrTx, rows: EntitlementRow[], now: Date): Promise<EntitlementView[]> {
  const ids = rows.map((r) => r.id);
  const [channels, used, covered] = [await channelsOf(db, ids), await usedUnits(db, ids), await coveredProductsOf(db, ids)];
  return rows.map((r) => toEntitlementView(r, channels.get(r.id)!, used.get(r.id)!, covered.get(r.id)!, now));
}

export async function getEntitlement(db: DbOrTx, id: string, now: Date): Promise<EntitlementView> {
  const [row] = await db.select().from(entitlements).where(eq(entitlements.id, id));
  if (!row) throw notFound('entitlement', id);
  return (await views(db, [row], now))[0];
}

// ---------------------------------------------------------------------------------------------------------
// Validation shared by create and update

async function assertCustomer(tx: DbOrTx, accountId: string | null, contactId: string | null, prefix: string): Promise<void> {
  if ((accountId === null) === (contactId === null)) {
    throw invalidField(`${prefix}.accountId`, 'or contactId is required: set exactly one of them (the account or the contact entitled)');
  }
  if (accountId) {
    const [a] = await tx.select({ id: accounts.id }).from(accounts).where(eq(accounts.id, accountId));
    if (!a) throw unprocessable('ACCOUNT_NOT_FOUND', `${prefix}.accountId: no account with id "${accountId}".`, { field: `${prefix}.accountId` });
  }
  if (contactId) {
    const [c] = await tx.select({ id: contacts.id }).from(contacts).where(eq(contacts.id, contactId));
    if (!c) throw unprocessable('CONTACT_NOT_FOUND', `${prefix}.contactId: no contact with id "${contactId}".`, { field: `${prefix}.contactId` });
  }
}

async function assertSla(tx: DbOrTx, slaId: string | null): Promise<void> {
  if (!slaId) return;
  const [s] = await tx.select({ id: slas.id }).from(slas).where(and(eq(slas.id, slaId), isNull(slas.deletedAt)));
  if (!s) throw unprocessable('SLA_NOT_FOUND', `body.slaId: no SLA with id "${slaId}".`, { field: 'body.slaId' });
}

function assertDates(startDate: string, endDate: string): void {
  for (const [field, value] of [
    ['body.startDate', startDate],
    ['body.endDate', endDate],
  ] as const) {
    const d = new Date(`${value}T00:00:00.000Z`);
    if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== value) throw invalidField(field, `must be a real calendar date (YYYY-MM-DD), got "${value}"`);
  }
  if (startDate > endDate) throw invalidField('body.endDate', `must be on or after startDate (${startDate}); both dates are inclusive`);
}

function assertDecreaseOn(allocationType: EntitlementAllocationType, decreaseOn: string): void {
  if (allocationType === 'hours' && decreaseOn === 'create') {
    throw invalidField('body.decreaseOn', "must be 'resolve' for hours-based entitlements: billable time is only known when the case is resolved");
  }
}

function assertChannelWithinTotal(e: Pick<EntitlementRow, 'allocationType' | 'totalUnits'>, channel: string, units: number, field: string): void {
  if (units > e.totalUnits) {
    throw unprocessable(
      'CHANNEL_TERMS_EXCEED_TOTAL',
      `${field}: the ${channel} terms (${formatTerms(e.allocationType, units)}) cannot exceed the entitlement's total (${formatTerms(e.allocationType, e.totalUnits)}).`,
      { field, channel },
    );
  }
}

/**
 * Locks every entitlement of the customers named, in id order (the order case creation uses too), so default
 * switching and case creation never deadlock.
 */
async function lockCustomerEntitlements(tx: Tx, ids: { accountIds: string[]; contactIds: string[]; extraIds?: string[] }): Promise<EntitlementRow[]> {
  const conds: SQL[] = [];
  if (ids.accountIds.length) conds.push(inArray(entitlements.accountId, ids.accountIds));
  if (ids.contactIds.length) conds.push(inArray(entitlements.contactId, ids.contactIds));
  if (ids.extraIds?.length) conds.push(inArray(entitlements.id, ids.extraIds));
  if (!conds.length) return [];
  return tx
    .select()
    .from(entitlements)
    .where(or(...conds))
    .orderBy(asc(entitlements.id))
    .for('update');
}

/**
 * Unsets the customer's previous activated default (the new one is set by the caller). Drafts marked default
 * keep their mark: they take over when activated.
 */
async function clearOtherDefaults(tx: Tx, e: { id: string; accountId: string | null; contactId: string | null }, now: Date): Promise<void> {
  const customer = e.accountId ? eq(entitlements.accountId, e.accountId) : eq(entitlements.contactId, e.contactId!);
  await tx
    .update(entitlements)
    .set({ isDefault: false, updatedAt: now, version: sql`${entitlements.version} + 1` })
    .where(and(customer, eq(entitlements.isDefault, true), eq(entitlements.state, 'activated'), ne(entitlements.id, e.id)));
}

const customerIds = (e: { accountId: string | null; contactId: string | null }) => ({
  accountIds: e.accountId ? [e.accountId] : [],
  contactIds: e.contactId ? [e.contactId] : [],
});

function defaultConflict(e: unknown): never {
  if (isUniqueViolation(e)) {
    throw conflict('ENTITLEMENT_DEFAULT_CONFLICT', 'Another default entitlement was set for this customer at the same time; read it again and retry.');
  }
  throw e;
}

// ---------------------------------------------------------------------------------------------------------
// Commands

/** Creates a draft entitlement (it covers nothing until activated). */
export async function createEntitlement(db: Db, input: EntitlementInput, now: Date): Promise<EntitlementView> {
  const accountId = input.accountId ?? null;
  const contactId = input.contactId ?? null;
  assertDates(input.startDate, input.endDate);
  const totalUnits = toUnits(input.allocationType, input.totalTerms, 'body.totalTerms');
  const decreaseOn = input.decreaseOn ?? defaultDecreaseOn(input.allocationType);
  assertDecreaseOn(input.allocationType, decreaseOn);
  const channelRows = (input.channels ?? []).map((c, i) => {
    const field = `body.channels[${i}].totalTerms`;
    const units = toUnits(input.allocationType, c.totalTerms, field);
    assertChannelWithinTotal({ allocationType: input.allocationType, totalUnits }, c.channel, units, field);
    return { channel: c.channel, totalUnits: units };
  });
  channelRows.forEach((c, i) => {
    if (channelRows.findIndex((o) => o.channel === c.channel) !== i) throw invalidField(`body.channels[${i}].channel`, `lists "${c.channel}" twice`);
  });
  const id = await db
    .transaction(async (tx) => {
      await assertCustomer(tx, accountId, contactId, 'body');
      await assertSla(tx, input.slaId ?? null);
      const [row] = await tx
        .insert(entitlements)
        .values({
          name: input.name.trim(),
          description: input.description ?? null,
          accountId,
          contactId,
          startDate: input.startDate,
          endDate: input.endDate,
          state: 'draft',
          allocationType: input.allocationType,
          totalUnits,
          decreaseOn,
          restrictCaseCreation: input.restrictCaseCreation ?? false,
          products: [],
          slaId: input.slaId ?? null,
          // A draft: its default mark takes effect when it is activated.
          isDefault: input.isDefault ?? false,
          createdAt: now,
          updatedAt: now,
        })
        .returning();
      const covered = await resolveCoveredProducts(tx, input, now);
      if (covered?.length) await tx.update(entitlements).set({ products: await setCoveredProducts(tx, row.id, covered) }).where(eq(entitlements.id, row.id));
      if (channelRows.length) await tx.insert(entitlementChannels).values(channelRows.map((c) => ({ ...c, entitlementId: row.id, createdAt: now, updatedAt: now })));
      return row.id;
    })
    .catch(defaultConflict);
  return getEntitlement(db, id, now);
}

async function lockForChange(tx: Tx, id: string, expectedVersion: number | undefined): Promise<EntitlementRow> {
  const [row] = await tx.select().from(entitlements).where(eq(entitlements.id, id)).for('update');
  if (!row) throw notFound('entitlement', id);
  if (expectedVersion !== undefined && row.version !== expectedVersion) {
    throw preconditionFailed(`The entitlement changed since you read it (version ${row.version}, If-Match had ${expectedVersion}); read it again and retry.`, {
      currentVersion: row.version,
    });
  }
  return row;
}

function assertNotCancelled(row: EntitlementRow): void {
  if (row.state === 'cancelled') {
    throw conflict('ENTITLEMENT_CANCELLED', `Entitlement "${row.name}" (${row.id}) is cancelled and can no longer be changed.`, { entitlementId: row.id });
  }
}

/**
 * Changes an entitlement. The customer, the allocation type and when terms decrease can only change while
 * it is a draft (cases may already have used it); the total cannot go below what is already used.
 */
export async function updateEntitlement(db: Db, id: string, patch: EntitlementPatch, expectedVersion: number | undefined, now: Date): Promise<EntitlementView> {
  await db
    .transaction(async (tx) => {
      const [peek] = await tx.select().from(entitlements).where(eq(entitlements.id, id));
      if (!peek) throw notFound('entitlement', id);
      const newCustomer = patch.accountId !== undefined || patch.contactId !== undefined;
      const accountId = newCustomer ? (patch.accountId ?? null) : peek.accountId;
      const contactId = newCustomer ? (patch.contactId ?? null) : peek.contactId;
      if (patch.isDefault) {
        await lockCustomerEntitlements(tx, {
          accountIds: [peek.accountId, accountId].filter((x): x is string => !!x),
          contactIds: [peek.contactId, contactId].filter((x): x is string => !!x),
          extraIds: [id],
        });
      }
      const row = await lockForChange(tx, id, expectedVersion);
      assertNotCancelled(row);
      const draftOnly = (['accountId', 'contactId', 'allocationType', 'decreaseOn'] as const).filter(
        (k) => patch[k] !== undefined && patch[k] !== (k === 'accountId' ? row.accountId : k === 'contactId' ? row.contactId : row[k]),
      );
      if (draftOnly.length && row.state !== 'draft') {
        throw conflict(
          'ENTITLEMENT_NOT_DRAFT',
          `body.${draftOnly[0]} can only change while the entitlement is a draft; "${row.name}" is activated (cases may already use it). Cancel it and create a new one.`,
          { field: `body.${draftOnly[0]}` },
        );
      }
      if (newCustomer) await assertCustomer(tx, accountId, contactId, 'body');
      if (patch.slaId !== undefined) await assertSla(tx, patch.slaId);
      const startDate = patch.startDate ?? row.startDate;
      const endDate = patch.endDate ?? row.endDate;
      assertDates(startDate, endDate);
      const allocationType = patch.allocationType ?? row.allocationType;
      const decreaseOn = patch.decreaseOn ?? (patch.allocationType && patch.allocationType !== row.allocationType ? defaultDecreaseOn(allocationType) : row.decreaseOn);
      assertDecreaseOn(allocationType, decreaseOn);
      const totalUnits = patch.totalTerms !== undefined ? toUnits(allocationType, patch.totalTerms, 'body.totalTerms') : row.totalUnits;
      const channels = (await channelsOf(tx, [id], true)).get(id)!;
      if (allocationType !== row.allocationType && patch.totalTerms === undefined) {
        throw invalidField('body.totalTerms', `is required when the allocation type changes (the terms are counted in ${allocationType} now)`);
      }
      if (allocationType !== row.allocationType && channels.length) {
        throw conflict('ENTITLEMENT_HAS_CHANNELS', 'Remove the channel terms before changing the allocation type (they are in the old unit).', {
          field: 'body.allocationType',
        });
      }
      const used = (await usedUnits(tx, [id])).get(id)!;
      if (totalUnits < used.total) {
        throw unprocessable(
          'ENTITLEMENT_TERMS_BELOW_USED',
          `body.totalTerms: "${row.name}" has already used ${formatTerms(allocationType, used.total)}; the total cannot be lower.`,
          { field: 'body.totalTerms' },
        );
      }
      for (const c of channels) assertChannelWithinTotal({ allocationType, totalUnits }, c.channel, c.totalUnits, 'body.totalTerms');
      const covered = await resolveCoveredProducts(tx, patch, now);
      if (patch.isDefault && row.state === 'activated') await clearOtherDefaults(tx, { id, accountId, contactId }, now);
      await tx
        .update(entitlements)
        .set({
          name: patch.name?.trim() ?? row.name,
          description: patch.description !== undefined ? patch.description : row.description,
          accountId,
          contactId,
          startDate,
          endDate,
          allocationType,
          totalUnits,
          decreaseOn,
          restrictCaseCreation: patch.restrictCaseCreation ?? row.restrictCaseCreation,
          products: covered ? await setCoveredProducts(tx, id, covered) : row.products,
          slaId: patch.slaId !== undefined ? patch.slaId : row.slaId,
          isDefault: patch.isDefault ?? row.isDefault,
          updatedAt: now,
          version: row.version + 1,
        })
        .where(eq(entitlements.id, id));
    })
    .catch(defaultConflict);
  return getEntitlement(db, id, now);
}

/** draft → activated (then waiting/active/expired by date). Activating an activated one changes nothing. */
export async function activateEntitlement(db: Db, id: string, expectedVersion: number | undefined, now: Date): Promise<EntitlementView> {
  await db
    .transaction(async (tx) => {
      // A draft marked default takes over as the customer's default: lock the customer's entitlements in id order first.
      const [peek] = await tx.select().from(entitlements).where(eq(entitlements.id, id));
      if (peek?.isDefault && peek.state === 'draft') await lockCustomerEntitlements(tx, { ...customerIds(peek), extraIds: [id] });
      const row = await lockForChange(tx, id, expectedVersion);
      assertNotCancelled(row);
      if (row.state === 'activated') return;
      if (row.endDate < utcDate(now)) {
        throw unprocessable('ENTITLEMENT_ENDED', `Entitlement "${row.name}" ended on ${row.endDate}; extend its endDate before activating it.`, {
          field: 'endDate',
          entitlementId: row.id,
        });
      }
      if (row.isDefault) await clearOtherDefaults(tx, row, now);
      await tx.update(entitlements).set({ state: 'activated', activatedAt: now, updatedAt: now, version: row.version + 1 }).where(eq(entitlements.id, id));
    })
    .catch(defaultConflict);
  return getEntitlement(db, id, now);
}

/**
 * Cancels an entitlement: it covers no new case. Cases already under it keep it (and their usage is still
 * recorded: they were opened under it). Cancelling again changes nothing.
 */
export async function cancelEntitlement(db: Db, id: string, expectedVersion: number | undefined, now: Date): Promise<EntitlementView> {
  await db.transaction(async (tx) => {
    const row = await lockForChange(tx, id, expectedVersion);
    if (row.state === 'cancelled') return;
    await tx
      .update(entitlements)
      .set({ state: 'cancelled', isDefault: false, cancelledAt: now, updatedAt: now, version: row.version + 1 })
      .where(eq(entitlements.id, id));
  });
  return getEntitlement(db, id, now);
}

// ---------------------------------------------------------------------------------------------------------
// Lists

function statusCondition(status: EntitlementStatus, now: Date): SQL {
  const today = utcDate(now);
  switch (status) {
    case 'draft':
      return eq(entitlements.state, 'draft');
    case 'cancelled':
      return eq(entitlements.state, 'cancelled');
    case 'waiting':
      return and(eq(entitlements.state, 'activated'), gt(entitlements.startDate, today))!;
    case 'expired':
      return and(eq(entitlements.state, 'activated'), lt(entitlements.endDate, today))!;
    case 'active':
      return and(eq(entitlements.state, 'activated'), lte(entitlements.startDate, today), gte(entitlements.endDate, today))!;
  }
}

export async function listEntitlements(db: DbOrTx, q: EntitlementListQuery, now: Date): Promise<{ items: EntitlementView[]; nextCursor: string | null }> {
  const conds: SQL[] = [];
  if (q.accountId) conds.push(eq(entitlements.accountId, q.accountId));
  if (q.contactId) conds.push(eq(entitlements.contactId, q.contactId));
  if (q.customerId) {
    conds.push(
      or(
        eq(entitlements.accountId, q.customerId),
        eq(entitlements.contactId, q.customerId),
        sql`${entitlements.accountId} = (select ${contacts.accountId} from ${contacts} where ${contacts.id} = ${q.customerId})`,
      )!,
    );
  }
  if (q.status) conds.push(statusCondition(q.status, now));
  const { rows, nextCursor } = await paginate(
    {
      keys: [
        { expr: entitlements.createdAt, type: 'timestamptz' },
        { expr: entitlements.id, type: 'uuid' },
      ],
      order: 'asc',
      // The status filter depends on today's date: a cursor is only valid on the day it was made for it.
      scope: ['entitlements', q.accountId, q.contactId, q.customerId, q.status, q.status ? utcDate(now) : null],
    },
    { limit: q.limit ?? 50, cursor: q.cursor },
    async (p) =>
      db
        .select({ row: entitlements, cursorKey: p.cursorKey })
        .from(entitlements)
        .where(and(...conds, p.after))
        .orderBy(...p.orderBy)
        .limit(p.limit),
  );
  return { items: await views(db, rows.map((r) => r.row), now), nextCursor };
}

// ---------------------------------------------------------------------------------------------------------
// Channels

async function bumpVersion(tx: Tx, row: EntitlementRow, now: Date): Promise<void> {
  await tx.update(entitlements).set({ updatedAt: now, version: row.version + 1 }).where(eq(entitlements.id, row.id));
}

export async function listChannels(db: DbOrTx, id: string): Promise<ChannelView[]> {
  const [row] = await db.select().from(entitlements).where(eq(entitlements.id, id));
  if (!row) throw notFound('entitlement', id);
  const channels = (await channelsOf(db, [id])).get(id)!;
  return toChannelViews(row, channels, (await usedUnits(db, [id])).get(id)!);
}

const channelNotFound = (id: string, channel: string) =>
  new AppError('ENTITLEMENT_CHANNEL_NOT_FOUND', 404, `Entitlement ${id} has no ${channel} terms.`, { id, channel });

export async function getChannel(db: DbOrTx, id: string, channel: CaseOrigin): Promise<ChannelView> {
  const found = (await listChannels(db, id)).find((c) => c.channel === channel);
  if (!found) throw channelNotFound(id, channel);
  return found;
}

export async function addChannel(db: Db, id: string, input: ChannelTermsInput, expectedVersion: number | undefined, now: Date): Promise<ChannelView> {
  await db
    .transaction(async (tx) => {
      const row = await lockForChange(tx, id, expectedVersion);
      assertNotCancelled(row);
      const units = toUnits(row.allocationType, input.totalTerms, 'body.totalTerms');
      assertChannelWithinTotal(row, input.channel, units, 'body.totalTerms');
      await tx.insert(entitlementChannels).values({ entitlementId: id, channel: input.channel, totalUnits: units, createdAt: now, updatedAt: now });
      await bumpVersion(tx, row, now);
    })
    .catch((e) => {
      if (isUniqueViolation(e)) {
        throw conflict('ENTITLEMENT_CHANNEL_EXISTS', `The entitlement already has ${input.channel} terms; change them with PUT /v1/entitlements/${id}/channels/${input.channel}.`, {
          channel: input.channel,
        });
      }
      throw e;
    });
  return getChannel(db, id, input.channel);
}

export async function updateChannel(db: Db, id: string, channel: CaseOrigin, totalTerms: number, expectedVersion: number | undefined, now: Date): Promise<ChannelView> {
  await db.transaction(async (tx) => {
    const row = await lockForChange(tx, id, expectedVersion);
    assertNotCancelled(row);
    const [existing] = await tx
      .select()
      .from(entitlementChannels)
      .where(and(eq(entitlementChannels.entitlementId, id), eq(entitlementChannels.channel, channel)))
      .for('update');
    if (!existing) throw channelNotFound(id, channel);
    const units = toUnits(row.allocationType, totalTerms, 'body.totalTerms');
    assertChannelWithinTotal(row, channel, units, 'body.totalTerms');
    const used = (await usedUnits(tx, [id])).get(id)!.byChannel.get(channel) ?? 0;
    if (units < used) {
      throw unprocessable('ENTITLEMENT_TERMS_BELOW_USED', `body.totalTerms: ${formatTerms(row.allocationType, used)} of the ${channel} terms are already used; they cannot be lower.`, {
        field: 'body.totalTerms',
      });
    }
    await tx.update(entitlementChannels).set({ totalUnits: units, updatedAt: now }).where(eq(entitlementChannels.id, existing.id));
    await bumpVersion(tx, row, now);
  });
  return getChannel(db, id, channel);
}

/** Removes a channel's terms. What cases used from it stays in the ledger and in the total. */
export async function deleteChannel(db: Db, id: string, channel: CaseOrigin, expectedVersion: number | undefined, now: Date): Promise<void> {
  await db.transaction(async (tx) => {
    const row = await lockForChange(tx, id, expectedVersion);
    assertNotCancelled(row);
    const deleted = await tx
      .delete(entitlementChannels)
      .where(and(eq(entitlementChannels.entitlementId, id), eq(entitlementChannels.channel, channel)))
      .returning({ id: entitlementChannels.id });
    if (!deleted.length) throw channelNotFound(id, channel);
    await bumpVersion(tx, row, now);
  });
}

// ---------------------------------------------------------------------------------------------------------
// Usage

export async function getUsage(db: DbOrTx, id: string, now: Date): Promise<UsageView> {
  const [row] = await db.select().from(entitlements).where(eq(entitlements.id, id));
  if (!row) throw notFound('entitlement', id);
  const view = (await views(db, [row], now))[0];
  const entries = await db
    .select({ usage: entitlementUsages, caseNumber: cases.number })
    .from(entitlementUsages)
    .innerJoin(cases, eq(cases.id, entitlementUsages.caseId))
    .where(eq(entitlementUsages.entitlementId, id))
    .orderBy(asc(entitlementUsages.consumedAt), asc(entitlementUsages.id));
  const { id: entitlementId, name, status, allocationType, channels, totalTerms, usedTerms, remainingTerms, overageTerms } = view;
  const minutes =
    allocationType === 'hours'
      ? { totalMinutes: view.totalMinutes, usedMinutes: view.usedMinutes, remainingMinutes: view.remainingMinutes, overageMinutes: view.overageMinutes }
      : {};
  return {
    entitlementId,
    name,
    status,
    allocationType,
    totalTerms,
    usedTerms,
    remainingTerms,
    overageTerms,
    ...minutes,
    channels,
    entries: entries.map(({ usage: u, caseNumber }) => ({
      id: u.id,
      caseId: u.caseId,
      caseNumber,
      kind: u.kind,
      channel: u.channel,
      amount: unitsToTerms(allocationType, u.units),
      ...(allocationType === 'hours' ? { minutes: u.units } : {}),
      trigger: u.trigger,
      at: u.consumedAt.toISOString(),
      returnedAt: u.releasedAt?.toISOString() ?? null,
      returnReason: u.releaseReason,
    })),
  };
}
