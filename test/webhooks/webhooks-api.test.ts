/**
 * /v1/webhooks without Temporal: subscriptions (secret shown once, SSRF refusal, rotation), the outbox
 * written in the transaction of the case change or SLA transition, and the delivery log's shape.
 */
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createMirrorActivities } from '../../activities/mirror.activities.js';
import { slaKpiInstances, webhookDeliveries, webhookEvents, webhookSubscriptions } from '../../db/schema/index.js';
import { caseListeners } from '../../src/main/case-listeners.js';
import type { KpiStatus } from '../../workflows/contract.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { seedReferenceData, type ReferenceSeed } from '../support/reference-kpi.js';
import { client, newAccount, newCase, type Client } from '../cases/api-helpers.js';

const NOW = new Date('2027-03-01T09:00:00.000Z');

describe('/v1/webhooks', () => {
  let t: TestApp;
  let strict: TestApp;
  let api: Client;
  let seed: ReferenceSeed;
  let woken = 0;

  beforeAll(async () => {
    t = await createTestApp({ env: { WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true', WEBHOOK_ROTATION_GRACE_HOURS: '6' }, caseListeners: caseListeners(null, null, { wake: () => void woken++ }), clock: () => NOW });
    strict = await createTestApp({ database: t.database });
    api = client(t);
    seed = await seedReferenceData(t.database.db);
  });
  afterAll(async () => {
    await strict?.close();
    await t?.close();
  });
  beforeEach(async () => {
    await t.database.db.delete(webhookSubscriptions);
    woken = 0;
  });

  const subscribe = async (body: Record<string, unknown>) => {
    const res = await api.post('/v1/webhooks', { url: 'http://127.0.0.1:9/hook', eventTypes: ['case.created'], ...body });
    expect(res.statusCode, res.body).toBe(201);
    return res.json();
  };

  it('refuses receivers on loopback, private and link-local addresses by default (422 WEBHOOK_RECEIVER_REFUSED)', async () => {
    for (const url of ['http://127.0.0.1:8080/x', 'http://localhost/x', 'http://10.0.0.7/x', 'http://[::1]/x', 'http://169.254.169.254/latest', 'http://[::ffff:192.168.0.1]/x']) {
      const res = await client(strict).post('/v1/webhooks', { url, eventTypes: ['case.created'] });
      expect(res.statusCode, url).toBe(422);
      expect(res.json()).toMatchObject({ code: 'WEBHOOK_RECEIVER_REFUSED' });
    }
    const changed = await client(strict).post('/v1/webhooks', { url: 'ftp://example.com/x', eventTypes: ['case.created'] });
    expect(changed.statusCode).toBe(400);
  });

  it('returns the whsec_ secret only when created, never when read or listed', async () => {
    const created = await subscribe({ eventTypes: ['case.created', 'sla.breached'], description: 'CRM' });
    expect(created.secret).toMatch(/^whsec_/);
    expect(created).toMatchObject({ enabled: true, eventTypes: ['case.created', 'sla.breached'], actor: { kind: 'api_key' } });
    const read = await api.get(`/v1/webhooks/${created.id}`);
    expect(read.statusCode).toBe(200);
    expect(read.json().secret).toBeUndefined();
    expect(read.body).not.toContain(created.secret);
    expect((await api.get('/v1/webhooks')).body).not.toContain(created.secret);
  });

  it('refuses unknown event types and non-admin keys', async () => {
    expect((await api.post('/v1/webhooks', { url: 'http://127.0.0.1:9/', eventTypes: ['case.deleted'] })).statusCode).toBe(400);
    const agent = await t.keyFor('agent');
    expect((await client(t, agent).get('/v1/webhooks')).statusCode).toBe(403);
    const catalogue = (await api.get('/v1/webhooks/event-types')).json().items.map((e: { type: string }) => e.type);
    expect(catalogue).toEqual(expect.arrayContaining(['case.created', 'case.updated', 'case.resolved', 'sla.started', 'sla.breached', 'sla.pause_stale']));
  });

  it('rotates the secret: a new one, the previous one signing until the grace period ends', async () => {
    const created = await subscribe({});
    const rotated = await api.post(`/v1/webhooks/${created.id}/rotate-secret`, {});
    expect(rotated.statusCode, rotated.body).toBe(200);
    expect(rotated.json().secret).not.toBe(created.secret);
    expect(rotated.json().previousSecretExpiresAt).toBe('2027-03-01T15:00:00.000Z');
    const [row] = await t.database.db.select().from(webhookSubscriptions).where(eq(webhookSubscriptions.id, created.id));
    expect(row).toMatchObject({ secret: rotated.json().secret, previousSecret: created.secret });
  });

  it('queues a delivery per listening subscription in the transaction that creates the case, and wakes the dispatcher', async () => {
    const hears = await subscribe({ eventTypes: ['case.created', 'case.updated'] });
    const deaf = await subscribe({ eventTypes: ['sla.breached'] });
    const disabled = await subscribe({ enabled: false });
    const c = await newCase(api, { accountId: (await newAccount(api)).id });
    const events = await t.database.db.select().from(webhookEvents).where(eq(webhookEvents.caseId, c.id));
    expect(events.map((e) => e.type)).toEqual(['case.created']);
    expect(events[0].id).toMatch(/^evt_[0-9a-f]{32}$/);
    expect(events[0].payload).toMatchObject({ id: events[0].id, type: 'case.created', timestamp: NOW.toISOString(), data: { case: { id: c.id, number: c.number } } });
    const deliveries = await t.database.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.eventId, events[0].id));
    expect(deliveries.map((d) => d.subscriptionId)).toEqual([hears.id]);
    expect(deliveries.map((d) => d.subscriptionId)).not.toContain(deaf.id);
    expect(deliveries.map((d) => d.subscriptionId)).not.toContain(disabled.id);
    expect(woken).toBeGreaterThan(0);

    const log = await api.get(`/v1/webhooks/${hears.id}/deliveries`);
    expect(log.statusCode, log.body).toBe(200);
    expect(log.json().items).toMatchObject([{ eventId: events[0].id, eventType: 'case.created', status: 'pending', attempts: 0 }]);
    const patched = await api.patch(`/v1/cases/${c.id}`, { title: 'Printer still on fire' }, { 'if-match': `W/"${c.version}"` });
    expect(patched.statusCode, patched.body).toBe(200);
    const updates = await t.database.db.select().from(webhookEvents).where(eq(webhookEvents.type, 'case.updated'));
    expect(updates.map((u) => (u.payload.data as { changed: string[] }).changed)).toEqual([['title']]);
  });

  it('publishes SLA transitions from the mirror once, however often the activity runs; failures are sla.breached', async () => {
    const sub = await subscribe({ eventTypes: ['sla.breached', 'sla.warning'] });
    const c = await newCase(api, { accountId: (await newAccount(api)).id });
    const instanceId = randomUUID();
    const mirror = createMirrorActivities({ db: t.database.db, webhookWaker: { wake: () => void woken++ } });
    const status: KpiStatus = {
      instanceId, workflowId: 'wf', kpi: 'first_response', state: 'noncompliant', applicableFrom: NOW.toISOString(), warningAt: null,
      failureAt: '2027-03-01T10:00:00.000Z', warnedAt: null, failedAt: '2027-03-01T10:00:00.000Z', succeededAt: null, lateSucceededAt: null,
      pausedSince: null, pausedBusinessMinutes: 0, pauses: [], endedAt: null, endReason: null, actionsRun: [],
    };
    const input = {
      seq: 2, status, transition: { kind: 'failed' as const, at: '2027-03-01T10:00:00.000Z', summary: 'failed' },
      instance: { instanceId, caseId: c.id, slaId: seed.slaId, slaItemId: seed.itemIds.standard.resolve, kpi: 'first_response', generation: 1, itemName: 'x', warningMinutes: null, failureMinutes: 60, calendar: null },
    };
    woken = 0;
    await mirror.mirrorInstance(input);
    await mirror.mirrorInstance(input);
    const events = await t.database.db.select().from(webhookEvents).where(eq(webhookEvents.caseId, c.id));
    const breached = events.filter((e) => e.type === 'sla.breached');
    expect(breached).toHaveLength(1);
    expect(breached[0].payload.data).toMatchObject({ caseId: c.id, caseNumber: c.number, instanceId, kpi: 'first_response', state: 'noncompliant', at: '2027-03-01T10:00:00.000Z' });
    expect(await t.database.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.eventId, breached[0].id))).toMatchObject([{ subscriptionId: sub.id }]);
    expect(woken).toBe(1);
    await t.database.db.delete(slaKpiInstances).where(eq(slaKpiInstances.id, instanceId));
  });

  it('publishes sla.started from the start the API records with the case, and any catalogued transition kind (sla.pause_stale) from the mirror', async () => {
    await subscribe({ eventTypes: ['sla.started', 'sla.pause_stale'] });
    const sla = await api.post('/v1/slas', { name: `Webhook SLA ${randomUUID()}`, isDefault: true, items: [{ name: 'Resolve in a day', kpi: 'resolve', failure: { hours: 24 } }] });
    expect(sla.statusCode, sla.body).toBe(201);
    const c = await newCase(api, { accountId: (await newAccount(api)).id });
    const [started] = await t.database.db.select().from(webhookEvents).where(and(eq(webhookEvents.caseId, c.id), eq(webhookEvents.type, 'sla.started')));
    expect(started?.payload.data).toMatchObject({ caseId: c.id, caseNumber: c.number, kpi: 'resolve', state: 'in_progress', failureAt: expect.any(String) });
    const [instance] = await t.database.db.select().from(slaKpiInstances).where(eq(slaKpiInstances.caseId, c.id));
    const mirror = createMirrorActivities({ db: t.database.db });
    const status = {
      instanceId: instance.id, workflowId: instance.workflowId, kpi: 'resolve', state: 'paused' as const, applicableFrom: NOW.toISOString(), warningAt: null,
      failureAt: null, warnedAt: null, failedAt: null, succeededAt: null, lateSucceededAt: null, pausedSince: NOW.toISOString(), pausedBusinessMinutes: 0,
      pauses: [{ from: NOW.toISOString(), to: null }], endedAt: null, endReason: null, actionsRun: [],
    } as unknown as KpiStatus;
    await mirror.mirrorInstance({
      seq: 5, status, transition: { kind: 'pause_stale', at: '2027-03-04T09:00:00.000Z', summary: 'paused too long', note: 'paused for 3 days' } as never,
      instance: { instanceId: instance.id, caseId: c.id, slaId: instance.slaId, slaItemId: instance.slaItemId, kpi: 'resolve', generation: instance.generation, itemName: 'Resolve in a day', warningMinutes: null, failureMinutes: 1440, calendar: null },
    });
    const [stale] = await t.database.db.select().from(webhookEvents).where(and(eq(webhookEvents.caseId, c.id), eq(webhookEvents.type, 'sla.pause_stale')));
    expect(stale?.payload.data).toMatchObject({ instanceId: instance.id, state: 'paused', at: '2027-03-04T09:00:00.000Z', note: 'paused for 3 days' });
  });

  it('refuses a redelivery while the subscription is disabled (409) and accepts it once enabled again', async () => {
    const sub = await subscribe({});
    await newCase(api, { accountId: (await newAccount(api)).id });
    const [delivery] = (await api.get(`/v1/webhooks/${sub.id}/deliveries`)).json().items;
    expect((await api.patch(`/v1/webhooks/${sub.id}`, { enabled: false })).json()).toMatchObject({ enabled: false, disabledReason: expect.stringContaining('disabled by') });
    const refused = await api.post(`/v1/webhooks/${sub.id}/deliveries/${delivery.id}/redeliver`, {});
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe('WEBHOOK_SUBSCRIPTION_DISABLED');
    expect((await api.patch(`/v1/webhooks/${sub.id}`, { enabled: true })).json()).toMatchObject({ enabled: true, disabledAt: null, failingSince: null });
    woken = 0;
    const again = await api.post(`/v1/webhooks/${sub.id}/deliveries/${delivery.id}/redeliver`, {});
    expect(again.statusCode, again.body).toBe(202);
    expect(again.json()).toMatchObject({ eventId: delivery.eventId, redeliveryOf: delivery.id, status: 'pending' });
    expect((await api.get(`/v1/webhooks/${sub.id}/deliveries/${again.json().id}`)).json()).toMatchObject({ attemptLog: [], payload: { id: delivery.eventId } });
    const stale = await api.patch(`/v1/webhooks/${sub.id}`, { description: 'x' }, { 'if-match': 'W/"1"' });
    expect(stale.statusCode).toBe(412);
  });
});
