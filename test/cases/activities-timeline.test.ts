import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseEvents, slaActionRuns, slaItems, slaKpiInstances, slas } from '../../db/schema/index.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { client, newCase, type Client } from './api-helpers.js';

let t: TestApp;
let api: Client;
beforeAll(async () => {
  t = await createTestApp();
  api = client(t, await t.keyFor('agent'));
});
afterAll(async () => t.close());

const call = (minutes: number, extra: Record<string, unknown> = {}) => ({ kind: 'phone_call', direction: 'incoming', subject: 'Call', durationMinutes: minutes, ...extra });

describe('POST /v1/cases/{id}/activities', () => {
  it('three 15-minute phone calls make 45 billable minutes on the case', async () => {
    const c = await newCase(api);
    for (let i = 0; i < 3; i++) expect((await api.post(`/v1/cases/${c.id}/activities`, call(15))).statusCode).toBe(201);
    expect((await api.get(`/v1/cases/${c.id}`)).json()).toMatchObject({ billableMinutes: 45, totalMinutes: 45 });
    const listed = (await api.get(`/v1/cases?accountId=${c.accountId}`)).json().items;
    expect(listed[0]).toMatchObject({ id: c.id, billableMinutes: 45, totalMinutes: 45 });
  });

  it('counts non-billable minutes in the total only, and open activities not at all', async () => {
    const c = await newCase(api);
    await api.post(`/v1/cases/${c.id}/activities`, call(15));
    await api.post(`/v1/cases/${c.id}/activities`, { kind: 'task', subject: 'Research', durationMinutes: 30, billable: false });
    await api.post(`/v1/cases/${c.id}/activities`, { kind: 'appointment', subject: 'Visit', durationMinutes: 60, state: 'open' });
    expect((await api.get(`/v1/cases/${c.id}`)).json()).toMatchObject({ billableMinutes: 15, totalMinutes: 45 });
  });

  it('answers 201 with Location and the activity, which can be read back', async () => {
    const c = await newCase(api);
    const occurredAt = c.createdAt;
    const res = await api.post(`/v1/cases/${c.id}/activities`, { kind: 'note', subject: 'Customer prefers email', body: 'Details', occurredAt });
    expect(res.statusCode).toBe(201);
    const a = res.json();
    expect(res.headers.location).toBe(`/v1/cases/${c.id}/activities/${a.id}`);
    expect(a).toMatchObject({ caseId: c.id, kind: 'note', direction: null, state: 'completed', billable: true, durationMinutes: 0, occurredAt });
    expect((await api.get(`/v1/cases/${c.id}/activities/${a.id}`)).json()).toEqual(a);
  });

  it('requires a direction for phone calls and emails (400 naming it)', async () => {
    const c = await newCase(api);
    const res = await api.post(`/v1/cases/${c.id}/activities`, { kind: 'email', subject: 'Hello' });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'VALIDATION_FAILED', field: 'body.direction' });
  });

  it('refuses resolution activities, unknown kinds, negative durations and offset-less times (400)', async () => {
    const c = await newCase(api);
    for (const [body, field] of [
      [{ kind: 'resolution', subject: 'x' }, 'body.kind'],
      [{ kind: 'fax', subject: 'x' }, 'body.kind'],
      [call(-5), 'body.durationMinutes'],
      [call(5, { occurredAt: '2025-01-01T10:00:00' }), 'body.occurredAt'],
    ] as const) {
      const res = await api.post(`/v1/cases/${c.id}/activities`, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().errors[0].field).toBe(field);
    }
    const local = await api.post(`/v1/cases/${c.id}/activities`, call(5, { occurredAt: '2025-01-01T10:00:00' }));
    expect(local.json()).toMatchObject({ code: 'INSTANT_WITHOUT_OFFSET', field: 'body.occurredAt' });
    expect(local.json().detail).toContain('"2025-01-01T10:00:00Z"');
  });

  it('answers 404 for an unknown case, 409 for a closed one and 412 for a stale If-Match', async () => {
    expect((await api.post('/v1/cases/00000000-0000-4000-8000-000000000000/activities', call(5))).statusCode).toBe(404);
    const c = await newCase(api);
    expect((await api.post(`/v1/cases/${c.id}/activities`, call(5), { 'if-match': 'W/"9"' })).statusCode).toBe(412);
    expect((await api.post(`/v1/cases/${c.id}/activities`, call(5), { 'if-match': 'W/"1"' })).statusCode).toBe(201);
    await api.post(`/v1/cases/${c.id}/cancel`, { reason: 'spam' });
    const closed = await api.post(`/v1/cases/${c.id}/activities`, call(5));
    expect(closed.statusCode).toBe(409);
    expect(closed.json().code).toBe('CASE_NOT_ACTIVE');
  });

  it('lists a case’s activities in the order they happened, in pages', async () => {
    const c = await newCase(api);
    const base = Date.parse(c.createdAt);
    for (const offset of [3, 1, 2]) {
      await api.post(`/v1/cases/${c.id}/activities`, { kind: 'note', subject: `n${offset}`, occurredAt: new Date(base + offset * 1000).toISOString() });
    }
    const first = (await api.get(`/v1/cases/${c.id}/activities?limit=2`)).json();
    const second = (await api.get(`/v1/cases/${c.id}/activities?limit=2&cursor=${first.nextCursor}`)).json();
    expect([...first.items, ...second.items].map((a: { subject: string }) => a.subject)).toEqual(['n1', 'n2', 'n3']);
    expect(second.nextCursor).toBeNull();
  });
});

