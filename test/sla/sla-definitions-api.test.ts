import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';
import { referenceSla } from '../support/reference-sla.js';

describe('SLA definitions API', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  const post = (body: unknown, key?: string) => t.app.inject({ method: 'POST', url: '/v1/slas', headers: t.auth(key), payload: body as object });

  it('stores the reference three-tier SLA with its ordered items and durations in business minutes', async () => {
    const res = await post(referenceSla(null));
    expect(res.statusCode).toBe(201);
    const sla = res.json();
    expect(res.headers.location).toBe(`/v1/slas/${sla.id}`);
    expect(sla.isDefault).toBe(true);
    expect(sla.items.map((i: { kpi: string; failureMinutes: number; warningMinutes: number }) => [i.kpi, i.failureMinutes, i.warningMinutes])).toEqual([
      ['first_response', 60, 30],
      ['resolve', 540, 270],
      ['first_response', 240, 120],
      ['resolve', 1080, 540],
      ['first_response', 540, 270],
      ['resolve', 2700, 1350],
    ]);
    expect(sla.items[0].kpiLabel).toBe('First Response By');
    expect(sla.items[0].successCriteria).toEqual({ field: 'firstResponseAt', op: 'is_set' });
  });

  it('converts hours and business days (24x7: a business day is 1440 minutes)', async () => {
    const res = await post({ name: 'units', items: [{ name: 'r', kpi: 'resolve', warning: { hours: 1.5 }, failure: { businessDays: 2 } }] });
    expect(res.statusCode).toBe(201);
    expect(res.json().items[0]).toMatchObject({ warningMinutes: 90, failureMinutes: 2880 });
  });

  it('rejects an unknown field in a condition with 400 naming it and its path', async () => {
    const res = await post({ name: 'bad', items: [{ name: 'x', kpi: 'resolve', applicableWhen: { and: [{ field: 'colour', op: 'equals', value: 'red' }] }, failure: { minutes: 10 } }] });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'UNKNOWN_FIELD', field: 'body.items[0].applicableWhen/and/0/field' });
    expect(res.json().detail).toContain('colour');
  });

  it('rejects an unknown operator with 400 naming it', async () => {
    const res = await post({ name: 'bad', items: [{ name: 'x', kpi: 'resolve', applicableWhen: { field: 'priority', op: 'resembles', value: 'high' }, failure: { minutes: 10 } }] });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'UNKNOWN_OPERATOR' });
    expect(res.json().detail).toContain('resembles');
  });

  it('requires success criteria for a custom KPI and a warning shorter than the failure', async () => {
    const custom = await post({ name: 'c', items: [{ name: 'x', kpi: 'callback', failure: { minutes: 10 } }] });
    expect(custom.json()).toMatchObject({ status: 400, code: 'SUCCESS_CRITERIA_REQUIRED' });
    const late = await post({ name: 'w', items: [{ name: 'x', kpi: 'resolve', warning: { minutes: 10 }, failure: { minutes: 10 } }] });
    expect(late.json()).toMatchObject({ status: 400, code: 'INVALID_DURATION', field: 'body.items[0].warning' });
  });

  it('rejects an unknown action type naming the field', async () => {
    const res = await post({ name: 'a', items: [{ name: 'x', kpi: 'resolve', failure: { minutes: 10 }, failureActions: [{ type: 'call_the_ceo' }] }] });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('VALIDATION_FAILED');
    expect(res.json().detail).toContain('body.items.0.failureActions.0');
  });

  it('answers 422 for a calendar that does not exist', async () => {
    const res = await post({ ...referenceSla('00000000-0000-4000-8000-000000000000', false) });
    expect(res.statusCode).toBe(422);
    expect(res.json().code).toBe('CALENDAR_NOT_FOUND');
  });

  it('lets only admins define SLAs, while agents may read them', async () => {
    const agent = await t.keyFor('agent');
    expect((await post(referenceSla(null, false), agent)).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: '/v1/slas', headers: t.auth(agent) })).statusCode).toBe(200);
  });

  it('replaces a definition with If-Match and refuses a stale ETag with 412', async () => {
    const created = (await post(referenceSla(null, false))).json();
    const ok = await t.app.inject({ method: 'PUT', url: `/v1/slas/${created.id}`, headers: { ...t.auth(), 'if-match': 'W/"1"' }, payload: { ...referenceSla(null, false), name: 'renamed' } });
    expect(ok.statusCode).toBe(200);
    expect(ok.headers.etag).toBe('W/"2"');
    expect(ok.json().items[0].id).not.toBe(created.items[0].id);
    const stale = await t.app.inject({ method: 'PUT', url: `/v1/slas/${created.id}`, headers: { ...t.auth(), 'if-match': 'W/"1"' }, payload: referenceSla(null, false) });
    expect(stale.statusCode).toBe(412);
  });

  it('refuses a replacement without If-Match with 428 PRECONDITION_REQUIRED (If-Match: * replaces unconditionally)', async () => {
    const created = (await post(referenceSla(null, false))).json();
    const missing = await t.app.inject({ method: 'PUT', url: `/v1/slas/${created.id}`, headers: t.auth(), payload: { ...referenceSla(null, false), name: 'blind' } });
    expect(missing.statusCode).toBe(428);
    expect(missing.json()).toMatchObject({ code: 'PRECONDITION_REQUIRED', field: 'headers.if-match' });
    expect((await t.app.inject({ method: 'GET', url: `/v1/slas/${created.id}`, headers: t.auth() })).json()).toMatchObject({ name: created.name, version: 1 });
    const any = await t.app.inject({ method: 'PUT', url: `/v1/slas/${created.id}`, headers: { ...t.auth(), 'if-match': '*' }, payload: { ...referenceSla(null, false), name: 'on purpose' } });
    expect(any.statusCode).toBe(200);
    expect(any.json()).toMatchObject({ name: 'on purpose', version: 2 });
  });

  it('keeps exactly one default SLA', async () => {
    await post({ ...referenceSla(null, true), name: 'new default' });
    const list = (await t.app.inject({ method: 'GET', url: '/v1/slas', headers: t.auth() })).json().items as Array<{ name: string; isDefault: boolean }>;
    expect(list.filter((s) => s.isDefault).map((s) => s.name)).toEqual(['new default']);
  });

  it('answers 404 for an unknown SLA and 400 for a malformed id', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/v1/slas/00000000-0000-4000-8000-000000000000', headers: t.auth() })).json().code).toBe('SLA_NOT_FOUND');
    expect((await t.app.inject({ method: 'GET', url: '/v1/slas/not-a-uuid', headers: t.auth() })).statusCode).toBe(400);
  });
});

describe('SLA email templates', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('rejects an email template with an unknown placeholder, naming the field', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/slas',
      headers: t.auth(),
      payload: { name: 'typo', items: [{ name: 'x', kpi: 'resolve', failure: { minutes: 10 }, failureActions: [{ type: 'send_email', to: ['owner'], subject: 'Late: {{case.numbr}}', body: 'b' }] }] },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'UNKNOWN_PLACEHOLDER', field: 'body.items[0].failureActions[0].subject' });
    expect(res.json().detail).toContain('{{case.numbr}}');
  });
});
