import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';
import { eq } from 'drizzle-orm';
import { cases } from '../../db/schema/index.js';
import { evaluateCondition, validateCondition } from '../../src/sla/conditions.js';
import { caseFacts } from '../../src/sla/sla-clock-listener.js';
import { caseListeners } from '../../src/main/case-listeners.js';
import { client, newAccount, newCase, type Client } from '../cases/api-helpers.js';

const clock = (() => {
  let t = Date.parse('2027-03-10T10:00:00Z');
  return () => new Date((t += 1000));
})();

describe('product catalogue API', () => {
  let t: TestApp;
  let api: Client;
  let agent: Client;
  beforeAll(async () => {
    t = await createTestApp({ clock });
    api = client(t);
    agent = client(t, await t.keyFor('agent'));
  });
  afterAll(async () => {
    await t.close();
  });

  it('creates products with numbers, ETag and Location, and families by parent', async () => {
    const family = await api.post('/v1/products', { name: 'Surface' });
    expect(family.statusCode, family.body).toBe(201);
    expect(family.json()).toMatchObject({ name: 'Surface', parentId: null, active: true, version: 1 });
    expect(family.json().number).toMatch(/^PRD-\d{6}$/);
    expect(family.headers.location).toBe(`/v1/products/${family.json().id}`);
    expect(family.headers.etag).toBe('W/"1"');
    const pro = await api.post('/v1/products', { name: 'Surface Pro 9', parentId: family.json().id, number: 'SP-9' });
    expect(pro.statusCode, pro.body).toBe(201);
    expect(pro.json()).toMatchObject({ number: 'SP-9', parentId: family.json().id });
    const children = await api.get(`/v1/products?parentId=${family.json().id}`);
    expect(children.json().items.map((p: { name: string }) => p.name)).toEqual(['Surface Pro 9']);
  });

  it('refuses a second product of the same name without regard to case, and an unknown parent', async () => {
    await api.post('/v1/products', { name: 'Xbox' });
    const dup = await api.post('/v1/products', { name: ' xBOX ' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().code).toBe('PRODUCT_NAME_TAKEN');
    const orphan = await api.post('/v1/products', { name: 'Orphan', parentId: '00000000-0000-4000-8000-000000000000' });
    expect(orphan.statusCode).toBe(422);
    expect(orphan.json()).toMatchObject({ code: 'PRODUCT_NOT_FOUND', field: 'body.parentId' });
  });

  it('lets agents read but only managers and admins write', async () => {
    expect((await agent.get('/v1/products')).statusCode).toBe(200);
    const res = await agent.post('/v1/products', { name: 'Not mine' });
    expect(res.statusCode).toBe(403);
    const manager = client(t, await t.keyFor('manager'));
    expect((await manager.post('/v1/products', { name: 'Managed' })).statusCode).toBe(201);
  });

  it('patches with If-Match: 428 without, 412 when stale, and never makes a family contain itself', async () => {
    const parent = (await api.post('/v1/products', { name: 'Printers' })).json();
    const child = (await api.post('/v1/products', { name: 'LaserJet', parentId: parent.id })).json();
    expect((await api.patch(`/v1/products/${parent.id}`, { active: false })).statusCode).toBe(428);
    const cycle = await api.patch(`/v1/products/${parent.id}`, { parentId: child.id }, { 'if-match': 'W/"1"' });
    expect(cycle.statusCode).toBe(422);
    expect(cycle.json().code).toBe('PRODUCT_PARENT_CYCLE');
    const ok = await api.patch(`/v1/products/${parent.id}`, { name: 'Printers & Scanners' }, { 'if-match': 'W/"1"' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ name: 'Printers & Scanners', version: 2 });
    const stale = await api.patch(`/v1/products/${parent.id}`, { active: false }, { 'if-match': 'W/"1"' });
    expect(stale.statusCode).toBe(412);
  });

  it('filters by active flag and by part of the name', async () => {
    const gone = (await api.post('/v1/products', { name: 'Zune', active: false })).json();
    const inactive = (await api.get('/v1/products?active=false&limit=100')).json().items.map((p: { id: string }) => p.id);
    expect(inactive).toContain(gone.id);
    const byName = (await api.get('/v1/products?name=zun')).json().items.map((p: { name: string }) => p.name);
    expect(byName).toEqual(['Zune']);
  });
});

describe('cases refer to products by id', () => {
  let t: TestApp;
  let api: Client;
  beforeAll(async () => {
    t = await createTestApp({ clock, caseListeners: caseListeners(null) });
    api = client(t);
  });
  afterAll(async () => {
    await t.close();
  });

  it('takes productId and shows the product’s name as before', async () => {
    const product = (await api.post('/v1/products', { name: 'HoloLens' })).json();
    const c = await newCase(api, { productId: product.id });
    expect(c).toMatchObject({ productId: product.id, product: 'HoloLens' });
  });

  it('SLA conditions read the product by name and by id', async () => {
    const product = (await api.post('/v1/products', { name: 'Surface Hub' })).json();
    const c = await newCase(api, { productId: product.id });
    const [row] = await t.database.db.select().from(cases).where(eq(cases.id, c.id));
    expect(evaluateCondition({ field: 'product', op: 'equals', value: 'Surface Hub' }, caseFacts(row))).toBe(true);
    expect(evaluateCondition({ field: 'productId', op: 'equals', value: product.id }, caseFacts(row))).toBe(true);
    expect(evaluateCondition({ field: 'product', op: 'equals', value: 'Xbox' }, caseFacts(row))).toBe(false);
    expect(validateCondition({ field: 'productId', op: 'in', value: [product.id] })).toEqual([]);
  });

  it('answers an unknown productId with 422 PRODUCT_NOT_FOUND naming the field, and an inactive one with PRODUCT_INACTIVE', async () => {
    const account = await newAccount(api);
    const unknown = await api.post('/v1/cases', { title: 'x', origin: 'web', accountId: account.id, productId: '00000000-0000-4000-8000-000000000001' });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json()).toMatchObject({ code: 'PRODUCT_NOT_FOUND', field: 'body.productId' });
    const retired = (await api.post('/v1/products', { name: 'Kin', active: false })).json();
    const inactive = await api.post('/v1/cases', { title: 'x', origin: 'web', accountId: account.id, productId: retired.id });
    expect(inactive.statusCode).toBe(422);
    expect(inactive.json().code).toBe('PRODUCT_INACTIVE');
  });

  it('still takes a product name: an existing one links the product, a new one joins the catalogue', async () => {
    const band = (await api.post('/v1/products', { name: 'Band' })).json();
    expect(await newCase(api, { product: ' band ' })).toMatchObject({ productId: band.id, product: 'Band' });
    const fresh = await newCase(api, { product: 'Kinect' });
    const listed = (await api.get('/v1/products?name=Kinect')).json().items;
    expect(listed).toHaveLength(1);
    expect(fresh.productId).toBe(listed[0].id);
  });

  it('moves a case to another product with PATCH, and a product rename reaches its cases', async () => {
    const a = (await api.post('/v1/products', { name: 'Lumia' })).json();
    const c = await newCase(api, { productId: a.id });
    const b = (await api.post('/v1/products', { name: 'Surface Duo' })).json();
    const moved = await api.patch(`/v1/cases/${c.id}`, { productId: b.id }, { 'if-match': 'W/"1"' });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json()).toMatchObject({ productId: b.id, product: 'Surface Duo' });
    await api.patch(`/v1/products/${b.id}`, { name: 'Surface Duo 2' }, { 'if-match': 'W/"1"' });
    expect((await api.get(`/v1/cases/${c.id}`)).json().product).toBe('Surface Duo 2');
    const mismatch = await api.patch(`/v1/cases/${c.id}`, { productId: a.id, product: 'Something else' }, { 'if-match': '*' });
    expect(mismatch.statusCode).toBe(400);
    expect(mismatch.json().code).toBe('PRODUCT_MISMATCH');
  });

  it('entitlements cover products by id and still accept names', async () => {
    const account = await newAccount(api);
    const p = (await api.post('/v1/products', { name: 'Xbox Series X' })).json();
    const base = { accountId: account.id, startDate: '2027-01-01', endDate: '2027-12-31', allocationType: 'cases', totalTerms: 5 };
    const byId = await api.post('/v1/entitlements', { ...base, name: 'by id', productIds: [p.id] });
    expect(byId.statusCode, byId.body).toBe(201);
    expect(byId.json()).toMatchObject({ productIds: [p.id], products: ['Xbox Series X'] });
    const byName = await api.post('/v1/entitlements', { ...base, name: 'by name', products: ['xbox series x'] });
    expect(byName.json()).toMatchObject({ productIds: [p.id], products: ['Xbox Series X'] });
    const unknown = await api.post('/v1/entitlements', { ...base, name: 'unknown', productIds: ['00000000-0000-4000-8000-000000000002'] });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json()).toMatchObject({ code: 'PRODUCT_NOT_FOUND', field: 'body.productIds[0]' });
  });

  it('an entitlement for a product covers that product’s cases, not others', async () => {
    const account = await newAccount(api);
    const covered = (await api.post('/v1/products', { name: 'Covered thing' })).json();
    const other = (await api.post('/v1/products', { name: 'Other thing' })).json();
    const e = (
      await api.post('/v1/entitlements', {
        accountId: account.id,
        name: 'only covered',
        startDate: '2027-01-01',
        endDate: '2027-12-31',
        allocationType: 'cases',
        totalTerms: 5,
        productIds: [covered.id],
      })
    ).json();
    await api.post(`/v1/entitlements/${e.id}/activate`);
    expect((await newCase(api, { accountId: account.id, productId: covered.id })).entitlementId).toBe(e.id);
    expect((await newCase(api, { accountId: account.id, productId: other.id })).entitlementId).toBeNull();
    const refused = await api.post('/v1/cases', { title: 'x', origin: 'web', accountId: account.id, productId: other.id, entitlementId: e.id });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().code).toBe('ENTITLEMENT_PRODUCT_NOT_COVERED');
  });
});
