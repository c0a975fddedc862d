import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';
import { caseSimulator, clock, daysFromToday, TODAY, newAccount, newContact, newSla } from './support.js';

describe('entitlements admin API', () => {
  let t: TestApp;
  let accountId: string;
  let contactId: string;
  beforeAll(async () => {
    t = await createTestApp({ clock });
    accountId = (await newAccount(t.database.db, 'Contoso')).id;
    contactId = (await newContact(t.database.db, accountId, 'Pat')).id;
  });
  afterAll(async () => {
    await t.close();
  });

  const post = (url: string, payload?: object, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'POST', url, payload: payload ?? {}, headers: { ...t.auth(), ...headers } });
  const get = (url: string) => t.app.inject({ method: 'GET', url, headers: t.auth() });
  const patch = (url: string, payload: object, headers: Record<string, string> = {}) => t.app.inject({ method: 'PATCH', url, payload, headers: { ...t.auth(), ...headers } });

  const phoneHours = () => ({
    name: 'Contoso phone support',
    accountId,
    startDate: daysFromToday(-1),
    endDate: daysFromToday(180),
    allocationType: 'hours',
    totalTerms: 10,
    restrictCaseCreation: true,
    channels: [{ channel: 'phone', totalTerms: 10 }],
  });

  async function created(body: object) {
    const res = await post('/v1/entitlements', body);
    expect(res.statusCode, res.body).toBe(201);
    return res;
  }

  it('creates a draft with its channels, ETag and Location, and reads it back', async () => {
    const res = await created(phoneHours());
    const e = res.json();
    expect(res.headers.location).toBe(`/v1/entitlements/${e.id}`);
    expect(res.headers.etag).toBe('W/"1"');
    expect(e).toMatchObject({
      status: 'draft',
      allocationType: 'hours',
      decreaseOn: 'resolve',
      totalTerms: 10,
      usedTerms: 0,
      remainingTerms: 10,
      overageTerms: 0,
      totalMinutes: 600,
      restrictCaseCreation: true,
      products: [],
      slaId: null,
      isDefault: false,
      channels: [{ channel: 'phone', totalTerms: 10, usedTerms: 0, remainingTerms: 10, overageTerms: 0, totalMinutes: 600, usedMinutes: 0, remainingMinutes: 600, overageMinutes: 0 }],
    });
    const read = await get(`/v1/entitlements/${e.id}`);
    expect(read.statusCode).toBe(200);
    expect(read.headers.etag).toBe('W/"1"');
    expect(read.json()).toEqual(e);
  });

  it('derives the status from the dates once activated: waiting, active, expired (UTC, end date inclusive)', async () => {
    const waiting = (await created({ ...phoneHours(), startDate: daysFromToday(1), endDate: daysFromToday(10) })).json();
    const activeToday = (await created({ ...phoneHours(), startDate: daysFromToday(-10), endDate: daysFromToday(0) })).json();
    for (const e of [waiting, activeToday]) expect((await post(`/v1/entitlements/${e.id}/activate`)).statusCode).toBe(200);
    expect((await get(`/v1/entitlements/${waiting.id}`)).json().status).toBe('waiting');
    expect((await get(`/v1/entitlements/${activeToday.id}`)).json().status).toBe('active');
    // An already ended entitlement cannot be activated; it becomes active again when its end date is extended.
    const ended = (await created({ ...phoneHours(), startDate: daysFromToday(-30), endDate: daysFromToday(-1) })).json();
    const refused = await post(`/v1/entitlements/${ended.id}/activate`);
    expect(refused.statusCode).toBe(422);
    expect(refused.json().code).toBe('ENTITLEMENT_ENDED');
  });

  it('activates and cancels, both idempotent; a cancelled entitlement cannot be changed', async () => {
    const e = (await created(phoneHours())).json();
    const a1 = await post(`/v1/entitlements/${e.id}/activate`);
    expect(a1.json()).toMatchObject({ status: 'active', version: 2 });
    expect(a1.headers.etag).toBe('W/"2"');
    expect((await post(`/v1/entitlements/${e.id}/activate`)).json().version).toBe(2);
    const c1 = await post(`/v1/entitlements/${e.id}/cancel`);
    expect(c1.json()).toMatchObject({ status: 'cancelled', version: 3 });
    expect((await post(`/v1/entitlements/${e.id}/cancel`)).json().version).toBe(3);
    const again = await post(`/v1/entitlements/${e.id}/activate`);
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('ENTITLEMENT_CANCELLED');
    const change = await patch(`/v1/entitlements/${e.id}`, { name: 'x' }, { 'if-match': '*' });
    expect(change.statusCode).toBe(409);
  });

  it('updates with If-Match: 428 without it, 412 when stale, 200 with the new ETag', async () => {
    const e = (await created(phoneHours())).json();
    const missing = await patch(`/v1/entitlements/${e.id}`, { totalTerms: 12 });
    expect(missing.statusCode).toBe(428);
    expect(missing.json().code).toBe('PRECONDITION_REQUIRED');
    const stale = await patch(`/v1/entitlements/${e.id}`, { totalTerms: 12 }, { 'if-match': 'W/"7"' });
    expect(stale.statusCode).toBe(412);
    const ok = await patch(`/v1/entitlements/${e.id}`, { totalTerms: 12, products: ['Surface', ' surface ', 'Xbox'] }, { 'if-match': 'W/"1"' });
    expect(ok.statusCode).toBe(200);
    expect(ok.headers.etag).toBe('W/"2"');
    expect(ok.json()).toMatchObject({ totalTerms: 12, products: ['Surface', 'Xbox'] });
  });

  it('keeps the customer, allocation type and decrease rule fixed once activated', async () => {
    const e = (await created(phoneHours())).json();
    await post(`/v1/entitlements/${e.id}/activate`);
    const res = await patch(`/v1/entitlements/${e.id}`, { allocationType: 'cases', totalTerms: 5 }, { 'if-match': '*' });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'ENTITLEMENT_NOT_DRAFT', field: 'body.allocationType' });
  });

  it('refuses a total below what is already used', async () => {
    const sim = caseSimulator(t.database.db);
    const e = (await created({ ...phoneHours(), allocationType: 'cases', totalTerms: 5, channels: [], restrictCaseCreation: false })).json();
    await post(`/v1/entitlements/${e.id}/activate`);
    await sim.create({ accountId, origin: 'web', entitlementId: e.id }, TODAY);
    await sim.create({ accountId, origin: 'web', entitlementId: e.id }, TODAY);
    const res = await patch(`/v1/entitlements/${e.id}`, { totalTerms: 1 }, { 'if-match': '*' });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code: 'ENTITLEMENT_TERMS_BELOW_USED', field: 'body.totalTerms' });
    expect((await patch(`/v1/entitlements/${e.id}`, {}, { 'if-match': '*' })).statusCode).toBe(400); // nothing to change
  });

  it('answers client mistakes with 400 naming the field, never 500', async () => {
    const cases: Array<[object, string]> = [
      [{ ...phoneHours(), totalTerms: 'ten' }, 'body.totalTerms'],
      [{ ...phoneHours(), totalTerms: 0.001 }, 'body.totalTerms'],
      [{ ...phoneHours(), allocationType: 'cases', totalTerms: 2.5, channels: [] }, 'body.totalTerms'],
      [{ ...phoneHours(), allocationType: 'minutes' }, 'body.allocationType'],
      [{ ...phoneHours(), startDate: '2025-02-30' }, 'body.startDate'],
      [{ ...phoneHours(), startDate: '2025-03-01', endDate: '2025-02-01' }, 'body.endDate'],
      [{ ...phoneHours(), accountId: undefined }, 'body.accountId'],
      [{ ...phoneHours(), contactId }, 'body.accountId'],
      [{ ...phoneHours(), decreaseOn: 'create' }, 'body.decreaseOn'],
      [{ ...phoneHours(), channels: [{ channel: 'fax', totalTerms: 1 }] }, 'body.channels.0.channel'],
      [{ ...phoneHours(), channels: [{ channel: 'phone', totalTerms: 1 }, { channel: 'phone', totalTerms: 2 }] }, 'body.channels[1].channel'],
      [{ ...phoneHours(), colour: 'blue' }, 'body.colour'],
    ];
    for (const [body, field] of cases) {
      const res = await post('/v1/entitlements', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json().code).toBe('VALIDATION_FAILED');
      expect(res.json().detail, JSON.stringify(body)).toContain(field);
    }
  });

  it('answers unknown references with 422 and unknown entitlements with 404', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect((await post('/v1/entitlements', { ...phoneHours(), accountId: unknown })).json()).toMatchObject({ status: 422, code: 'ACCOUNT_NOT_FOUND' });
    expect((await post('/v1/entitlements', { ...phoneHours(), slaId: unknown })).json()).toMatchObject({ status: 422, code: 'SLA_NOT_FOUND' });
    expect((await post('/v1/entitlements', { ...phoneHours(), channels: [{ channel: 'phone', totalTerms: 11 }] })).json()).toMatchObject({
      status: 422,
      code: 'CHANNEL_TERMS_EXCEED_TOTAL',
    });
    expect((await get(`/v1/entitlements/${unknown}`)).json()).toMatchObject({ status: 404, code: 'ENTITLEMENT_NOT_FOUND' });
    expect((await get('/v1/entitlements/not-a-uuid')).json()).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
  });

  it('needs the admin role to change entitlements; agents may read them', async () => {
    const agent = await t.keyFor('agent');
    const res = await t.app.inject({ method: 'POST', url: '/v1/entitlements', payload: phoneHours(), headers: t.auth(agent) });
    expect(res.statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: '/v1/entitlements', headers: t.auth(agent) })).statusCode).toBe(200);
  });

  it('keeps one active default per customer: a draft marked default takes over when activated', async () => {
    const account = (await newAccount(t.database.db, 'Defaults Inc')).id;
    const first = (await created({ ...phoneHours(), accountId: account, isDefault: true })).json();
    await post(`/v1/entitlements/${first.id}/activate`);
    const renewal = (await created({ ...phoneHours(), accountId: account, isDefault: true })).json();
    expect((await get(`/v1/entitlements/${first.id}`)).json().isDefault).toBe(true); // the renewal is only a draft
    await post(`/v1/entitlements/${renewal.id}/activate`);
    expect((await get(`/v1/entitlements/${first.id}`)).json().isDefault).toBe(false);
    expect((await get(`/v1/entitlements/${renewal.id}`)).json().isDefault).toBe(true);
    const back = await patch(`/v1/entitlements/${first.id}`, { isDefault: true }, { 'if-match': '*' });
    expect(back.json().isDefault).toBe(true);
    expect((await get(`/v1/entitlements/${renewal.id}`)).json().isDefault).toBe(false);
  });

  it('lists by customer and by derived status, page by page', async () => {
    const account = (await newAccount(t.database.db, 'Listing Ltd')).id;
    const contact = (await newContact(t.database.db, account, 'Lee')).id;
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await created({ ...phoneHours(), name: `A${i}`, accountId: account })).json().id);
    const own = (await created({ ...phoneHours(), name: 'own', accountId: undefined, contactId: contact })).json().id;
    await post(`/v1/entitlements/${ids[0]}/activate`);
    await post(`/v1/entitlements/${ids[1]}/cancel`);

    const byAccount = await get(`/v1/entitlements?accountId=${account}&limit=2`);
    expect(byAccount.json().items.map((e: { id: string }) => e.id)).toEqual(ids.slice(0, 2));
    const next = await get(`/v1/entitlements?accountId=${account}&limit=2&cursor=${byAccount.json().nextCursor}`);
    expect(next.json()).toMatchObject({ items: [{ id: ids[2] }], nextCursor: null });
    const bad = await get(`/v1/entitlements?accountId=${contact}&limit=2&cursor=${byAccount.json().nextCursor}`);
    expect(bad.statusCode).toBe(400);

    const forContact = await get(`/v1/entitlements?customerId=${contact}`);
    expect(forContact.json().items.map((e: { id: string }) => e.id).sort()).toEqual([...ids, own].sort());
    expect((await get(`/v1/entitlements?accountId=${account}&status=active`)).json().items.map((e: { id: string }) => e.id)).toEqual([ids[0]]);
    expect((await get(`/v1/entitlements?accountId=${account}&status=cancelled`)).json().items.map((e: { id: string }) => e.id)).toEqual([ids[1]]);
    expect((await get(`/v1/entitlements?accountId=${account}&status=draft`)).json().items.map((e: { id: string }) => e.id)).toEqual([ids[2]]);
    expect((await get('/v1/entitlements?status=finished')).statusCode).toBe(400);
  });

  it('manages channel terms: add, read, change, remove, with conflicts and limits', async () => {
    const e = (await created({ ...phoneHours(), totalTerms: 100, channels: [] })).json();
    const added = await post(`/v1/entitlements/${e.id}/channels`, { channel: 'email', totalTerms: 40 });
    expect(added.statusCode).toBe(201);
    expect(added.headers.location).toBe(`/v1/entitlements/${e.id}/channels/email`);
    expect(added.json()).toMatchObject({ channel: 'email', totalTerms: 40, remainingTerms: 40 });
    expect((await post(`/v1/entitlements/${e.id}/channels`, { channel: 'email', totalTerms: 10 })).json()).toMatchObject({ status: 409, code: 'ENTITLEMENT_CHANNEL_EXISTS' });
    expect((await post(`/v1/entitlements/${e.id}/channels`, { channel: 'phone', totalTerms: 101 })).json()).toMatchObject({ status: 422, code: 'CHANNEL_TERMS_EXCEED_TOTAL' });
    await post(`/v1/entitlements/${e.id}/channels`, { channel: 'phone', totalTerms: 60 });

    const put = await t.app.inject({ method: 'PUT', url: `/v1/entitlements/${e.id}/channels/email`, payload: { totalTerms: 50.5 }, headers: t.auth() });
    expect(put.json()).toMatchObject({ channel: 'email', totalTerms: 50.5, totalMinutes: 3030 });
    expect((await get(`/v1/entitlements/${e.id}/channels`)).json().items.map((c: { channel: string }) => c.channel)).toEqual(['email', 'phone']);
    expect((await get(`/v1/entitlements/${e.id}/channels/phone`)).json().totalTerms).toBe(60);
    expect((await get(`/v1/entitlements/${e.id}/channels/web`)).json()).toMatchObject({ status: 404, code: 'ENTITLEMENT_CHANNEL_NOT_FOUND' });

    const del = await t.app.inject({ method: 'DELETE', url: `/v1/entitlements/${e.id}/channels/phone`, headers: t.auth() });
    expect(del.statusCode).toBe(204);
    const after = (await get(`/v1/entitlements/${e.id}`)).json();
    expect(after.channels.map((c: { channel: string }) => c.channel)).toEqual(['email']);
    expect(after.version).toBe(5); // every channel change is a change of the entitlement (ETag)
    expect((await t.app.inject({ method: 'DELETE', url: `/v1/entitlements/${e.id}/channels/phone`, headers: t.auth() })).statusCode).toBe(404);
    // The total cannot drop below a channel's terms.
    expect((await patch(`/v1/entitlements/${e.id}`, { totalTerms: 50 }, { 'if-match': '*' })).json()).toMatchObject({ status: 422, code: 'CHANNEL_TERMS_EXCEED_TOTAL' });
  });

  it('reports usage in total and per channel with the ledger entries', async () => {
    const sim = caseSimulator(t.database.db);
    const account = (await newAccount(t.database.db, 'Usage Co')).id;
    const e = (await created({ ...phoneHours(), accountId: account })).json();
    await post(`/v1/entitlements/${e.id}/activate`);
    const c = await sim.create({ accountId: account, origin: 'phone' }, TODAY);
    for (let i = 0; i < 3; i++) await sim.logActivity(c.id, 15);
    await sim.resolve(c.id, TODAY);
    const usage = (await get(`/v1/entitlements/${e.id}/usage`)).json();
    expect(usage).toMatchObject({
      entitlementId: e.id,
      status: 'active',
      allocationType: 'hours',
      totalTerms: 10,
      usedTerms: 0.75,
      remainingTerms: 9.25,
      usedMinutes: 45,
      channels: [{ channel: 'phone', usedTerms: 0.75, remainingTerms: 9.25 }],
      entries: [{ caseId: c.id, caseNumber: c.number, kind: 'hours', channel: 'phone', amount: 0.75, minutes: 45, trigger: 'resolved', returnedAt: null }],
    });
  });

  it('accepts an SLA for the entitlement’s cases', async () => {
    const sla = await newSla(t.database.db, 'Gold SLA');
    const e = (await created({ ...phoneHours(), slaId: sla.id })).json();
    expect(e.slaId).toBe(sla.id);
    const cleared = await patch(`/v1/entitlements/${e.id}`, { slaId: null }, { 'if-match': 'W/"1"' });
    expect(cleared.json().slaId).toBeNull();
  });

  it('publishes the routes in the OpenAPI document', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/docs/json' })).json();
    for (const path of ['/v1/entitlements', '/v1/entitlements/{id}', '/v1/entitlements/{id}/usage', '/v1/entitlements/{id}/channels/{channel}']) {
      expect(Object.keys(doc.paths)).toContain(path);
    }
  });
});
