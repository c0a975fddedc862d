import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { DbOrTx, Tx } from '../../db/client.js';
import { entitlementChannels, entitlementUsages, entitlements } from '../../db/schema/index.js';
import type { CaseOrigin } from '../../db/schema/cases.js';
import type { EntitlementUsageKind } from '../../db/schema/entitlements.js';
import { activityTotals } from '../case-activities/activity-totals.js';

export type EntitlementRow = typeof entitlements.$inferSelect;
export type ChannelRow = typeof entitlementChannels.$inferSelect;
export type UsageRow = typeof entitlementUsages.$inferSelect;

/** Units currently used (ledger rows not given back), in total and per channel. */
export interface Used {
  total: number;
  byChannel: Map<CaseOrigin, number>;
}

export async function usedUnits(db: DbOrTx, entitlementIds: string[]): Promise<Map<string, Used>> {
  const out = new Map<string, Used>();
  for (const id of entitlementIds) out.set(id, { total: 0, byChannel: new Map() });
  if (entitlementIds.length === 0) return out;
  const rows = await db
    .select({
      entitlementId: entitlementUsages.entitlementId,
      channel: entitlementUsages.channel,
      units: sql<string>`sum(${entitlementUsages.units})`,
    })
    .from(entitlementUsages)
    .where(and(inArray(entitlementUsages.entitlementId, entitlementIds), isNull(entitlementUsages.releasedAt)))
    .groupBy(entitlementUsages.entitlementId, entitlementUsages.channel);
  for (const r of rows) {
    const used = out.get(r.entitlementId)!;
    const units = Number(r.units);
    used.total += units;
    if (r.channel) used.byChannel.set(r.channel, (used.byChannel.get(r.channel) ?? 0) + units);
  }
  return out;
}

export async function channelsOf(db: DbOrTx, entitlementIds: string[], forUpdate = false): Promise<Map<string, ChannelRow[]>> {
  const out = new Map<string, ChannelRow[]>();
  for (const id of entitlementIds) out.set(id, []);
  if (entitlementIds.length === 0) return out;
  const q = db.select().from(entitlementChannels).where(inArray(entitlementChannels.entitlementId, entitlementIds)).orderBy(asc(entitlementChannels.id));
  const rows = forUpdate ? await q.for('update') : await q;
  for (const r of rows) out.get(r.entitlementId)!.push(r);
  for (const list of out.values()) list.sort((a, b) => a.channel.localeCompare(b.channel));
  return out;
}

/** Locks one entitlement row (and its channel rows) for the rest of the transaction. */
export async function lockEntitlement(tx: Tx, id: string): Promise<{ entitlement: EntitlementRow; channels: ChannelRow[] } | undefined> {
  const [entitlement] = await tx.select().from(entitlements).where(eq(entitlements.id, id)).for('update');
  if (!entitlement) return undefined;
  const channels = (await channelsOf(tx, [id], true)).get(id)!;
  return { entitlement, channels };
}

/**
 * Records that a case used terms. Returns false when the case already holds an open usage of this kind on
 * this entitlement (a retried resolution): nothing is used twice. Call with the entitlement row locked.
 */
export async function consume(
  tx: Tx,
  u: { entitlementId: string; caseId: string; kind: EntitlementUsageKind; channel: CaseOrigin | null; units: number; trigger: UsageRow['trigger']; at: Date },
): Promise<boolean> {
  const inserted = await tx
    .insert(entitlementUsages)
    .values({ ...u, consumedAt: u.at })
    .onConflictDoNothing()
    .returning({ id: entitlementUsages.id });
  return inserted.length > 0;
}

/** Gives back the case's open usages (optionally only those of some triggers); returns what was given back. */
export async function release(
  tx: Tx,
  caseId: string,
  reason: NonNullable<UsageRow['releaseReason']>,
  at: Date,
  onlyTriggers?: Array<UsageRow['trigger']>,
): Promise<UsageRow[]> {
  const conditions = [eq(entitlementUsages.caseId, caseId), isNull(entitlementUsages.releasedAt)];
  if (onlyTriggers) conditions.push(inArray(entitlementUsages.trigger, onlyTriggers));
  return tx.update(entitlementUsages).set({ releasedAt: at, releaseReason: reason }).where(and(...conditions)).returning();
}

export async function openUsagesOfCase(db: DbOrTx, caseId: string): Promise<UsageRow[]> {
  return db
    .select()
    .from(entitlementUsages)
    .where(and(eq(entitlementUsages.caseId, caseId), isNull(entitlementUsages.releasedAt)));
}

/**
 * A case's billable time: the minutes of its completed, billable activities, the resolution activity left
 * out (the same figure the resolution activity records as billableMinutes).
 */
export async function billableMinutesOf(db: DbOrTx, caseId: string): Promise<number> {
  return (await activityTotals(db, caseId)).billableMinutes;
}
