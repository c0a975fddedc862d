/**
 * Routes read "now" from the app's injected clock (`app.now()`), never from the system clock: the
 * clock here is years away from today, so an answer computed from `new Date()` shows.
 */
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cases, slaItems, slaKpiInstances, slas } from '../../db/schema/index.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { newAccount } from '../entitlements/support.js';

const NOW = new Date('2031-03-05T10:00:00.000Z');

describe('routes use the injected clock', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ clock: () => NOW });
  });
  afterAll(async () => {
    await t?.close();
  });

  const call = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: object, headers: Record<string, string> = {}) =>
    t.app.inject({ method, url, payload, headers: { ...t.auth(), ...headers } });

  it('SLA definitions record their creation and replacement at the injected now', async () => {
    const body = { name: 'Clocked', items: [{ name: 'r', kpi: 'resolve', failure: { hours: 8 } }] };
    const created = await call('POST', '/v1/slas', body);
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ createdAt: NOW.toISOString(), updatedAt: NOW.toISOString() });
    const replaced = await call('PUT', `/v1/slas/${created.json().id}`, { ...body, name: 'Clocked again' }, { 'if-match': created.headers.etag as string });
    expect(replaced.statusCode, replaced.body).toBe(200);
    expect(replaced.json().updatedAt).toBe(NOW.toISOString());
    expect((await call('DELETE', `/v1/slas/${created.json().id}`)).statusCode).toBe(204);
    const [row] = await t.database.db.select({ deletedAt: slas.deletedAt }).from(slas).where(eq(slas.id, created.json().id));
    expect(row.deletedAt).toEqual(NOW);
  });

  it('entitlement status and usage follow the injected date (active in March 2031)', async () => {
    const account = await newAccount(t.database.db, 'Clocked Ltd');
    const created = await call('POST', '/v1/entitlements', {
      name: 'March 2031',
      accountId: account.id,
      startDate: '2031-03-01',
      endDate: '2031-03-31',
      allocationType: 'cases',
      totalTerms: 5,
    });
    expect(created.statusCode, created.body).toBe(201);
    const activated = await call('POST', `/v1/entitlements/${created.json().id}/activate`);
    expect(activated.statusCode, activated.body).toBe(200);
    expect(activated.json().status).toBe('active');
    expect((await call('GET', `/v1/entitlements/${created.json().id}`)).json().status).toBe('active');
    const list = (await call('GET', `/v1/entitlements?accountId=${account.id}`)).json();
    expect(list.items.map((e: { status: string }) => e.status)).toEqual(['active']);
    expect((await call('GET', `/v1/entitlements/${created.json().id}/usage`)).json()).toMatchObject({ status: 'active' });
  });

  it("a case's SLA view counts business minutes left from the injected now", async () => {
    const [c] = await t.database.db
      .insert(cases)
      .values({ number: `CAS-CLK${randomUUID().slice(0, 4)}`, title: 'Clocked case', origin: 'web', createdAt: new Date('2031-03-05T09:00:00Z'), updatedAt: new Date('2031-03-05T09:00:00Z') })
      .returning();
    const [sla] = await t.database.db.insert(slas).values({ name: 'View SLA' }).returning();
    const [item] = await t.database.db.insert(slaItems).values({ slaId: sla.id, position: 0, name: 'Resolve in 2h', kpi: 'resolve', failureMinutes: 120 }).returning();
    const id = randomUUID();
    await t.database.db.insert(slaKpiInstances).values({
      id,
      caseId: c.id,
      slaId: sla.id,
      slaItemId: item.id,
      kpi: 'resolve',
      generation: 1,
      workflowId: `sla:${c.id}:resolve:1`,
      itemSnapshot: { name: 'Resolve in 2h' },
      applicableFrom: new Date('2031-03-05T09:00:00Z'),
      failureAt: new Date('2031-03-05T11:00:00Z'),
    });
    const res = await call('GET', `/v1/cases/${c.id}/sla`);
    expect(res.statusCode, res.body).toBe(200);
    // 24x7: 10:00 now, due 11:00
    expect(res.json().items).toMatchObject([{ instanceId: id, businessMinutesLeft: 60, businessMinutesOverdue: 0 }]);
  });
});