describe('GET /v1/cases/{id}/timeline', () => {
  it('merges activities, case events, SLA events and SLA action runs in time order (at one instant: activities, events, actions)', async () => {
    const c = await newCase(api);
    const t0 = Date.parse(c.createdAt);
    const at = (seconds: number) => new Date(t0 + seconds * 1000);
    const db = t.database.db;
    // What the SLA workflow writes: an instance, its events and an action run.
    const [sla] = await db.insert(slas).values({ name: 'Timeline SLA' }).returning();
    const [item] = await db.insert(slaItems).values({ slaId: sla.id, position: 1, name: 'First response', kpi: 'first_response', failureMinutes: 60 }).returning();
    const [instance] = await db
      .insert(slaKpiInstances)
      .values({ caseId: c.id, slaId: sla.id, slaItemId: item.id, kpi: 'first_response', generation: 1, workflowId: `wf-${c.id}`, itemSnapshot: {}, applicableFrom: at(0) })
      .returning();
    await db.insert(caseEvents).values({ caseId: c.id, kind: 'sla.warning', summary: 'First response nearing noncompliance', occurredAt: at(30), data: { instanceId: instance.id } });
    await db.insert(slaActionRuns).values({
      actionKey: `${instance.id}:warning:0`,
      instanceId: instance.id,
      caseId: c.id,
      phase: 'warning',
      kind: 'send_email',
      summary: 'Warning email to the owner',
      ranAt: at(30),
    });
    await db.insert(caseEvents).values({ caseId: c.id, kind: 'sla.noncompliant', summary: 'First response failed', occurredAt: at(60) });
    await api.post(`/v1/cases/${c.id}/activities`, { ...call(10), occurredAt: at(45).toISOString() });
    await api.post(`/v1/cases/${c.id}/activities`, { kind: 'note', subject: 'Same instant as the warning', occurredAt: at(30).toISOString() });

    const res = await api.get(`/v1/cases/${c.id}/timeline`);
    expect(res.statusCode).toBe(200);
    const items = res.json().items as Array<{ type: string; kind: string; at: string; summary: string; data: Record<string, unknown> }>;
    expect(items.map((i) => [i.type, i.kind])).toEqual([
      ['event', 'created'],
      ['activity', 'note'],
      ['event', 'sla.warning'],
      ['sla_action', 'send_email'],
      ['activity', 'phone_call'],
      ['event', 'sla.noncompliant'],
    ]);
    expect(items.map((i) => i.at)).toEqual([0, 30, 30, 30, 45, 60].map((s) => at(s).toISOString()));
    expect(items[3]).toMatchObject({ summary: 'Warning email to the owner', data: { phase: 'warning', instanceId: instance.id } });
    expect(items[4].data).toMatchObject({ direction: 'incoming', durationMinutes: 10, billable: true });

    const desc = (await api.get(`/v1/cases/${c.id}/timeline?order=desc`)).json().items;
    expect(desc).toEqual([...items].reverse());
  });

  it('pages through the timeline exactly once', async () => {
    const c = await newCase(api);
    for (let i = 0; i < 5; i++) await api.post(`/v1/cases/${c.id}/activities`, { kind: 'note', subject: `n${i}`, occurredAt: c.createdAt });
    await api.post(`/v1/cases/${c.id}/status`, { status: 'on_hold' });
    const all = (await api.get(`/v1/cases/${c.id}/timeline?limit=100`)).json().items;
    const paged: unknown[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: unknown[]; nextCursor: string | null } = (await api.get(`/v1/cases/${c.id}/timeline?limit=2${cursor ? `&cursor=${cursor}` : ''}`)).json();
      paged.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    expect(all).toHaveLength(7);
    expect(paged).toEqual(all);
  });

  it('answers 404 for an unknown case', async () => {
    const res = await api.get('/v1/cases/00000000-0000-4000-8000-000000000000/timeline');
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('CASE_NOT_FOUND');
  });
});
