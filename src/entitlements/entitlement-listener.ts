import { asc, eq, or, sql, type SQL } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { caseEvents, cases, contacts, entitlements } from '../../db/schema/index.js';
import type { CaseLifecycleListener, CaseRow } from '../cases/case-lifecycle.js';
import { billableMinutesOf, consume, lockEntitlement, release, usedUnits, type EntitlementRow, type UsageRow } from './ledger.js';
import { formatTerms } from './rules.js';
import { actorColumns, SYSTEM, type Actor } from '../audit/actor.js';
import { chooseEntitlement, entitlementSlaFor, exhaustedError, type EntitlementChoice } from './selection.js';

/**
 * Applies and enforces entitlements as cases are worked (the rules are in ./rules.ts). Register it before
 * the SLA clock listener: `beforeCreate` sets `draft.slaId` when the chosen entitlement names an SLA, and
 * the SLA listener only falls back to the default SLA when `draft.slaId` is still empty.
 *
 * Everything happens in the case's own transaction: a refused case (422 ENTITLEMENT_EXHAUSTED, or an
 * explicit entitlement that cannot cover it) writes nothing, and a usage is recorded if and only if the case
 * change commits.
 */
export function createEntitlementListener(): CaseLifecycleListener {
  return {
    name: 'entitlements',

    async beforeCreate(tx, draft, at) {
      const choice = await chooseEntitlement(
        tx,
        { accountId: draft.accountId, contactId: draft.contactId, origin: draft.origin, productId: draft.productId, product: draft.product, entitlementId: draft.entitlementId },
        at,
      );
      if (!choice) {
        draft.entitlementId = null;
        draft.entitlementExhausted = false;
        return;
      }
      if (choice.exhausted && choice.entitlement.restrictCaseCreation) throw exhaustedError(choice);
      draft.entitlementId = choice.entitlement.id;
      draft.entitlementExhausted = choice.exhausted;
      const slaId = await entitlementSlaFor(tx, choice.entitlement.id, at);
      if (slaId) draft.slaId = slaId;
    },

    async onCreated(tx, c, at, actor) {
      if (!c.entitlementId) return;
      const locked = await lockEntitlement(tx, c.entitlementId);
      if (!locked) return;
      const e = locked.entitlement;
      let used = '';
      if (e.allocationType === 'cases' && e.decreaseOn === 'create') {
        await useTerms(tx, e, locked.channels.some((ch) => ch.channel === c.origin), c, 1, 'created', at);
        used = ' and used 1 case';
      }
      const left = await remainingText(tx, e);
      const summary = `Entitlement "${e.name}" applied${used}${c.entitlementExhausted ? ' (its terms were used up: overage)' : ''}; ${left}`;
      await event(tx, c.id, 'entitlement.applied', at, summary, { entitlementId: e.id, exhausted: c.entitlementExhausted }, actor);
    },

    async onUpdated(tx, before, after, changed, at, actor) {
      const explicit = changed.includes('entitlementId');
      const customerChanged = changed.includes('accountId') || changed.includes('contactId');
      if (!explicit && !customerChanged) return;
      // Lock everything involved in one id-ordered statement (the order case creation uses): no deadlocks.
      await lockForReassignment(tx, before, after);
      let choice: EntitlementChoice | null;
      if (explicit) {
        choice = after.entitlementId ? await chooseEntitlement(tx, { ...caseFacts(after), entitlementId: after.entitlementId }, at) : null;
      } else {
        // The customer changed: the entitlement stays if it is the new customer's too, else it is chosen again.
        if (after.entitlementId && (await belongsToCustomer(tx, after.entitlementId, after))) return;
        choice = await chooseEntitlement(tx, { ...caseFacts(after), entitlementId: null }, at);
      }
      if (choice?.exhausted && choice.entitlement.restrictCaseCreation) throw exhaustedError(choice);
      const returned = before.entitlementId ? await giveBack(tx, before, 'reassigned', at) : [];
      const entitlementId = choice?.entitlement.id ?? null;
      const entitlementExhausted = choice?.exhausted ?? false;
      if (entitlementId !== after.entitlementId || entitlementExhausted !== after.entitlementExhausted) {
        await tx.update(cases).set({ entitlementId, entitlementExhausted }).where(eq(cases.id, after.id));
      }
      // The caller answers with `after`: keep it in step with what was written.
      Object.assign(after, { entitlementId, entitlementExhausted });
      let summary = choice ? `Entitlement changed to "${choice.entitlement.name}"` : 'Entitlement removed';
      if (returned.length) summary += `; ${formatTerms(returned[0].kind === 'case' ? 'cases' : 'hours', returned.reduce((n, u) => n + u.units, 0))} given back to the previous one`;
      if (choice) {
        const e = choice.entitlement;
        if (e.allocationType === 'cases' && e.decreaseOn === 'create') {
          await useTerms(tx, e, choice.channel !== undefined, after, 1, 'reassigned', at);
          summary += '; 1 case used';
        }
        summary += `; ${await remainingText(tx, e)}`;
      }
      await event(tx, after.id, 'entitlement.changed', at, summary, { from: before.entitlementId, to: entitlementId, exhausted: entitlementExhausted }, actor);
    },

    async onResolved(tx, _before, after, at, actor) {
      if (!after.entitlementId) return;
      const locked = await lockEntitlement(tx, after.entitlementId);
      if (!locked) return;
      const e = locked.entitlement;
      const fromChannel = locked.channels.some((ch) => ch.channel === after.origin);
      if (e.allocationType === 'hours') {
        const minutes = await billableMinutesOf(tx, after.id);
        if (await useTerms(tx, e, fromChannel, after, minutes, 'resolved', at)) {
          const summary = `Entitlement "${e.name}": ${formatTerms('hours', minutes)} of billable time used; ${await remainingText(tx, e)}`;
          await event(tx, after.id, 'entitlement.used', at, summary, { entitlementId: e.id, minutes }, actor);
        }
      } else if (e.decreaseOn === 'resolve') {
        if (await useTerms(tx, e, fromChannel, after, 1, 'resolved', at)) {
          await event(tx, after.id, 'entitlement.used', at, `Entitlement "${e.name}": 1 case used; ${await remainingText(tx, e)}`, { entitlementId: e.id, cases: 1 }, actor);
        }
      }
    },

    async onCancelled(tx, _before, after, at, actor) {
      const returned = await giveBack(tx, after, 'cancelled', at);
      await returnedEvents(tx, after, returned, 'cancelled', at, actor);
    },

    async onReopened(tx, before, after, at, actor) {
      if (before.status === 'resolved') {
        // What the resolution used is given back; the next resolution uses the then-current time again.
        const returned = await giveBack(tx, after, 'reopened', at, ['resolved']);
        await returnedEvents(tx, after, returned, 'reopened', at, actor);
        return;
      }
      if (before.status === 'cancelled' && after.entitlementId) {
        // A cancelled case gave its case back; reopened, it is a live case again and uses it again.
        const locked = await lockEntitlement(tx, after.entitlementId);
        if (!locked) return;
        const e = locked.entitlement;
        if (e.allocationType === 'cases' && e.decreaseOn === 'create') {
          if (await useTerms(tx, e, locked.channels.some((ch) => ch.channel === after.origin), after, 1, 'reopened', at)) {
            const summary = `Entitlement "${e.name}": 1 case used again (case reopened); ${await remainingText(tx, e)}`;
            await event(tx, after.id, 'entitlement.used', at, summary, { entitlementId: e.id, cases: 1 }, actor);
          }
        }
      }
    },
  };
}

