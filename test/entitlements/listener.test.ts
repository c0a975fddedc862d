import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { DatabaseHandle } from '../../db/client.js';
import { caseEvents, entitlementUsages } from '../../db/schema/index.js';
import { createTestDatabase } from '../support/db.js';
import { getEntitlement, getUsage } from '../../src/entitlements/entitlements.js';
import { entitlementSlaFor } from '../../src/entitlements/selection.js';
import { AppError } from '../../src/errors.js';
import { caseSimulator, newAccount, newContact, newEntitlement, newSla } from './support.js';

/** The injected clock: all in 2025, when the test entitlements run (2025-01-01..2025-12-31). */
const at = (iso: string) => new Date(iso);
const MARCH = at('2025-03-10T10:00:00Z');

async function refusal(p: Promise<unknown>): Promise<AppError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(AppError);
  return e as AppError;
}

describe('entitlements applied and enforced through the case lifecycle (domain, injected clock)', () => {
  let database: DatabaseHandle;
  let sim: ReturnType<typeof caseSimulator>;
  beforeAll(async () => {
    database = await createTestDatabase();
    sim = caseSimulator(database.db);
  });
  afterAll(async () => {
    await database.close();
  });

  describe('cases-based, decrease on case creation (10 support cases)', () => {
    it('uses one case per new case and gives it back when the case is cancelled', async () => {
      const account = await newAccount(database.db);
      const e = await newEntitlement(database.db, { accountId: account.id, allocationType: 'cases', totalUnits: 10, name: 'Contoso 10 cases' });
      const c1 = await sim.create({ accountId: account.id, origin: 'email' }, MARCH);
      const c2 = await sim.create({ accountId: account.id, origin: 'web' }, MARCH);
      expect(c1.entitlementId).toBe(e.id);
      expect(c1.entitlementExhausted).toBe(false);
      expect((await getEntitlement(database.db, e.id, MARCH)).remainingTerms).toBe(8);

      await sim.cancel(c2.id, at('2025-03-11T10:00:00Z'));
      const view = await getEntitlement(database.db, e.id, MARCH);
      expect(view).toMatchObject({ usedTerms: 1, remainingTerms: 9 });
    });

    it('does not use more at resolution, nor give back at reopening', async () => {
      const account = await newAccount(database.db);
      const e = await newEntitlement(database.db, { accountId: account.id, allocationType: 'cases', totalUnits: 10 });
      const c = await sim.create({ accountId: account.id, origin: 'phone' }, MARCH);
      await sim.resolve(c.id, at('2025-03-12T10:00:00Z'));
      await sim.reopen(c.id, at('2025-03-13T10:00:00Z'));
      await sim.resolve(c.id, at('2025-03-14T10:00:00Z'));
      expect((await getEntitlement(database.db, e.id, MARCH)).usedTerms).toBe(1);
    });

    it('uses the case again when a cancelled case is reopened', async () => {
      const account = await newAccount(database.db);
      const e = await newEntitlement(database.db, { accountId: account.id, allocationType: 'cases', totalUnits: 10 });
      const c = await sim.create({ accountId: account.id, origin: 'phone' }, MARCH);
      await sim.cancel(c.id, at('2025-03-11T10:00:00Z'));
      expect((await getEntitlement(database.db, e.id, MARCH)).usedTerms).toBe(0);
      await sim.reopen(c.id, at('2025-03-12T10:00:00Z'));
      expect((await getEntitlement(database.db, e.id, MARCH)).usedTerms).toBe(1);
      const usage = await getUsage(database.db, e.id, MARCH);
      expect(usage.entries.map((x) => [x.trigger, x.returnReason])).toEqual([
        ['created', 'cancelled'],
        ['reopened', null],
      ]);
    });
  });

  describe('cases-based, decrease on resolution', () => {
    it('uses one case at resolution, gives it back on reopen and uses it again at the next resolution', async () => {
      const account = await newAccount(database.db);
      const e = await newEntitlement(database.db, { accountId: account.id, allocationType: 'cases', totalUnits: 3, decreaseOn: 'resolve' });
      const c = await sim.create({ accountId: account.id, origin: 'web' }, MARCH);
      expect((await getEntitlement(database.db, e.id, MARCH)).usedTerms).toBe(0);
      await sim.resolve(c.id, at('2025-03-11T10:00:00Z'));
      expect((await getEntitlement(database.db, e.id, MARCH)).usedTerms).toBe(1);
      await sim.reopen(c.id, at('2025-03-12T10:00:00Z'));
      expect((await getEntitlement(database.db, e.id, MARCH)).usedTerms).toBe(0);
      await sim.resolve(c.id, at('2025-03-13T10:00:00Z'));
      expect((await getEntitlement(database.db, e.id, MARCH)).usedTerms).toBe(1);
    });

    it('uses nothing for a case cancelled before resolution', async () => {
      const account = await newAccount(database.db);
      const e = await newEntitlement(database.db, { accountId: account.id, allocationType: 'cases', totalUnits: 3, decreaseOn: 'resolve' });
      const c = await sim.create({ accountId: account.id, origin: 'web' }, MARCH);
      await sim.cancel(c.id, at('2025-03-11T10:00:00Z'));
      expect((await getEntitlement(database.db, e.id, MARCH)).usedTerms).toBe(0);
    });

    it('uses the case exactly once when the resolution is retried', async () => {
      const account = await newAccount(database.db);
      const e = await newEntitlement(database.db, { accountId: account.id, allocationType: 'cases', totalUnits: 3, decreaseOn: 'resolve' });
      const c = await sim.create({ accountId: account.id, origin: 'web' }, MARCH);
      await sim.resolve(c.id, at('2025-03-11T10:00:00Z'));
      await sim.resolveAgain(c.id, at('2025-03-11T10:00:05Z'));
      await Promise.all([sim.resolveAgain(c.id, at('2025-03-11T10:00:06Z')), sim.resolveAgain(c.id, at('2025-03-11T10:00:06Z'))]);
      expect((await getEntitlement(database.db, e.id, MARCH)).usedTerms).toBe(1);
      expect(await database.db.select().from(entitlementUsages).where(eq(entitlementUsages.caseId, c.id))).toHaveLength(1);
    });
  });

  describe('hours-based (10 hours of phone support)', () => {
    it('uses the billable time at resolution: three 15-minute calls are exactly 0.75 h', async () => {
      const account = await newAccount(database.db);
      const e = await newEntitlement(database.db, { accountId: account.id, allocationType: 'hours', totalUnits: 600 }, [{ channel: 'phone', totalUnits: 600 }]);
      const c = await sim.create({ accountId: account.id, origin: 'phone' }, MARCH);
      for (let i = 0; i < 3; i++) await sim.logActivity(c.id, 15);
      await sim.logActivity(c.id, 20, { billable: false }); // not billable
      await sim.logActivity(c.id, 60, { state: 'open', kind: 'task' }); // not done yet
      expect((await getEntitlement(database.db, e.id, MARCH)).usedTerms).toBe(0); // nothing before resolution
      await sim.resolve(c.id, at('2025-03-11T10:00:00Z'));
      const view = await getEntitlement(database.db, e.id, MARCH);
      expect(view).toMatchObject({ usedTerms: 0.75, remainingTerms: 9.25, usedMinutes: 45, remainingMinutes: 555 });
      expect(view.channels).toEqual([expect.objectContaining({ channel: 'phone', usedTerms: 0.75, remainingTerms: 9.25 })]);
    });

    it('gives the hours back on reopen and uses the then-current billable time at the next resolution, once', async () => {
      const account = await newAccount(database.db);
      const e = await newEntitlement(database.db, { accountId: account.id, allocationType: 'hours', totalUnits: 600 });
      const c = await sim.create({ accountId: account.id, origin: 'phone' }, MARCH);
      await sim.logActivity(c.id, 30);
      await sim.resolve(c.id, at('2025-03-11T10:00:00Z'));
      await sim.resolveAgain(c.id, at('2025-03-11T10:00:01Z'));
      expect((await getEntitlement(database.db, e.id, MARCH)).usedTerms).toBe(0.5);
      await sim.reopen(c.id, at('2025-03-12T10:00:00Z'));
      expect((await getEntitlement(database.db, e.id, MARCH)).usedTerms).toBe(0);
      await sim.logActivity(c.id, 15);
      await sim.resolve(c.id, at('2025-03-13T10:00:00Z'));
      expect((await getEntitlement(database.db, e.id, MARCH)).usedMinutes).toBe(45);
      const usage = await getUsage(database.db, e.id, MARCH);
      expect(usage.entries.map((x) => ({ minutes: x.minutes, trigger: x.trigger, returnReason: x.returnReason }))).toEqual([
        { minutes: 30, trigger: 'resolved', returnReason: 'reopened' },
        { minutes: 45, trigger: 'resolved', returnReason: null },
      ]);
    });

    it('gives back the hours of a resolved case that is then cancelled', async () => {
      const account = await newAccount(database.db);
      const e = await newEntitlement(database.db, { accountId: account.id, allocationType: 'hours', totalUnits: 600 });
      const c = await sim.create({ accountId: account.id, origin: 'phone' }, MARCH);
      await sim.logActivity(c.id, 90);
      await sim.resolve(c.id, at('2025-03-11T10:00:00Z'));
      await sim.cancel(c.id, at('2025-03-12T10:00:00Z'));
      expect((await getEntitlement(database.db, e.id, MARCH)).usedTerms).toBe(0);
    });

    it('accepts a case while some minutes are left and counts what goes beyond as overage', async () => {
      const account = await newAccount(database.db);
      const e = await newEntitlement(database.db, { accountId: account.id, allocationType: 'hours', totalUnits: 60, restrictCaseCreation: true });
      const c1 = await sim.create({ accountId: account.id, origin: 'phone' }, MARCH);
      await sim.logActivity(c1.id, 45);
      await sim.resolve(c1.id, MARCH);
      const c2 = await sim.create({ accountId: account.id, origin: 'phone' }, MARCH); // 15 minutes left
      expect(c2.entitlementExhausted).toBe(false);
      await sim.logActivity(c2.id, 30);
      await sim.resolve(c2.id, MARCH);
      expect(await getEntitlement(database.db, e.id, MARCH)).toMatchObject({ usedMinutes: 75, remainingMinutes: 0, overageMinutes: 15, overageTerms: 0.25 });
      const refused = await refusal(sim.create({ accountId: account.id, origin: 'phone' }, MARCH));
      expect(refused.code).toBe('ENTITLEMENT_EXHAUSTED');
    });
  });

  describe('per-channel terms (100 hours over several channels)', () => {
    it('draws a phone case from the phone terms and the total, and leaves other channels untouched', async () => {
      const account = await newAccount(database.db);
      const e = await newEntitlement(database.db, { accountId: account.id, allocationType: 'cases', totalUnits: 10 }, [
        { channel: 'phone', totalUnits: 2 },
        { channel: 'email', totalUnits: 8 },
      ]);
      await sim.create({ accountId: account.id, origin: 'phone' }, MARCH);
      const view = await getEntitlement(database.db, e.id, MARCH);
      expect(view.usedTerms).toBe(1);
      expect(view.channels.map((c) => [c.channel, c.usedTerms, c.remainingTerms])).toEqual([
        ['email', 0, 8],
        ['phone', 1, 1],
      ]);
    });

    it('refuses a restricted phone case once the phone terms are used up, naming the channel, while email still works', async () => {
      const account = await newAccount(database.db);
      const e = await newEntitlement(database.db, { accountId: account.id, allocationType: 'cases', totalUnits: 10, restrictCaseCreation: true, name: 'Contoso multichannel' }, [
        { channel: 'phone', totalUnits: 1 },
        { channel: 'email', totalUnits: 5 },
      ]);
      await sim.create({ accountId: account.id, origin: 'phone' }, MARCH);
      const refused = await refusal(sim.create({ accountId: account.id, origin: 'phone' }, MARCH));
      expect(refused.status).toBe(422);
      expect(refused.code).toBe('ENTITLEMENT_EXHAUSTED');
      expect(refused.message).toContain('"Contoso multichannel"');
      expect(refused.message).toContain(e.id);
      expect(refused.message).toContain('phone');
      expect(refused.details).toMatchObject({ entitlementId: e.id, channel: 'phone' });
      const email = await sim.create({ accountId: account.id, origin: 'email' }, MARCH);
      expect(email.entitlementId).toBe(e.id);
    });

    it('does not cover a channel the entitlement has no terms for', async () => {
      const account = await newAccount(database.db);
      await newEntitlement(database.db, { accountId: account.id, allocationType: 'hours', totalUnits: 600 }, [{ channel: 'phone', totalUnits: 600 }]);
      const c = await sim.create({ accountId: account.id, origin: 'twitter' }, MARCH);
      expect(c.entitlementId).toBeNull();
    });
  });

  describe('restriction', () => {
    it('refuses the eleventh case with ENTITLEMENT_EXHAUSTED when the entitlement restricts creation', async () => {
      const account = await newAccount(database.db);
      const e = await newEntitlement(database.db, { accountId: account.id, allocationType: 'cases', totalUnits: 2, restrictCaseCreation: true, name: 'Two cases' });
      await sim.create({ accountId: account.id, origin: 'web' }, MARCH);
      await sim.create({ accountId: account.id, origin: 'web' }, MARCH);
      const refused = await refusal(sim.create({ accountId: account.id, origin: 'web' }, MARCH));
      expect(refused).toMatchObject({ status: 422, code: 'ENTITLEMENT_EXHAUSTED' });
      expect(refused.message).toContain('"Two cases"');
      expect((await getEntitlement(database.db, e.id, MARCH)).usedTerms).toBe(2); // nothing written for the refused case
    });

    it('creates the case flagged as exhausted, counted as overage, when the entitlement does not restrict', async () => {
      const account = await newAccount(database.db);
      const e = await newEntitlement(database.db, { accountId: account.id, allocationType: 'cases', totalUnits: 1 });
      await sim.create({ accountId: account.id, origin: 'web' }, MARCH);
      const over = await sim.create({ accountId: account.id, origin: 'web' }, MARCH);
      expect(over).toMatchObject({ entitlementId: e.id, entitlementExhausted: true });
      expect(await getEntitlement(database.db, e.id, MARCH)).toMatchObject({ usedTerms: 2, remainingTerms: 0, overageTerms: 1 });
      const events = await database.db.select().from(caseEvents).where(eq(caseEvents.caseId, over.id));
      expect(events.map((x) => x.kind)).toContain('entitlement.applied');
    });

    it('lets exactly one of five concurrent cases take the last remaining term', async () => {
      const account = await newAccount(database.db);
      const e = await newEntitlement(database.db, { accountId: account.id, allocationType: 'cases', totalUnits: 3, restrictCaseCreation: true });
      await sim.create({ accountId: account.id, origin: 'web' }, MARCH);
      await sim.create({ accountId: account.id, origin: 'web' }, MARCH);
      const results = await Promise.allSettled(Array.from({ length: 5 }, () => sim.create({ accountId: account.id, origin: 'web' }, MARCH)));
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(rejected.map((r) => (r.reason as AppError).code)).toEqual(Array(4).fill('ENTITLEMENT_EXHAUSTED'));
      expect(await getEntitlement(database.db, e.id, MARCH)).toMatchObject({ usedTerms: 3, remainingTerms: 0, overageTerms: 0 });
    });
  });

  describe('changing the entitlement or the customer of an open case', () => {
    it('moves the case’s term from the old entitlement to the one set explicitly', async () => {
      const account = await newAccount(database.db);
      const a = await newEntitlement(database.db, { accountId: account.id, allocationType: 'cases', totalUnits: 5, isDefault: true });
      const b = await newEntitlement(database.db, { accountId: account.id, allocationType: 'cases', totalUnits: 5 });
      const c = await sim.create({ accountId: account.id, origin: 'web' }, MARCH);
      expect(c.entitlementId).toBe(a.id);
      const moved = await sim.update(c.id, { entitlementId: b.id }, MARCH);
      expect(moved.entitlementId).toBe(b.id);
      expect((await getEntitlement(database.db, a.id, MARCH)).usedTerms).toBe(0);
      expect((await getEntitlement(database.db, b.id, MARCH)).usedTerms).toBe(1);
      expect((await getUsage(database.db, a.id, MARCH)).entries[0]).toMatchObject({ trigger: 'created', returnReason: 'reassigned' });
      expect((await getUsage(database.db, b.id, MARCH)).entries[0]).toMatchObject({ trigger: 'reassigned', returnReason: null });

      const removed = await sim.update(c.id, { entitlementId: null }, MARCH);
      expect(removed).toMatchObject({ entitlementId: null, entitlementExhausted: false });
      expect((await getEntitlement(database.db, b.id, MARCH)).usedTerms).toBe(0);
    });

    it('refuses to move a case onto an entitlement that cannot take it, leaving everything as it was', async () => {
      const account = await newAccount(database.db);
      const a = await newEntitlement(database.db, { accountId: account.id, allocationType: 'cases', totalUnits: 5 });
      const full = await newEntitlement(database.db, { accountId: account.id, allocationType: 'cases', totalUnits: 1, restrictCaseCreation: true, startDate: '2025-02-01' });
      await sim.create({ accountId: account.id, origin: 'web', entitlementId: full.id }, MARCH);
      const c = await sim.create({ accountId: account.id, origin: 'web', entitlementId: a.id }, MARCH);
      expect(await refusal(sim.update(c.id, { entitlementId: full.id }, MARCH))).toMatchObject({ status: 422, code: 'ENTITLEMENT_EXHAUSTED' });
      expect((await getEntitlement(database.db, a.id, MARCH)).usedTerms).toBe(1);
    });

    it('chooses again when the case moves to another customer, giving the old customer’s term back', async () => {
      const contoso = await newAccount(database.db, 'Contoso');
      const fabrikam = await newAccount(database.db, 'Fabrikam');
      const ec = await newEntitlement(database.db, { accountId: contoso.id, allocationType: 'cases', totalUnits: 5 });
      const ef = await newEntitlement(database.db, { accountId: fabrikam.id, allocationType: 'cases', totalUnits: 5 });
      const c = await sim.create({ accountId: contoso.id, origin: 'web' }, MARCH);
      const moved = await sim.update(c.id, { accountId: fabrikam.id }, MARCH);
      expect(moved.entitlementId).toBe(ef.id);
      expect((await getEntitlement(database.db, ec.id, MARCH)).usedTerms).toBe(0);
      expect((await getEntitlement(database.db, ef.id, MARCH)).usedTerms).toBe(1);
    });
  });

  describe('which entitlement a case gets', () => {
    it('applies only within its UTC dates, end date inclusive (injected clock)', async () => {
      const account = await newAccount(database.db);
      const e = await newEntitlement(database.db, { accountId: account.id, allocationType: 'cases', totalUnits: 5, startDate: '2025-02-01', endDate: '2025-02-28' });
      expect((await sim.create({ accountId: account.id, origin: 'web' }, at('2025-01-31T23:59:59Z'))).entitlementId).toBeNull();
      expect((await sim.create({ accountId: account.id, origin: 'web' }, at('2025-02-01T00:00:00Z'))).entitlementId).toBe(e.id);
      expect((await sim.create({ accountId: account.id, origin: 'web' }, at('2025-02-28T23:59:59Z'))).entitlementId).toBe(e.id);
      expect((await sim.create({ accountId: account.id, origin: 'web' }, at('2025-03-01T00:00:00Z'))).entitlementId).toBeNull();
      expect((await getEntitlement(database.db, e.id, at('2025-03-01T00:00:00Z'))).status).toBe('expired');
    });

    it('ignores draft and cancelled entitlements', async () => {
      const account = await newAccount(database.db);
      await newEntitlement(database.db, { accountId: account.id, allocationType: 'cases', totalUnits: 5, state: 'draft' });
      await newEntitlement(database.db, { accountId: account.id, allocationType: 'cases', totalUnits: 5, state: 'cancelled' });
      expect((await sim.create({ accountId: account.id, origin: 'web' }, MARCH)).entitlementId).toBeNull();
    });

    it('prefers the customer’s default, and the contact’s own over its account’s', async () => {
      const account = await newAccount(database.db);
      const contact = await newContact(database.db, account.id);
      await newEntitlement(database.db, { accountId: account.id, allocationType: 'cases', totalUnits: 5, endDate: '2025-04-01' });
      const accountDefault = await newEntitlement(database.db, { accountId: account.id, allocationType: 'cases', totalUnits: 5, isDefault: true });
      expect((await sim.create({ accountId: account.id, origin: 'web' }, MARCH)).entitlementId).toBe(accountDefault.id);
      const own = await newEntitlement(database.db, { contactId: contact.id, allocationType: 'cases', totalUnits: 5 });
      expect((await sim.create({ contactId: contact.id, origin: 'web' }, MARCH)).entitlementId).toBe(own.id);
      expect((await sim.create({ contactId: contact.id, accountId: account.id, origin: 'web' }, MARCH)).entitlementId).toBe(own.id);
    });

    it('falls back to another entitlement with terms left when the default is used up and restricts', async () => {
      const account = await newAccount(database.db);
      const def = await newEntitlement(database.db, { accountId: account.id, allocationType: 'cases', totalUnits: 1, isDefault: true, restrictCaseCreation: true });
      const spare = await newEntitlement(database.db, { accountId: account.id, allocationType: 'cases', totalUnits: 5 });
      expect((await sim.create({ accountId: account.id, origin: 'web' }, MARCH)).entitlementId).toBe(def.id);
      expect((await sim.create({ accountId: account.id, origin: 'web' }, MARCH)).entitlementId).toBe(spare.id);
    });

    it('chooses the entitlement that fits the product', async () => {
      const account = await newAccount(database.db);
      const generic = await newEntitlement(database.db, { accountId: account.id, allocationType: 'cases', totalUnits: 5 });
      const surface = await newEntitlement(database.db, { accountId: account.id, allocationType: 'cases', totalUnits: 5, products: ['Surface Pro'] });
      const xbox = await newEntitlement(database.db, { accountId: account.id, allocationType: 'cases', totalUnits: 5, products: ['Xbox'] });
      expect((await sim.create({ accountId: account.id, origin: 'web', product: 'surface pro' }, MARCH)).entitlementId).toBe(surface.id);
      expect((await sim.create({ accountId: account.id, origin: 'web', product: 'Xbox' }, MARCH)).entitlementId).toBe(xbox.id);
      expect((await sim.create({ accountId: account.id, origin: 'web', product: 'Zune' }, MARCH)).entitlementId).toBe(generic.id);
      expect((await sim.create({ accountId: account.id, origin: 'web' }, MARCH)).entitlementId).toBe(generic.id);
    });

    it('honours an explicit entitlement and refuses one that is not active or not the customer’s', async () => {
      const account = await newAccount(database.db);
      const other = await newAccount(database.db, 'Fabrikam');
      const a = await newEntitlement(database.db, { accountId: account.id, allocationType: 'cases', totalUnits: 5, isDefault: true });
      const b = await newEntitlement(database.db, { accountId: account.id, allocationType: 'cases', totalUnits: 5 });
      const expired = await newEntitlement(database.db, { accountId: account.id, allocationType: 'cases', totalUnits: 5, endDate: '2025-02-01' });
      const foreign = await newEntitlement(database.db, { accountId: other.id, allocationType: 'cases', totalUnits: 5 });
      const phoneOnly = await newEntitlement(database.db, { accountId: account.id, allocationType: 'cases', totalUnits: 5 }, [{ channel: 'phone', totalUnits: 5 }]);
      expect((await sim.create({ accountId: account.id, origin: 'web', entitlementId: b.id }, MARCH)).entitlementId).toBe(b.id);
      expect(a.id).not.toBe(b.id);
      expect(await refusal(sim.create({ accountId: account.id, origin: 'web', entitlementId: expired.id }, MARCH))).toMatchObject({ status: 422, code: 'ENTITLEMENT_NOT_ACTIVE' });
      expect(await refusal(sim.create({ accountId: account.id, origin: 'web', entitlementId: foreign.id }, MARCH))).toMatchObject({ status: 422, code: 'ENTITLEMENT_NOT_CUSTOMERS' });
      expect(await refusal(sim.create({ accountId: account.id, origin: 'web', entitlementId: phoneOnly.id }, MARCH))).toMatchObject({
        status: 422,
        code: 'ENTITLEMENT_CHANNEL_NOT_COVERED',
      });
      expect(
        await refusal(sim.create({ accountId: account.id, origin: 'web', entitlementId: '00000000-0000-4000-8000-000000000000' }, MARCH)),
      ).toMatchObject({ status: 422, code: 'ENTITLEMENT_UNKNOWN' });
    });

    it('gives the case the entitlement’s SLA instead of the default SLA', async () => {
      const account = await newAccount(database.db);
      const premium = await newSla(database.db, 'Premium support SLA');
      const e = await newEntitlement(database.db, { accountId: account.id, allocationType: 'cases', totalUnits: 5, slaId: premium.id });
      const c = await sim.create({ accountId: account.id, origin: 'web' }, MARCH);
      expect(c.slaId).toBe(premium.id);
      expect(await entitlementSlaFor(database.db, e.id, MARCH)).toBe(premium.id);
      expect(await entitlementSlaFor(database.db, e.id, at('2026-01-01T00:00:00Z'))).toBeNull(); // expired
      const plain = await newAccount(database.db);
      expect((await sim.create({ accountId: plain.id, origin: 'web' }, MARCH)).slaId).toBeNull();
    });
  });
});
