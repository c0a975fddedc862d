/**
 * Who did it: every case event and activity on the timeline, and every change of an SLA, calendar or
 * holiday list, names the API key that made it (id and name), or the SLA engine for what the worker does.
 * Two keys work the same case so that a wrong attribution cannot pass.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slaKpiInstances } from '../../db/schema/index.js';
import { createSlaActivities } from '../../activities/index.js';
import { createMailer } from '../../src/mail/mailer.js';
import { createEntitlementListener } from '../../src/entitlements/entitlement-listener.js';
import { createSlaClockListener } from '../../src/sla/sla-clock-listener.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { client, newAccount, newCase, newQueue, type Client } from './api-helpers.js';

const START = Date.parse('2026-03-10T09:00:00.000Z');
/** Each reading of the clock is a second later, so the timeline order is the order of the requests. */
let ticks = 0;
const clock = () => new Date(START + ++ticks * 1000);
const day = (offset: number) => new Date(START + offset * 86_400_000).toISOString().slice(0, 10);

let t: TestApp;
let admin: Client;
const keys: Record<'alice' | 'bob' | 'carol' | 'dave', { id: string; name: string; api: Client }> = {} as never;

async function newKey(name: string, role: 'agent' | 'admin') {
  const res = await admin.post('/v1/api-keys', { name, role });
  expect(res.statusCode, res.body).toBe(201);
  const { id, secret } = res.json();
  return { id, name, api: client(t, secret) };
}

const by = (k: { id: string; name: string }) => ({ kind: 'api_key', apiKeyId: k.id, name: k.name });
const SLA_ENGINE = { kind: 'sla', apiKeyId: null, name: 'SLA engine' };

beforeAll(async () => {
  t = await createTestApp({ caseListeners: [createEntitlementListener(), createSlaClockListener(null)], clock });
  admin = client(t);
  keys.alice = await newKey('Helpdesk backend (Alice)', 'agent');
  keys.bob = await newKey('Night shift bot (Bob)', 'agent');
  keys.carol = await newKey('Carol admin', 'admin');
  keys.dave = await newKey('Dave admin', 'admin');
  const sla = await admin.post('/v1/slas', {
    name: 'Around the clock',
    calendarId: null,
    isDefault: true,
    items: [
      { name: 'Respond in 1h', kpi: 'first_response', failure: { hours: 1 }, failureActions: [{ type: 'set_case_field', field: 'firstResponseSlaMet', value: 'no' }] },
      { name: 'Resolve in 8h', kpi: 'resolve', failure: { hours: 8 } },
    ],
  });
  expect(sla.statusCode, sla.body).toBe(201);
});
afterAll(async () => t.close());

