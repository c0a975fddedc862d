import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asc, eq } from 'drizzle-orm';
import { caseEvents } from '../../db/schema/index.js';
import { transitionsFrom } from '../../src/cases/case-status.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { client, newCase, type Client } from './api-helpers.js';

/** The app's clock: a fixed day, one second per reading (never today's date). */
const START = Date.parse('2027-02-01T09:00:00Z');
let ticks = 0;
const clock = () => new Date(START + ++ticks * 1_000);
/** The instant the app read last. */
const lastReading = () => START + ticks * 1_000;

let t: TestApp;
let api: Client;
beforeAll(async () => {
  t = await createTestApp({ clock });
  api = client(t, await t.keyFor('agent'));
});
afterAll(async () => t.close());

const statuses = ['in_progress', 'on_hold', 'waiting_for_details', 'researching', 'resolved', 'cancelled'] as const;
type Status = (typeof statuses)[number];
const active: Status[] = ['in_progress', 'on_hold', 'waiting_for_details', 'researching'];

/** A case in the given status. */
async function caseIn(status: Status) {
  const c = await newCase(api);
  if (status === 'in_progress') return c;
  const res =
    status === 'resolved'
      ? await api.post(`/v1/cases/${c.id}/resolve`, { resolution: 'Fixed' })
      : status === 'cancelled'
        ? await api.post(`/v1/cases/${c.id}/cancel`, { reason: 'Duplicate' })
        : await api.post(`/v1/cases/${c.id}/status`, { status });
  expect(res.statusCode).toBe(200);
  return res.json();
}

type Command = { name: string; to: Status; send: (id: string) => ReturnType<Client['post']> };
const commands: Command[] = [
  ...active.map((to) => ({ name: `status → ${to}`, to, send: (id: string) => api.post(`/v1/cases/${id}/status`, { status: to }) })),
  { name: 'resolve', to: 'resolved', send: (id) => api.post(`/v1/cases/${id}/resolve`, { resolution: 'Fixed' }) },
  { name: 'cancel', to: 'cancelled', send: (id) => api.post(`/v1/cases/${id}/cancel`, { reason: 'Duplicate' }) },
  { name: 'reopen', to: 'in_progress', send: (id) => api.post(`/v1/cases/${id}/reopen`, {}) },
];

function allowed(from: Status, command: Command): boolean {
  const isActive = active.includes(from);
  if (command.name === 'reopen') return !isActive;
  if (command.name === 'resolve' || command.name === 'cancel') return isActive;
  return isActive && command.to !== from;
}

describe('the case status state machine', () => {
  const table = statuses.flatMap((from) => commands.map((command) => ({ from, command, ok: allowed(from, command) })));

  it.each(table)('from $from, $command.name is allowed: $ok', async ({ from, command, ok }) => {
    const c = await caseIn(from);
    const res = await command.send(c.id);
    if (ok) {
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ status: command.to, version: c.version + 1 });
      return;
    }
    expect(res.statusCode, res.body).toBe(409);
    const body = res.json();
    expect(body).toMatchObject({ code: 'ILLEGAL_STATUS_TRANSITION', from, to: command.to });
    expect(body.allowed.sort()).toEqual(transitionsFrom(from).map((x) => x.status).sort());
    expect((await api.get(`/v1/cases/${c.id}`)).json()).toMatchObject({ status: from, version: c.version });
  });

  it('answers 409 (not 400) when /status is asked for resolved or cancelled, naming the allowed statuses and their endpoints', async () => {
    for (const to of ['resolved', 'cancelled'] as const) {
      const c = await newCase(api);
      const res = await api.post(`/v1/cases/${c.id}/status`, { status: to });
      expect(res.statusCode, res.body).toBe(409);
      const body = res.json();
      expect(body).toMatchObject({ code: 'ILLEGAL_STATUS_TRANSITION', from: 'in_progress', to });
      expect(body.allowed.sort()).toEqual(['cancelled', 'on_hold', 'researching', 'resolved', 'waiting_for_details']);
      expect(body.transitions).toEqual(
        expect.arrayContaining([
          { status: 'resolved', via: 'POST /v1/cases/{id}/resolve' },
          { status: 'cancelled', via: 'POST /v1/cases/{id}/cancel' },
          { status: 'on_hold', via: 'POST /v1/cases/{id}/status' },
        ]),
      );
      expect(body.detail).toContain('resolved (POST /v1/cases/{id}/resolve)');
      expect((await api.get(`/v1/cases/${c.id}`)).json()).toMatchObject({ status: 'in_progress', version: c.version });
    }
    const unknown = await api.post(`/v1/cases/${(await newCase(api)).id}/status`, { status: 'closed' });
    expect(unknown.json()).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', errors: [{ field: 'body.status' }] });
  });

  it('names the endpoint of each allowed transition in the 409 answer', async () => {
    const c = await caseIn('resolved');
    const res = await api.post(`/v1/cases/${c.id}/status`, { status: 'on_hold' });
    expect(res.json()).toMatchObject({ allowed: ['in_progress'], transitions: [{ status: 'in_progress', via: 'POST /v1/cases/{id}/reopen' }] });
  });

  it('writes one case event per status change, with the transition', async () => {
    const c = await newCase(api);
    await api.post(`/v1/cases/${c.id}/status`, { status: 'on_hold' });
    await api.post(`/v1/cases/${c.id}/resolve`, { resolution: 'Fixed' });
    await api.post(`/v1/cases/${c.id}/reopen`, { reason: 'Came back' });
    await api.post(`/v1/cases/${c.id}/cancel`, { reason: 'Customer left' });
    const events = await t.database.db.select().from(caseEvents).where(eq(caseEvents.caseId, c.id)).orderBy(asc(caseEvents.id));
    expect(events.map((e) => [e.kind, e.data.from, e.data.to])).toEqual([
      ['created', undefined, undefined],
      ['status_changed', 'in_progress', 'on_hold'],
      ['resolved', 'on_hold', 'resolved'],
      ['reopened', 'resolved', 'in_progress'],
      ['cancelled', 'in_progress', 'cancelled'],
    ]);
  });
});