const caseFacts = (c: CaseRow) => ({ accountId: c.accountId, contactId: c.contactId, origin: c.origin, productId: c.productId, product: c.product });

async function lockForReassignment(tx: Tx, before: CaseRow, after: CaseRow): Promise<void> {
  const conds: SQL[] = [];
  for (const id of [before.entitlementId, after.entitlementId]) if (id) conds.push(eq(entitlements.id, id));
  if (after.contactId) conds.push(eq(entitlements.contactId, after.contactId));
  if (after.accountId) conds.push(eq(entitlements.accountId, after.accountId));
  if (after.contactId) conds.push(sql`${entitlements.accountId} = (select ${contacts.accountId} from ${contacts} where ${contacts.id} = ${after.contactId})`);
  if (conds.length) await tx.select({ id: entitlements.id }).from(entitlements).where(or(...conds)).orderBy(asc(entitlements.id)).for('update');
}

async function belongsToCustomer(tx: Tx, entitlementId: string, c: CaseRow): Promise<boolean> {
  const [e] = await tx.select({ accountId: entitlements.accountId, contactId: entitlements.contactId }).from(entitlements).where(eq(entitlements.id, entitlementId));
  if (!e) return false;
  if (e.contactId) return e.contactId === c.contactId;
  if (e.accountId === c.accountId) return true;
  if (!c.contactId) return false;
  const [contact] = await tx.select({ accountId: contacts.accountId }).from(contacts).where(eq(contacts.id, c.contactId));
  return !c.accountId && contact?.accountId === e.accountId;
}

