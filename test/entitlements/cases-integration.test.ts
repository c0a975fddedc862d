import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';
import { createEntitlementListener } from '../../src/entitlements/entitlement-listener.js';
import { createSlaClockListener } from '../../src/sla/sla-clock-listener.js';
import { clock, daysFromToday, newAccount, newContact, newEntitlement, newSla } from './support.js';

/**
 * Entitlements through the cases API, with the listeners in production order (entitlements, then SLA
 * clocks). The app's clock is injected (TODAY), so dates are relative to that fixed day.
 */
describe('entitlements enforced through the cases API', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ clock, caseListeners: [createEntitlementListener(), createSlaClockListener(null)] });
  });
  afterAll(async () => {
    await t.close();
  });

  const call = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object, headers: Record<string, string> = {}) =>
    t.app.inject({ method, url, payload, headers: { ...t.auth(), ...headers } });

  async function entitlement(body: Record<string, unknown>): Promise<{ id: string; name: string }> {
    const created = await call('POST', '/v1/entitlements', { startDate: daysFromToday(-1), endDate: daysFromToday(180), ...body });
    expect(created.statusCode, created.body).toBe(201);
    const activated = await call('POST', `/v1/entitlements/${created.json().id}/activate`);
    expect(activated.json().status).toBe('active');
    return activated.json();
  }
  const usage = async (id: string) => (await call('GET', `/v1/entitlements/${id}/usage`)).json();
  const newCase = (body: Record<string, unknown>, headers?: Record<string, string>) =>
    call('POST', '/v1/cases', { title: 'Printer on fire', origin: 'web', ...body }, headers);
  async function createdCase(body: Record<string, unknown>) {
    const res = await newCase(body);
    expect(res.statusCode, res.body).toBe(201);
    return res.json();
  }
  const phoneCall = (caseId: string, minutes: number) =>
    call('POST', `/v1/cases/${caseId}/activities`, { kind: 'phone_call', direction: 'outgoing', subject: 'Call', durationMinutes: minutes, billable: true });

  it('10 support cases: each case uses one, a cancelled case gives it back, reopening uses it again', async () => {
    const account = await newAccount(t.database.db, 'Contoso');
    const e = await entitlement({ name: 'Contoso 10 cases', accountId: account.id, allocationType: 'cases', totalTerms: 10 });
    const c1 = await createdCase({ accountId: account.id });
    const c2 = await createdCase({ accountId: account.id, origin: 'email' });
    expect(c1).toMatchObject({ entitlementId: e.id, entitlementExhausted: false });
    expect(await usage(e.id)).toMatchObject({ usedTerms: 2, remainingTerms: 8 });

    expect((await call('POST', `/v1/cases/${c2.id}/cancel`, { reason: 'duplicate' })).statusCode).toBe(200);
    expect(await usage(e.id)).toMatchObject({ usedTerms: 1, remainingTerms: 9 });
    expect((await call('POST', `/v1/cases/${c2.id}/reopen`, {})).statusCode).toBe(200);
    expect(await usage(e.id)).toMatchObject({ usedTerms: 2, remainingTerms: 8 });

    expect((await call('POST', `/v1/cases/${c1.id}/resolve`, { resolution: 'Replaced the toner' })).statusCode).toBe(200);
    const u = await usage(e.id);
    expect(u.usedTerms).toBe(2);
    expect(u.entries.map((x: { caseNumber: string; trigger: string; returnReason: string | null }) => [x.caseNumber, x.trigger, x.returnReason])).toEqual([
      [c1.number, 'created', null],
      [c2.number, 'created', 'cancelled'],
      [c2.number, 'reopened', null],
    ]);
  });

  it('10 hours of phone support: three 15-minute billable calls use 0.75 h at resolution, exactly once', async () => {
    const account = await newAccount(t.database.db, 'Contoso');
    const e = await entitlement({
      name: 'Contoso phone support',
      accountId: account.id,
      allocationType: 'hours',
      totalTerms: 10,
      restrictCaseCreation: true,
      channels: [{ channel: 'phone', totalTerms: 10 }],
    });
    const c = await createdCase({ accountId: account.id, origin: 'phone' });
    expect(c.entitlementId).toBe(e.id);
    for (let i = 0; i < 3; i++) expect((await phoneCall(c.id, 15)).statusCode).toBe(201);
    expect((await usage(e.id)).usedTerms).toBe(0);

    const resolve = () => call('POST', `/v1/cases/${c.id}/resolve`, { resolution: 'Walked through the reset' }, { 'idempotency-key': `resolve-${c.id}` });
    expect((await resolve()).statusCode).toBe(200);
    const replay = await resolve(); // a client retry: replayed, not resolved again
    expect(replay.statusCode).toBe(200);
    expect((await call('POST', `/v1/cases/${c.id}/resolve`, { resolution: 'again' })).statusCode).toBe(409);
    expect(await usage(e.id)).toMatchObject({
      usedTerms: 0.75,
      remainingTerms: 9.25,
      usedMinutes: 45,
      channels: [{ channel: 'phone', usedTerms: 0.75, remainingTerms: 9.25 }],
      entries: [{ caseNumber: c.number, kind: 'hours', channel: 'phone', amount: 0.75, minutes: 45, trigger: 'resolved', returnedAt: null }],
    });

    // Reopened: the hours come back; more work; the next resolution uses the new total.
    expect((await call('POST', `/v1/cases/${c.id}/reopen`, { reason: 'still broken' })).statusCode).toBe(200);
    expect((await usage(e.id)).usedTerms).toBe(0);
    await phoneCall(c.id, 30);
    await call('POST', `/v1/cases/${c.id}/resolve`, { resolution: 'Replaced the unit' });
    expect(await usage(e.id)).toMatchObject({ usedTerms: 1.25, remainingTerms: 8.75 });
    // An email case is not covered by phone support.
    expect((await createdCase({ accountId: account.id, origin: 'email' })).entitlementId).toBeNull();
  });

  it('refuses a case with 422 ENTITLEMENT_EXHAUSTED naming the entitlement when it restricts creation', async () => {
    const account = await newAccount(t.database.db, 'Restricted Ltd');
    const e = await entitlement({ name: 'Two cases only', accountId: account.id, allocationType: 'cases', totalTerms: 2, restrictCaseCreation: true });
    await createdCase({ accountId: account.id });
    await createdCase({ accountId: account.id });
    const refused = await newCase({ accountId: account.id });
    expect(refused.statusCode).toBe(422);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    const body = refused.json();
    expect(body).toMatchObject({ code: 'ENTITLEMENT_EXHAUSTED', entitlementId: e.id, entitlementName: 'Two cases only' });
    expect(body.detail).toContain('"Two cases only"');
    expect(body.detail).toContain(e.id);
    const list = (await call('GET', `/v1/cases?accountId=${account.id}`)).json();
    expect(list.items).toHaveLength(2); // nothing of the refused case was written
  });

  it('names the channel when the channel’s terms are used up, and still takes cases from other channels', async () => {
    const account = await newAccount(t.database.db, 'Multichannel Co');
    const e = await entitlement({
      name: '100 hours over several channels',
      accountId: account.id,
      allocationType: 'cases',
      totalTerms: 100,
      restrictCaseCreation: true,
      channels: [
        { channel: 'phone', totalTerms: 1 },
        { channel: 'email', totalTerms: 60 },
      ],
    });
    await createdCase({ accountId: account.id, origin: 'phone' });
    const refused = await newCase({ accountId: account.id, origin: 'phone' });
    expect(refused.json()).toMatchObject({ status: 422, code: 'ENTITLEMENT_EXHAUSTED', channel: 'phone', entitlementId: e.id });
    expect(refused.json().detail).toContain('phone');
    expect((await createdCase({ accountId: account.id, origin: 'email' })).entitlementId).toBe(e.id);
  });

  it('creates the case flagged entitlementExhausted when the entitlement does not restrict', async () => {
    const account = await newAccount(t.database.db, 'Lenient Inc');
    const e = await entitlement({ name: 'One case', accountId: account.id, allocationType: 'cases', totalTerms: 1 });
    await createdCase({ accountId: account.id });
    const over = await createdCase({ accountId: account.id });
    expect(over).toMatchObject({ entitlementId: e.id, entitlementExhausted: true });
    expect(await usage(e.id)).toMatchObject({ usedTerms: 2, remainingTerms: 0, overageTerms: 1 });
    const timeline = (await call('GET', `/v1/cases/${over.id}/timeline`)).json();
    expect(JSON.stringify(timeline)).toContain('entitlement.applied');
  });

  it('lets exactly one of five concurrent case creations take the last remaining term', async () => {
    const account = await newAccount(t.database.db, 'Race Corp');
    const e = await entitlement({ name: 'Last one', accountId: account.id, allocationType: 'cases', totalTerms: 1, restrictCaseCreation: true });
    const answers = await Promise.all(Array.from({ length: 5 }, (_, i) => newCase({ accountId: account.id, title: `race ${i}` })));
    expect(answers.map((a) => a.statusCode).sort()).toEqual([201, 422, 422, 422, 422]);
    for (const a of answers.filter((x) => x.statusCode === 422)) expect(a.json().code).toBe('ENTITLEMENT_EXHAUSTED');
    expect(await usage(e.id)).toMatchObject({ usedTerms: 1, remainingTerms: 0, overageTerms: 0 });
  });

  it('refuses an explicit entitlement that is not active or not the customer’s with 422', async () => {
    const account = await newAccount(t.database.db, 'Explicit plc');
    const other = await newAccount(t.database.db, 'Someone else');
    const draft = (await call('POST', '/v1/entitlements', { name: 'Draft', accountId: account.id, startDate: daysFromToday(0), endDate: daysFromToday(30), allocationType: 'cases', totalTerms: 5 })).json();
    const foreign = await entitlement({ name: 'Foreign', accountId: other.id, allocationType: 'cases', totalTerms: 5 });
    const mine = await entitlement({ name: 'Mine', accountId: account.id, allocationType: 'cases', totalTerms: 5 });
    expect((await newCase({ accountId: account.id, entitlementId: draft.id })).json()).toMatchObject({ status: 422, code: 'ENTITLEMENT_NOT_ACTIVE', field: 'body.entitlementId', entitlementStatus: 'draft' });
    expect((await newCase({ accountId: account.id, entitlementId: foreign.id })).json()).toMatchObject({ status: 422, code: 'ENTITLEMENT_NOT_CUSTOMERS' });
    expect((await newCase({ accountId: account.id, entitlementId: '00000000-0000-4000-8000-000000000000' })).json()).toMatchObject({ status: 422, code: 'ENTITLEMENT_UNKNOWN' });
    expect((await createdCase({ accountId: account.id, entitlementId: mine.id })).entitlementId).toBe(mine.id);
  });

  it('applies an entitlement only from its start date through its end date (UTC, inclusive)', async () => {
    const account = await newAccount(t.database.db, 'Dates GmbH');
    await newEntitlement(t.database.db, { accountId: account.id, allocationType: 'cases', totalUnits: 5, startDate: daysFromToday(-30), endDate: daysFromToday(-1) });
    await newEntitlement(t.database.db, { accountId: account.id, allocationType: 'cases', totalUnits: 5, startDate: daysFromToday(1), endDate: daysFromToday(30) });
    expect((await createdCase({ accountId: account.id })).entitlementId).toBeNull();
    const lastDay = await newEntitlement(t.database.db, { accountId: account.id, allocationType: 'cases', totalUnits: 5, startDate: daysFromToday(-30), endDate: daysFromToday(0) });
    expect((await createdCase({ accountId: account.id })).entitlementId).toBe(lastDay.id);
    expect((await call('GET', `/v1/entitlements?accountId=${account.id}&status=expired`)).json().items).toHaveLength(1);
    expect((await call('GET', `/v1/entitlements?accountId=${account.id}&status=waiting`)).json().items).toHaveLength(1);
  });

  it('gives the case the entitlement’s SLA instead of the default SLA (spec §2.3)', async () => {
    const defaultSla = await newSla(t.database.db, 'Standard SLA', true);
    const premium = await newSla(t.database.db, 'Premium SLA');
    const account = await newAccount(t.database.db, 'Premium AG');
    const contact = await newContact(t.database.db, account.id, 'Robin');
    const e = await entitlement({ name: 'Premium support', contactId: contact.id, allocationType: 'cases', totalTerms: 10, slaId: premium.id });
    const covered = await createdCase({ contactId: contact.id });
    expect(covered).toMatchObject({ entitlementId: e.id, accountId: account.id, slaId: premium.id });
    const plain = await createdCase({ accountId: (await newAccount(t.database.db, 'Plain')).id });
    expect(plain).toMatchObject({ entitlementId: null, slaId: defaultSla.id });
  });

  it('moves the case’s term when an agent changes the case’s entitlement', async () => {
    const account = await newAccount(t.database.db, 'Movers');
    const a = await entitlement({ name: 'A', accountId: account.id, allocationType: 'cases', totalTerms: 5, isDefault: true });
    const b = await entitlement({ name: 'B', accountId: account.id, allocationType: 'cases', totalTerms: 5 });
    const c = await createdCase({ accountId: account.id });
    expect(c.entitlementId).toBe(a.id);
    const moved = await call('PATCH', `/v1/cases/${c.id}`, { entitlementId: b.id }, { 'if-match': `W/"${c.version}"` });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json().entitlementId).toBe(b.id);
    expect((await usage(a.id)).usedTerms).toBe(0);
    expect((await usage(b.id)).usedTerms).toBe(1);
  });
});
