/**
 * PATCH /v1/cases/{id}/activities/{activityId}: completing an open activity turns it into time spent
 * (the case's totals), may be the first response, and a completed activity is final.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';
import { client, newCase, type Client } from './api-helpers.js';

const START = Date.parse('2026-03-10T09:00:00.000Z');
let ticks = 0;
/** One minute later at every reading, so "now" moves on between requests. */
const clock = () => new Date(START + ++ticks * 60_000);

let t: TestApp;
let api: Client;
beforeAll(async () => {
  t = await createTestApp({ clock });
  api = client(t, await t.keyFor('agent'));
});
afterAll(async () => t.close());

async function openActivity(caseId: string, body: Record<string, unknown> = {}) {
  const res = await api.post(`/v1/cases/${caseId}/activities`, { kind: 'task', subject: 'Replace the fuser', state: 'open', durationMinutes: 0, ...body });
  expect(res.statusCode, res.body).toBe(201);
  return { activity: res.json(), etag: res.headers.etag as string };
}

const totals = async (caseId: string) => {
  const c = (await api.get(`/v1/cases/${caseId}`)).json();
  return { totalMinutes: c.totalMinutes, billableMinutes: c.billableMinutes };
};

describe('PATCH /v1/cases/{id}/activities/{activityId}', () => {
  it('completing an open activity adds its minutes to the case totals, billable ones to the billable minutes', async () => {
    const c = await newCase(api);
    const billable = await openActivity(c.id);
    const internal = await openActivity(c.id, { subject: 'Write the report' });
    expect(await totals(c.id)).toEqual({ totalMinutes: 0, billableMinutes: 0 });

    const done = await api.patch(`/v1/cases/${c.id}/activities/${billable.activity.id}`, { state: 'completed', durationMinutes: 45 }, { 'if-match': billable.etag });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({ state: 'completed', durationMinutes: 45, billable: true, version: 2 });
    expect(done.headers.etag).toBe('W/"2"');
    await api.patch(`/v1/cases/${c.id}/activities/${internal.activity.id}`, { state: 'completed', durationMinutes: 20, billable: false }, { 'if-match': internal.etag });
    expect(await totals(c.id)).toEqual({ totalMinutes: 65, billableMinutes: 45 });
    expect((await api.get(`/v1/cases/${c.id}/activities/${billable.activity.id}`)).json()).toEqual(done.json());
  });

  it('counts the completed minutes in the resolution activity', async () => {
    const c = await newCase(api);
    const { activity, etag } = await openActivity(c.id);
    await api.patch(`/v1/cases/${c.id}/activities/${activity.id}`, { state: 'completed', durationMinutes: 30 }, { 'if-match': etag });
    const resolved = await api.post(`/v1/cases/${c.id}/resolve`, { resolution: 'Fuser replaced' });
    expect(resolved.statusCode, resolved.body).toBe(200);
    const activities = (await api.get(`/v1/cases/${c.id}/activities`)).json().items;
    expect(activities.find((a: { kind: string }) => a.kind === 'resolution')).toMatchObject({ totalMinutes: 30, billableMinutes: 30 });
  });

  it('lets an open activity change without completing it; its minutes do not count yet', async () => {
    const c = await newCase(api);
    const { activity, etag } = await openActivity(c.id);
    const res = await api.patch(`/v1/cases/${c.id}/activities/${activity.id}`, { subject: 'Replace the fuser and the drum', durationMinutes: 15 }, { 'if-match': etag });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ state: 'open', subject: 'Replace the fuser and the drum', durationMinutes: 15 });
    expect(await totals(c.id)).toEqual({ totalMinutes: 0, billableMinutes: 0 });
  });

  it('writes who completed it, and what changed, to the timeline', async () => {
    const c = await newCase(api);
    const { activity, etag } = await openActivity(c.id);
    await api.patch(`/v1/cases/${c.id}/activities/${activity.id}`, { state: 'completed', durationMinutes: 10 }, { 'if-match': etag });
    const events = (await api.get(`/v1/cases/${c.id}/timeline`)).json().items.filter((e: { kind: string }) => e.kind === 'activity_completed');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      summary: 'Completed task "Replace the fuser" (10 min, billable)',
      data: { activityId: activity.id, changes: { state: { from: 'open', to: 'completed' }, durationMinutes: { from: 0, to: 10 } } },
      actor: { kind: 'api_key', name: 'test agent' },
    });
  });

  it('completing an outgoing call is the first response, at the call’s time', async () => {
    const c = await newCase(api);
    const { activity, etag } = await openActivity(c.id, { kind: 'phone_call', direction: 'outgoing', subject: 'Call back' });
    expect((await api.get(`/v1/cases/${c.id}`)).json().firstResponseAt).toBeNull();
    const res = await api.patch(`/v1/cases/${c.id}/activities/${activity.id}`, { state: 'completed', durationMinutes: 5 }, { 'if-match': etag });
    expect(res.statusCode, res.body).toBe(200);
    expect((await api.get(`/v1/cases/${c.id}`)).json().firstResponseAt).toBe(activity.occurredAt);
    const kinds = (await api.get(`/v1/cases/${c.id}/timeline`)).json().items.map((e: { kind: string }) => e.kind);
    expect(kinds).toContain('first_response');
  });

  it('completing an incoming call, or an outgoing one after the first response, leaves the first response alone', async () => {
    const c = await newCase(api);
    const incoming = await openActivity(c.id, { kind: 'phone_call', direction: 'incoming', subject: 'Customer calls' });
    await api.patch(`/v1/cases/${c.id}/activities/${incoming.activity.id}`, { state: 'completed' }, { 'if-match': incoming.etag });
    expect((await api.get(`/v1/cases/${c.id}`)).json().firstResponseAt).toBeNull();

    const answered = await api.post(`/v1/cases/${c.id}/first-response`, {});
    const firstResponseAt = answered.json().firstResponseAt;
    const outgoing = await openActivity(c.id, { kind: 'email', direction: 'outgoing', subject: 'Follow-up' });
    const res = await api.patch(`/v1/cases/${c.id}/activities/${outgoing.activity.id}`, { state: 'completed' }, { 'if-match': outgoing.etag });
    expect(res.statusCode, res.body).toBe(200);
    expect((await api.get(`/v1/cases/${c.id}`)).json().firstResponseAt).toBe(firstResponseAt);
  });

  it('answers a repeated completion with the same data 200 unchanged, and one with other data 409 ACTIVITY_ALREADY_COMPLETED', async () => {
    const c = await newCase(api);
    const { activity, etag } = await openActivity(c.id);
    const body = { state: 'completed', durationMinutes: 30 };
    const first = await api.patch(`/v1/cases/${c.id}/activities/${activity.id}`, body, { 'if-match': etag });
    const retry = await api.patch(`/v1/cases/${c.id}/activities/${activity.id}`, body, { 'if-match': etag });
    expect(retry.statusCode, retry.body).toBe(200);
    expect(retry.json()).toEqual(first.json());

    const other = await api.patch(`/v1/cases/${c.id}/activities/${activity.id}`, { state: 'completed', durationMinutes: 90 }, { 'if-match': first.headers.etag as string });
    expect(other.statusCode, other.body).toBe(409);
    expect(other.json()).toMatchObject({ code: 'ACTIVITY_ALREADY_COMPLETED', fields: ['durationMinutes'], current: { durationMinutes: 30 } });
    const reopened = await api.patch(`/v1/cases/${c.id}/activities/${activity.id}`, { state: 'open' }, { 'if-match': '*' });
    expect(reopened.json()).toMatchObject({ status: 409, code: 'ACTIVITY_ALREADY_COMPLETED' });
    expect(await totals(c.id)).toEqual({ totalMinutes: 30, billableMinutes: 30 });
    const completions = (await api.get(`/v1/cases/${c.id}/timeline`)).json().items.filter((e: { kind: string }) => e.kind === 'activity_completed');
    expect(completions).toHaveLength(1);
  });

  it('refuses activities logged completed the same way', async () => {
    const c = await newCase(api);
    const logged = await api.post(`/v1/cases/${c.id}/activities`, { kind: 'note', subject: 'Spoke to IT' });
    const res = await api.patch(`/v1/cases/${c.id}/activities/${logged.json().id}`, { billable: false }, { 'if-match': '*' });
    expect(res.json()).toMatchObject({ status: 409, code: 'ACTIVITY_ALREADY_COMPLETED' });
  });

  it('answers 404 for an unknown activity, an activity of another case, and an unknown case', async () => {
    const c = await newCase(api);
    const other = await newCase(api);
    const { activity } = await openActivity(other.id);
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect((await api.patch(`/v1/cases/${c.id}/activities/${unknown}`, { state: 'completed' }, { 'if-match': '*' })).json()).toMatchObject({ status: 404, code: 'ACTIVITY_NOT_FOUND' });
    expect((await api.patch(`/v1/cases/${c.id}/activities/${activity.id}`, { state: 'completed' }, { 'if-match': '*' })).json()).toMatchObject({ status: 404, code: 'ACTIVITY_NOT_FOUND' });
    expect((await api.patch(`/v1/cases/${unknown}/activities/${activity.id}`, { state: 'completed' }, { 'if-match': '*' })).json()).toMatchObject({ status: 404, code: 'CASE_NOT_FOUND' });
  });

  it('refuses a negative duration, unknown properties, an empty body and an instant without offset (400 naming the field)', async () => {
    const c = await newCase(api);
    const { activity } = await openActivity(c.id);
    for (const [body, field] of [
      [{ state: 'completed', durationMinutes: -5 }, 'body.durationMinutes'],
      [{ state: 'completed', billableMinutes: 5 }, 'body.billableMinutes'],
      [{ state: 'done' }, 'body.state'],
      [{}, 'body'],
      [{ occurredAt: '2026-03-10T10:00:00' }, 'body.occurredAt'],
    ] as const) {
      const res = await api.patch(`/v1/cases/${c.id}/activities/${activity.id}`, body, { 'if-match': '*' });
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().errors[0].field, JSON.stringify(body)).toBe(field);
    }
    expect((await api.get(`/v1/cases/${c.id}/activities/${activity.id}`)).json()).toMatchObject({ state: 'open', version: 1 });
  });

  it('needs If-Match (428), refuses a stale one (412) and accepts *', async () => {
    const c = await newCase(api);
    const { activity, etag } = await openActivity(c.id);
    expect((await api.patch(`/v1/cases/${c.id}/activities/${activity.id}`, { durationMinutes: 5 })).json()).toMatchObject({ status: 428, code: 'PRECONDITION_REQUIRED' });
    expect((await api.patch(`/v1/cases/${c.id}/activities/${activity.id}`, { durationMinutes: 5 }, { 'if-match': etag })).statusCode).toBe(200);
    const stale = await api.patch(`/v1/cases/${c.id}/activities/${activity.id}`, { state: 'completed' }, { 'if-match': etag });
    expect(stale.json()).toMatchObject({ status: 412, code: 'PRECONDITION_FAILED' });
    expect((await api.patch(`/v1/cases/${c.id}/activities/${activity.id}`, { state: 'completed' }, { 'if-match': '*' })).statusCode).toBe(200);
  });

  it('refuses changes on a resolved case (409 CASE_NOT_ACTIVE): its minutes were counted at resolution', async () => {
    const c = await newCase(api);
    const { activity, etag } = await openActivity(c.id);
    await api.post(`/v1/cases/${c.id}/resolve`, { resolution: 'Obsolete' });
    const res = await api.patch(`/v1/cases/${c.id}/activities/${activity.id}`, { state: 'completed', durationMinutes: 10 }, { 'if-match': etag });
    expect(res.json()).toMatchObject({ status: 409, code: 'CASE_NOT_ACTIVE' });
    expect(await totals(c.id)).toEqual({ totalMinutes: 0, billableMinutes: 0 });
  });
});