async function useTerms(tx: Tx, e: EntitlementRow, fromChannel: boolean, c: CaseRow, units: number, trigger: UsageRow['trigger'], at: Date): Promise<boolean> {
  return consume(tx, {
    entitlementId: e.id,
    caseId: c.id,
    kind: e.allocationType === 'cases' ? 'case' : 'hours',
    channel: fromChannel ? c.origin : null,
    units,
    trigger,
    at,
  });
}

async function giveBack(tx: Tx, c: CaseRow, reason: NonNullable<UsageRow['releaseReason']>, at: Date, onlyTriggers?: Array<UsageRow['trigger']>): Promise<UsageRow[]> {
  // Lock the entitlements first (same order as creation: entitlement, then ledger), then release.
  if (c.entitlementId) await lockEntitlement(tx, c.entitlementId);
  return release(tx, c.id, reason, at, onlyTriggers);
}

async function remainingText(tx: Tx, e: EntitlementRow): Promise<string> {
  const used = (await usedUnits(tx, [e.id])).get(e.id)!.total;
  const left = Math.max(0, e.totalUnits - used);
  const over = Math.max(0, used - e.totalUnits);
  return `${formatTerms(e.allocationType, left)} of ${formatTerms(e.allocationType, e.totalUnits)} left${over ? `, ${formatTerms(e.allocationType, over)} over` : ''}`;
}

async function returnedEvents(tx: Tx, c: CaseRow, returned: UsageRow[], reason: 'cancelled' | 'reopened', at: Date, actor?: Actor): Promise<void> {
  if (!returned.length || !c.entitlementId) return;
  const locked = await lockEntitlement(tx, c.entitlementId);
  if (!locked) return;
  const e = locked.entitlement;
  const units = returned.filter((u) => u.entitlementId === e.id).reduce((s, u) => s + u.units, 0);
  await event(
    tx,
    c.id,
    'entitlement.returned',
    at,
    `Entitlement "${e.name}": ${formatTerms(e.allocationType, units)} given back (case ${reason}); ${await remainingText(tx, e)}`,
    { entitlementId: e.id, units, reason },
    actor,
  );
}

/** Entitlement events are consequences of a case change: they carry the actor of that change. */
async function event(tx: Tx, caseId: string, kind: string, at: Date, summary: string, data: Record<string, unknown>, actor: Actor = SYSTEM): Promise<void> {
  await tx.insert(caseEvents).values({ caseId, kind, summary, data, occurredAt: at, ...actorColumns(actor) });
}