describe('reported instants (`at`)', () => {
  it('records the status change at the reported instant, whatever its offset', async () => {
    const c = await newCase(api);
    const at = new Date(c.createdAt);
    // The same instant written in UTC+02:00.
    const sent = new Date(at.getTime() + 2 * 3_600_000).toISOString().replace('Z', '+02:00');
    const res = await api.post(`/v1/cases/${c.id}/status`, { status: 'on_hold', at: sent });
    expect(res.statusCode, res.body).toBe(200);
    const [event] = await t.database.db.select().from(caseEvents).where(eq(caseEvents.caseId, c.id)).then((r) => r.filter((e) => e.kind === 'status_changed'));
    expect(event.occurredAt.toISOString()).toBe(at.toISOString());
  });

  it('records an instant up to a minute ahead (client clock skew) as now, so later commands defaulting to now still fit', async () => {
    const c = await newCase(api);
    const res = await api.post(`/v1/cases/${c.id}/status`, { status: 'on_hold', at: new Date(lastReading() + 30_000).toISOString() });
    expect(res.statusCode).toBe(200);
    const [event] = await t.database.db.select().from(caseEvents).where(eq(caseEvents.caseId, c.id)).then((r) => r.filter((e) => e.kind === 'status_changed'));
    expect(event.occurredAt.getTime()).toBeLessThanOrEqual(lastReading());
    expect((await api.post(`/v1/cases/${c.id}/status`, { status: 'researching' })).statusCode).toBe(200);
  });

  it('rejects an instant without an offset on every command with 400 INSTANT_WITHOUT_OFFSET naming the field, with an example (as the what-if routes do)', async () => {
    const open = await newCase(api);
    const closed = await caseIn('resolved');
    const local = '2025-03-04T09:30:00';
    for (const [url, body] of [
      [`/v1/cases/${open.id}/status`, { status: 'on_hold' }],
      [`/v1/cases/${open.id}/first-response`, {}],
      [`/v1/cases/${open.id}/resolve`, { resolution: 'Fixed' }],
      [`/v1/cases/${open.id}/cancel`, { reason: 'Duplicate' }],
      [`/v1/cases/${closed.id}/reopen`, {}],
    ] as const) {
      const res = await api.post(url, { ...body, at: local });
      expect(res.statusCode, url).toBe(400);
      expect(res.json(), url).toMatchObject({ code: 'INSTANT_WITHOUT_OFFSET', field: 'body.at', errors: [{ field: 'body.at' }] });
      expect(res.json().detail, url).toContain(`"${local}Z"`);
    }
    const garbage = await api.post(`/v1/cases/${open.id}/status`, { status: 'on_hold', at: 'yesterday' });
    expect(garbage.json()).toMatchObject({ status: 400, code: 'INSTANT_INVALID', field: 'body.at' });
    expect((await api.get(`/v1/cases/${open.id}`)).json()).toMatchObject({ status: 'in_progress', version: open.version });
  });

  it('rejects an instant in the future, before the case was created or before the last status change (422)', async () => {
    const c = await newCase(api);
    const future = await api.post(`/v1/cases/${c.id}/status`, { status: 'on_hold', at: new Date(lastReading() + 3_600_000).toISOString() });
    expect(future.statusCode).toBe(422);
    expect(future.json()).toMatchObject({ code: 'INVALID_EVENT_TIME', field: 'body.at' });
    const early = await api.post(`/v1/cases/${c.id}/resolve`, { resolution: 'x', at: '2000-01-01T00:00:00Z' });
    expect(early.statusCode).toBe(422);
    expect(early.json()).toMatchObject({ code: 'INVALID_EVENT_TIME', createdAt: c.createdAt });
    const now = new Date(lastReading()).toISOString();
    expect((await api.post(`/v1/cases/${c.id}/status`, { status: 'on_hold', at: now })).statusCode).toBe(200);
    const beforeLast = await api.post(`/v1/cases/${c.id}/status`, { status: 'researching', at: c.createdAt });
    expect(beforeLast.statusCode).toBe(422);
    expect(beforeLast.json()).toMatchObject({ code: 'INVALID_EVENT_TIME', lastStatusChangeAt: now });
  });
});