async function timeline(caseId: string) {
  const res = await admin.get(`/v1/cases/${caseId}/timeline?limit=100`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().items as Array<{ type: string; id: string; kind: string; summary: string; actor: unknown }>;
}

/** The entries the API key wrote (the SLA clocks' own events are checked separately). */
const byKind = (items: Awaited<ReturnType<typeof timeline>>) => items.filter((e) => !e.kind.startsWith('sla.')).map((e) => [e.type, e.kind, e.actor]);

describe('case timeline actors', () => {
  it('names the API key behind each event and activity: the one that created, called, moved, edited and resolved the case', async () => {
    const { alice, bob } = keys;
    const c = await newCase(alice.api, { title: 'Checkout is down' });
    const call = await alice.api.post(`/v1/cases/${c.id}/activities`, { kind: 'phone_call', direction: 'outgoing', subject: 'Called back', durationMinutes: 10 });
    expect(call.statusCode, call.body).toBe(201);
    expect(call.json().actor).toEqual(by(alice));
    expect((await bob.api.post(`/v1/cases/${c.id}/status`, { status: 'on_hold' })).statusCode).toBe(200);
    const etag = (await bob.api.get(`/v1/cases/${c.id}`)).headers.etag as string;
    expect((await bob.api.patch(`/v1/cases/${c.id}`, { title: 'Checkout is down for all cards' }, { 'if-match': etag })).statusCode).toBe(200);
    const queue = await newQueue(admin);
    const item = await bob.api.post(`/v1/queues/${queue.id}/items`, { caseId: c.id });
    expect(item.statusCode, item.body).toBe(201);
    expect((await alice.api.post(`/v1/cases/${c.id}/resolve`, { resolution: 'Gateway restarted' })).statusCode).toBe(200);

    expect(byKind(await timeline(c.id))).toEqual([
      ['event', 'created', by(alice)],
      ['activity', 'phone_call', by(alice)],
      ['event', 'first_response', by(alice)],
      ['event', 'status_changed', by(bob)],
      ['event', 'fields_updated', by(bob)],
      ['event', 'queue_changed', by(bob)],
      ['activity', 'resolution', by(alice)],
      ['event', 'resolved', by(alice)],
    ]);
  });

  it('names the key on status commands it sends, whoever created the case', async () => {
    const { alice, bob } = keys;
    const c = await newCase(bob.api);
    await alice.api.post(`/v1/cases/${c.id}/cancel`, { reason: 'duplicate' });
    await bob.api.post(`/v1/cases/${c.id}/reopen`, { reason: 'not a duplicate' });
    await alice.api.post(`/v1/cases/${c.id}/first-response`, {});
    expect(byKind(await timeline(c.id))).toEqual([
      ['event', 'created', by(bob)],
      ['event', 'cancelled', by(alice)],
      ['event', 'reopened', by(bob)],
      ['event', 'first_response', by(alice)],
    ]);
  });

  it('gives entitlement events the actor of the case change that caused them', async () => {
    const { alice, bob } = keys;
    const account = await newAccount(admin, { name: 'Fabrikam' });
    const e = await admin.post('/v1/entitlements', {
      name: 'Fabrikam cases',
      accountId: account.id,
      startDate: day(-1),
      endDate: day(30),
      allocationType: 'cases',
      totalTerms: 5,
    });
    expect(e.statusCode, e.body).toBe(201);
    expect((await admin.post(`/v1/entitlements/${e.json().id}/activate`)).statusCode).toBe(200);
    const c = await newCase(alice.api, { accountId: account.id });
    await bob.api.post(`/v1/cases/${c.id}/cancel`, { reason: 'spam' });
    const entitlementEvents = (await timeline(c.id)).filter((x) => x.kind.startsWith('entitlement.'));
    expect(entitlementEvents.map((x) => [x.kind, x.actor])).toEqual([
      ['entitlement.applied', by(alice)],
      ['entitlement.returned', by(bob)],
    ]);
  });

  it('records the SLA engine on what the worker writes: KPI transitions, action runs and their events', async () => {
    const c = await newCase(keys.alice.api);
    const [instance] = await t.database.db
      .select()
      .from(slaKpiInstances)
      .where(and(eq(slaKpiInstances.caseId, c.id), eq(slaKpiInstances.kpi, 'first_response')));
    const now = clock();
    const activities = createSlaActivities({
      db: t.database.db,
      mailer: createMailer({ from: 'sla@test', mailboxDir: '.data/test/mailbox' }),
      clock: () => now,
      caseLifecycle: t.app.caseLifecycle,
    });
    const before = new Set((await timeline(c.id)).map((x) => `${x.type}:${x.id}`));
    await activities.mirrorInstance({
      seq: 2,
      status: {
        instanceId: instance.id,
        workflowId: instance.workflowId,
        kpi: 'first_response',
        state: 'noncompliant',
        applicableFrom: now.toISOString(),
        warningAt: null,
        failureAt: now.toISOString(),
        warnedAt: null,
        failedAt: now.toISOString(),
        succeededAt: null,
        lateSucceededAt: null,
        pausedSince: null,
        pausedBusinessMinutes: 0,
        pauses: [],
        endedAt: null,
        endReason: null,
        actionsRun: [],
      },
      transition: { kind: 'failed', at: now.toISOString(), summary: 'SLA Respond in 1h: failed' },
      instance: {
        instanceId: instance.id,
        caseId: c.id,
        slaId: instance.slaId,
        slaItemId: instance.slaItemId,
        kpi: 'first_response',
        generation: 1,
        itemName: 'Respond in 1h',
        warningMinutes: null,
        failureMinutes: 60,
        calendar: null,
      },
    });
    await activities.runAction({
      key: `${instance.id}:failure:0`,
      phase: 'failure',
      index: 0,
      action: { type: 'set_case_field', field: 'firstResponseSlaMet', value: 'no' },
      at: now.toISOString(),
      context: {
        instanceId: instance.id,
        caseId: c.id,
        caseNumber: c.number,
        caseTitle: c.title,
        kpi: 'first_response',
        itemName: 'Respond in 1h',
        slaName: 'Around the clock',
        zone: 'UTC',
        warningAt: null,
        failureAt: now.toISOString(),
      },
    });
    await newQueue(admin, { name: 'Escalations', isEscalation: true });
    await activities.runAction({
      key: `${instance.id}:failure:1`,
      phase: 'failure',
      index: 1,
      action: { type: 'escalate_to_queue' },
      at: now.toISOString(),
      context: {
        instanceId: instance.id,
        caseId: c.id,
        caseNumber: c.number,
        caseTitle: c.title,
        kpi: 'first_response',
        itemName: 'Respond in 1h',
        slaName: 'Around the clock',
        zone: 'UTC',
        warningAt: null,
        failureAt: now.toISOString(),
      },
    });
    const entries = await timeline(c.id);
    const written = entries.filter((x) => !before.has(`${x.type}:${x.id}`));
    expect(written.map((x) => `${x.type} ${x.kind}`)).toEqual(expect.arrayContaining([
        'event sla.failed',
        'sla_action set_case_field',
        'event sla.action.set_case_field',
        'event fields_updated',
        'sla_action escalate_to_queue',
        'event sla.action.escalate_to_queue',
        'event queue_changed',
      ]));
    for (const entry of written) expect([entry.kind, entry.actor]).toEqual([entry.kind, SLA_ENGINE]);
    // Every clock event on the timeline is the SLA engine's, also a start the API records with the case.
    for (const entry of entries.filter((x) => x.kind.startsWith('sla.') || x.type === 'sla_action')) expect([entry.kind, entry.actor]).toEqual([entry.kind, SLA_ENGINE]);
  });
});

describe('configuration audit log', () => {
  const changes = async (entity: string, entityId: string) => {
    const res = await admin.get(`/v1/audit-log?entity=${entity}&entityId=${entityId}`);
    expect(res.statusCode, res.body).toBe(200);
    return (res.json().items as Array<{ action: string; version: number; actor: unknown }>).map((x) => [x.action, x.version, x.actor]);
  };
  const week = { mon: [['08:00', '17:00']], tue: [['08:00', '17:00']], wed: [['08:00', '17:00']], thu: [['08:00', '17:00']], fri: [['08:00', '17:00']] };

  it('records who created, replaced, applied and deleted a calendar, with the version each change produced', async () => {
    const { carol, dave } = keys;
    const created = await carol.api.post('/v1/calendars', { name: 'Paris', definition: { timeZone: 'Europe/Paris', weekly: week } });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id;
    const replaced = await dave.api.put(`/v1/calendars/${id}`, { name: 'Paris office', definition: { timeZone: 'Europe/Paris', weekly: week, holidays: [{ date: '2026-12-25' }] } }, { 'if-match': 'W/"1"' });
    expect(replaced.statusCode, replaced.body).toBe(200);
    expect((await carol.api.post(`/v1/calendars/${id}/apply-to-running`)).statusCode).toBe(200);
    expect((await dave.api.delete(`/v1/calendars/${id}`)).statusCode).toBe(204);
    expect(await changes('calendar', id)).toEqual([
      ['created', 1, by(carol)],
      ['updated', 2, by(dave)],
      ['applied_to_running', 2, by(carol)],
      ['deleted', 2, by(dave)],
    ]);
  });

  it('records a holiday list change, and the calendar version it caused, under the key that changed the list', async () => {
    const { carol, dave } = keys;
    const list = await carol.api.post('/v1/holiday-lists', { name: 'French holidays', holidays: [{ date: '2026-07-14' }] });
    expect(list.statusCode, list.body).toBe(201);
    const cal = await carol.api.post('/v1/calendars', { name: 'Lyon', definition: { timeZone: 'Europe/Paris', weekly: week }, holidayListIds: [list.json().id] });
    expect(cal.statusCode, cal.body).toBe(201);
    const updated = await dave.api.put(`/v1/holiday-lists/${list.json().id}`, { name: 'French holidays', holidays: [{ date: '2026-07-14' }, { date: '2026-08-15' }] }, { 'if-match': 'W/"1"' });
    expect(updated.statusCode, updated.body).toBe(200);
    expect(await changes('holiday_list', list.json().id)).toEqual([
      ['created', 1, by(carol)],
      ['updated', 2, by(dave)],
    ]);
    expect(await changes('calendar', cal.json().id)).toEqual([
      ['created', 1, by(carol)],
      ['updated', 2, by(dave)],
    ]);
  });

  it('records who created, replaced and deleted an SLA', async () => {
    const { carol, dave } = keys;
    const body = (minutes: number) => ({ name: 'Gold', calendarId: null, items: [{ name: 'Resolve', kpi: 'resolve', failure: { minutes } }] });
    const created = await carol.api.post('/v1/slas', body(600));
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id;
    const replaced = await dave.api.put(`/v1/slas/${id}`, body(1200), { 'if-match': created.headers.etag as string });
    expect(replaced.statusCode, replaced.body).toBe(200);
    expect((await carol.api.delete(`/v1/slas/${id}`)).statusCode).toBe(204);
    expect(await changes('sla', id)).toEqual([
      ['created', 1, by(carol)],
      ['updated', 2, by(dave)],
      ['deleted', 2, by(carol)],
    ]);
  });

  it('is for admins only', async () => {
    const res = await keys.alice.api.get('/v1/audit-log');
    expect(res.statusCode).toBe(403);
  });
});
