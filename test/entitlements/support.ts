import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { accounts, caseActivities, cases, contacts, entitlementChannels, entitlements, slas } from '../../db/schema/index.js';
import type { CaseOrigin } from '../../db/schema/cases.js';
import { CaseLifecycle, type CaseDraft, type CaseRow } from '../../src/cases/case-lifecycle.js';
import { createEntitlementListener } from '../../src/entitlements/entitlement-listener.js';
import { resolveCoveredProducts, setCoveredProducts } from '../../src/entitlements/entitlement-products.js';
import { resolveCaseProduct } from '../../src/products/product-refs.js';

let counter = 0;

/**
 * A stand-in for the cases module's transactions, driving the entitlement listener exactly as the
 * CaseLifecycle contract says (beforeCreate → insert → onCreated, in one transaction; status changes with
 * their event), with an injected clock.
 */
export function caseSimulator(db: Db) {
  const lifecycle = new CaseLifecycle([createEntitlementListener()]);

  async function create(draft: Partial<CaseDraft> & { origin: CaseOrigin }, at: Date): Promise<CaseRow> {
    return db.transaction(async (tx) => {
      const d: CaseDraft = { number: `SIM-${process.pid}-${++counter}`, title: 'Printer on fire', createdAt: at, updatedAt: at, ...draft };
      // As the cases module does: a product named by its name is the catalogue's product of that name.
      if (d.product && d.productId === undefined) Object.assign(d, await resolveCaseProduct(tx, { product: d.product }, at));
      await lifecycle.emit('beforeCreate', tx, d, at);
      const [row] = await tx.insert(cases).values(d).returning();
      await lifecycle.emit('onCreated', tx, row, at);
      return row;
    });
  }

  async function transition(id: string, status: CaseRow['status'], event: 'onResolved' | 'onCancelled' | 'onReopened', at: Date): Promise<CaseRow> {
    return db.transaction(async (tx) => {
      const [before] = await tx.select().from(cases).where(eq(cases.id, id)).for('update');
      const [after] = await tx
        .update(cases)
        .set({
          status,
          resolvedAt: status === 'resolved' ? at : null,
          cancelledAt: status === 'cancelled' ? at : null,
          updatedAt: at,
          version: before.version + 1,
        })
        .where(eq(cases.id, id))
        .returning();
      await lifecycle.emit(event, tx, before, after, at);
      return after;
    });
  }

  /** A PATCH of an open case: writes the changed fields and emits onUpdated (the listener may adjust `after`). */
  async function update(id: string, patch: Partial<CaseDraft>, at: Date): Promise<CaseRow> {
    return db.transaction(async (tx) => {
      const [before] = await tx.select().from(cases).where(eq(cases.id, id)).for('update');
      const changed = (Object.keys(patch) as Array<keyof CaseRow>).filter((k) => patch[k as keyof CaseDraft] !== before[k]);
      const [after] = await tx
        .update(cases)
        .set({ ...patch, updatedAt: at, version: before.version + 1 })
        .where(eq(cases.id, id))
        .returning();
      await lifecycle.emit('onUpdated', tx, before, after, changed, at);
      return after;
    });
  }

  return {
    create,
    update,
    resolve: (id: string, at: Date) => transition(id, 'resolved', 'onResolved', at),
    cancel: (id: string, at: Date) => transition(id, 'cancelled', 'onCancelled', at),
    reopen: (id: string, at: Date) => transition(id, 'in_progress', 'onReopened', at),
    /** Emits onResolved again for an already resolved case (a retried or duplicated resolution). */
    async resolveAgain(id: string, at: Date) {
      await db.transaction(async (tx) => {
        const [row] = await tx.select().from(cases).where(eq(cases.id, id));
        await lifecycle.emit('onResolved', tx, row, row, at);
      });
    },
    async logActivity(caseId: string, minutes: number, opts: { billable?: boolean; state?: 'open' | 'completed'; kind?: 'phone_call' | 'email' | 'task' } = {}) {
      await db.insert(caseActivities).values({
        caseId,
        kind: opts.kind ?? 'phone_call',
        subject: `call of ${minutes} min`,
        durationMinutes: minutes,
        billable: opts.billable ?? true,
        state: opts.state ?? 'completed',
        occurredAt: TODAY,
      });
    },
  };
}

export async function newAccount(db: Db, name = 'Contoso') {
  const [a] = await db.insert(accounts).values({ name }).returning();
  return a;
}

export async function newContact(db: Db, accountId: string | null, name = 'Pat Doe') {
  const [c] = await db.insert(contacts).values({ name, accountId }).returning();
  return c;
}

export async function newSla(db: Db, name: string, isDefault = false) {
  const [s] = await db.insert(slas).values({ name, isDefault }).returning();
  return s;
}

/** An activated entitlement inserted directly (units: cases, or minutes for hours). */
export async function newEntitlement(
  db: Db,
  v: Partial<typeof entitlements.$inferInsert> & { totalUnits: number; allocationType: 'cases' | 'hours' },
  channels: Array<{ channel: CaseOrigin; totalUnits: number }> = [],
) {
  const [e] = await db
    .insert(entitlements)
    .values({
      name: `${v.allocationType} entitlement`,
      startDate: '2025-01-01',
      endDate: '2025-12-31',
      state: 'activated',
      decreaseOn: v.allocationType === 'cases' ? 'create' : 'resolve',
      ...v,
    })
    .returning();
  if (channels.length) await db.insert(entitlementChannels).values(channels.map((c) => ({ ...c, entitlementId: e.id })));
  if (v.products?.length) {
    await db.transaction(async (tx) => setCoveredProducts(tx, e.id, (await resolveCoveredProducts(tx, { products: v.products }, new Date('2027-01-04T09:00:00Z')))!));
  }
  return e;
}

/** "Today" for the entitlement tests: the day of the clock injected into their apps (never the real date). */
export const TODAY = new Date('2027-03-10T10:00:00Z');
let ticks = 0;
/** The injected clock: starts at TODAY and moves one second per reading, so rows keep their order. */
export const clock = () => new Date(TODAY.getTime() + ++ticks * 1_000);

/** A date `days` away from the injected today, as the API takes entitlement dates. */
export function daysFromToday(days: number): string {
  const d = new Date(TODAY);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