describe('If-Match on status commands', () => {
  it('is optional, and a stale one is 412 with nothing changed', async () => {
    const c = await newCase(api);
    const stale = await api.post(`/v1/cases/${c.id}/status`, { status: 'on_hold' }, { 'if-match': 'W/"7"' });
    expect(stale.statusCode).toBe(412);
    const fresh = await api.post(`/v1/cases/${c.id}/status`, { status: 'on_hold' }, { 'if-match': 'W/"1"' });
    expect(fresh.statusCode).toBe(200);
    expect(fresh.headers.etag).toBe('W/"2"');
  });
});

describe('first response', () => {
  it('is recorded once; a second one is 409 FIRST_RESPONSE_ALREADY_RECORDED', async () => {
    const c = await newCase(api);
    const at = c.createdAt;
    const first = await api.post(`/v1/cases/${c.id}/first-response`, { at });
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ firstResponseAt: at, version: 2 });
    const again = await api.post(`/v1/cases/${c.id}/first-response`, {});
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'FIRST_RESPONSE_ALREADY_RECORDED', firstResponseAt: at });
  });

  it('is recorded by logging a completed outgoing email or phone call, not by incoming ones, open ones or notes', async () => {
    const c = await newCase(api);
    const log = (body: Record<string, unknown>) => api.post(`/v1/cases/${c.id}/activities`, { subject: 'x', ...body });
    expect((await log({ kind: 'phone_call', direction: 'incoming', durationMinutes: 5 })).statusCode).toBe(201);
    expect((await log({ kind: 'email', direction: 'outgoing', state: 'open' })).statusCode).toBe(201);
    expect((await log({ kind: 'note', direction: 'outgoing' })).statusCode).toBe(201);
    expect((await api.get(`/v1/cases/${c.id}`)).json().firstResponseAt).toBeNull();
    const occurredAt = c.createdAt;
    expect((await log({ kind: 'email', direction: 'outgoing', occurredAt })).statusCode).toBe(201);
    const after = (await api.get(`/v1/cases/${c.id}`)).json();
    expect(after).toMatchObject({ firstResponseAt: occurredAt, version: 2 });
    expect((await log({ kind: 'phone_call', direction: 'outgoing' })).statusCode).toBe(201);
    expect((await api.get(`/v1/cases/${c.id}`)).json().firstResponseAt).toBe(occurredAt);
  });

  it('is refused on a closed case (409)', async () => {
    const c = await caseIn('cancelled');
    const res = await api.post(`/v1/cases/${c.id}/first-response`, {});
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('CASE_NOT_ACTIVE');
  });
});

describe('resolve, cancel and reopen', () => {
  it('resolving writes a resolution activity with the text and the case’s minutes', async () => {
    const c = await newCase(api);
    await api.post(`/v1/cases/${c.id}/activities`, { kind: 'phone_call', direction: 'incoming', subject: 'call', durationMinutes: 20 });
    await api.post(`/v1/cases/${c.id}/activities`, { kind: 'task', subject: 'research', durationMinutes: 10, billable: false });
    const at = clock().toISOString(); // a second after the last activity
    const res = await api.post(`/v1/cases/${c.id}/resolve`, { resolution: 'Replaced the toner', at });
    expect(res.json()).toMatchObject({ status: 'resolved', resolvedAt: at, totalMinutes: 30, billableMinutes: 20 });
    const activities = (await api.get(`/v1/cases/${c.id}/activities`)).json().items;
    expect(activities.at(-1)).toMatchObject({ kind: 'resolution', subject: 'Replaced the toner', totalMinutes: 30, billableMinutes: 20, occurredAt: at });
  });

  it('cancel needs a reason (400 naming it)', async () => {
    const c = await newCase(api);
    const res = await api.post(`/v1/cases/${c.id}/cancel`, {});
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].field).toBe('body.reason');
  });

  it('reopening returns to in_progress, clears the resolution instant and keeps the first response', async () => {
    const c = await newCase(api);
    await api.post(`/v1/cases/${c.id}/first-response`, {});
    await api.post(`/v1/cases/${c.id}/resolve`, { resolution: 'Fixed' });
    const res = await api.post(`/v1/cases/${c.id}/reopen`, { reason: 'It broke again' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'in_progress', resolvedAt: null, cancelledAt: null });
    expect(res.json().firstResponseAt).not.toBeNull();
  });
});

describe('transitionsFrom', () => {
  it('lets an active case reach the other active statuses, resolved and cancelled; a closed one only in_progress', () => {
    expect(transitionsFrom('on_hold').map((x) => x.status)).toEqual(['in_progress', 'waiting_for_details', 'researching', 'resolved', 'cancelled']);
    expect(transitionsFrom('resolved').map((x) => x.status)).toEqual(['in_progress']);
    expect(transitionsFrom('cancelled').map((x) => x.status)).toEqual(['in_progress']);
  });
});
