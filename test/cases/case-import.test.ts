/**
 * POST /v1/cases/import through the HTTP API with the real lifecycle (entitlements, SLA clocks) and no
 * Temporal: what each case writes, what its clock commands carry, and what the request refuses. The
 * workflows' side (due before import) is in test/e2e/case-import.e2e.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asc, eq } from 'drizzle-orm';
import { caseEvents, cases, entitlementUsages, slaCommands, slaKpiInstances } from '../../db/schema/index.js';
import { createEntitlementListener } from '../../src/entitlements/entitlement-listener.js';
import { createSlaClockListener } from '../../src/sla/sla-clock-listener.js';
import type { KpiWorkflowInput } from '../../workflows/contract.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { client, newAccount, type Client } from './api-helpers.js';
import { newEntitlement } from '../entitlements/support.js';

const NOW = Date.parse('2026-03-04T12:00:00Z');
const ago = (minutes: number) => new Date(NOW - minutes * 60_000).toISOString();

describe('POST /v1/cases/import', () => {
  let t: TestApp;
  let api: Client;
  let accountId: string;

  const importCases = (body: object, headers?: Record<string, string>) => api.post('/v1/cases/import', body, headers);
  const commandsOf = (caseId: string) => t.database.db.select().from(slaCommands).where(eq(slaCommands.caseId, caseId)).orderBy(asc(slaCommands.id));
  const startInputs = async (caseId: string) =>
    Object.fromEntries((await commandsOf(caseId)).filter((c) => c.kind === 'start').map((c) => {
      const input = (c.payload as { input: KpiWorkflowInput }).input;
      return [input.kpi, input];
    }));
  const caseCount = async () => (await t.database.db.select({ id: cases.id }).from(cases)).length;

  beforeAll(async () => {
    t = await createTestApp({ caseListeners: [createEntitlementListener(), createSlaClockListener(null)], clock: () => new Date(NOW) });
    api = client(t);
    const sla = await api.post('/v1/slas', {
      name: 'Around the clock',
      calendarId: null,
      allowPause: true,
      isDefault: true,
      items: [
        { name: 'Respond in 1h', kpi: 'first_response', failure: { hours: 1 } },
        { name: 'Resolve in 8h', kpi: 'resolve', failure: { hours: 8 } },
      ],
    });
    expect(sla.statusCode, sla.body).toBe(201);
    accountId = (await newAccount(api)).id;
  });

  afterAll(async () => {
    await t.close();
  });

  it('creates each case at its opening instant, replays its history, and answers one result per case; a case that cannot be imported writes nothing and the others go on', async () => {
    const before = await caseCount();
    const res = await importCases({
      cases: [
        {
          externalId: 'ZD-1001',
          title: 'VPN drops every hour',
          accountId,
          origin: 'email',
          openedAt: ago(180),
          statusHistory: [
            { status: 'on_hold', at: ago(120) },
            { status: 'in_progress', at: ago(60) },
          ],
        },
        { externalId: 'ZD-1002', title: 'Wrong queue', accountId, origin: 'web', openedAt: ago(30), queueId: '00000000-0000-4000-8000-000000000000' },
        { title: 'Invoice copy', accountId, origin: 'phone', openedAt: ago(90), firstResponseAt: ago(80), statusHistory: [{ status: 'waiting_for_details', at: ago(70) }] },
      ],
    });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect({ created: body.created, failed: body.failed }).toEqual({ created: 2, failed: 1 });
    expect(body.results.map((r: { index: number; externalId: string | null; status: string }) => [r.index, r.externalId, r.status])).toEqual([
      [0, 'ZD-1001', 'created'],
      [1, 'ZD-1002', 'failed'],
      [2, null, 'created'],
    ]);
    expect(body.results[1].problem).toMatchObject({ code: 'QUEUE_NOT_FOUND', field: 'body.cases[1].queueId' });
    expect(await caseCount()).toBe(before + 2);
    expect(await t.database.db.select().from(cases).where(eq(cases.title, 'Wrong queue'))).toEqual([]);

    const vpn = (await api.get(`/v1/cases/${body.results[0].caseId}`)).json();
    expect(vpn).toMatchObject({ number: body.results[0].number, status: 'in_progress', createdAt: ago(180), updatedAt: new Date(NOW).toISOString() });
    const timeline = (await api.get(`/v1/cases/${vpn.id}/timeline`)).json().items as Array<{ at: string; kind: string; summary: string }>;
    expect(timeline.filter((e) => ['created', 'status_changed', 'imported'].includes(e.kind)).map((e) => [e.at, e.kind])).toEqual([
      [ago(180), 'created'],
      [ago(120), 'status_changed'],
      [ago(60), 'status_changed'],
      [new Date(NOW).toISOString(), 'imported'],
    ]);

    // The clocks start at the opening, know the whole hold at once, and carry the import instant.
    const vpnStarts = await startInputs(vpn.id);
    expect(vpnStarts.first_response).toMatchObject({ applicableFrom: ago(180), pauses: [{ from: ago(120), to: ago(60) }], importedAt: new Date(NOW).toISOString() });
    expect(vpnStarts.resolve).toMatchObject({ applicableFrom: ago(180), pauses: [{ from: ago(120), to: ago(60) }] });
    expect((await commandsOf(vpn.id)).map((c) => c.kind)).toEqual(['start', 'start']);
    // The start the API records (row and timeline) has the deadlines with the hour on hold taken out.
    const shown = (await api.get(`/v1/cases/${vpn.id}/sla`)).json().items as Array<{ kpi: string; failureAt: { utc: string }; pausedBusinessMinutes: number }>;
    expect(shown.map((i) => [i.kpi, i.failureAt.utc, i.pausedBusinessMinutes])).toEqual([
      ['first_response', ago(120), 60],
      ['resolve', ago(-360), 60],
    ]);

    // A first response in the history succeeds First Response By at its instant; the open hold is in the start.
    const invoice = body.results[2];
    expect((await commandsOf(invoice.caseId)).map((c) => [c.kind, (c.payload as { at?: string }).at ?? null])).toEqual([
      ['start', null],
      ['start', null],
      ['succeed', ago(80)],
    ]);
    expect((await startInputs(invoice.caseId)).resolve.pauses).toEqual([{ from: ago(70), to: null }]);
    const [resolveRow] = await t.database.db.select().from(slaKpiInstances).where(eq(slaKpiInstances.workflowId, `sla:${invoice.caseId}:resolve:1`));
    expect(resolveRow.pausedSince?.toISOString()).toBe(ago(70));
  });

  it('imports a resolved case: it ends resolved and its clocks are told they succeeded at the resolution instant', async () => {
    const res = await importCases({
      cases: [{ title: 'Old and done', accountId, origin: 'email', openedAt: ago(600), firstResponseAt: ago(590), resolved: { at: ago(300), resolution: 'Replaced the cable' } }],
    });
    expect(res.statusCode, res.body).toBe(200);
    const [result] = res.json().results;
    const c = (await api.get(`/v1/cases/${result.caseId}`)).json();
    expect(c).toMatchObject({ status: 'resolved', resolvedAt: ago(300), firstResponseAt: ago(590) });
    expect((await commandsOf(c.id)).map((cmd) => [cmd.kind, (cmd.payload as { at?: string }).at ?? null])).toEqual([
      ['start', null],
      ['start', null],
      ['succeed', ago(590)],
      ['succeed', ago(300)],
    ]);
  });

  it('with fireOverdueActions the clocks start without the import instant, so what came due runs', async () => {
    const res = await importCases({ fireOverdueActions: true, cases: [{ title: 'Urgent backlog', accountId, origin: 'phone', openedAt: ago(240) }] });
    expect(res.statusCode, res.body).toBe(200);
    const starts = await startInputs(res.json().results[0].caseId);
    expect(starts.first_response.applicableFrom).toBe(ago(240));
    expect(starts.first_response).not.toHaveProperty('importedAt');
  });

  it('refuses the whole request when an instant is in the future, lacks an offset or is out of order, naming the case index and field, and writes nothing', async () => {
    const before = await caseCount();
    const ok = { title: 'Fine', accountId, origin: 'phone', openedAt: ago(60) };
    const future = await importCases({ cases: [ok, { ...ok, openedAt: new Date(NOW + 3_600_000).toISOString() }] });
    expect(future.statusCode).toBe(400);
    expect(future.json()).toMatchObject({ field: 'body.cases[1].openedAt' });
    expect(future.json().detail).toContain('body.cases[1].openedAt is in the future');

    const local = await importCases({ cases: [{ ...ok, openedAt: '2026-03-04T09:00:00' }] });
    expect(local.statusCode).toBe(400);
    expect(local.json().field).toBe('body.cases[0].openedAt');
    expect(local.json().detail).toContain('offset');

    const disordered = await importCases({
      cases: [{ ...ok, openedAt: ago(120), statusHistory: [{ status: 'on_hold', at: ago(30) }, { status: 'in_progress', at: ago(60) }], firstResponseAt: ago(150) }],
    });
    expect(disordered.statusCode).toBe(400);
    expect(disordered.json().errors).toEqual([
      { field: 'body.cases[0].statusHistory[1].at', message: expect.stringContaining('is before body.cases[0].statusHistory[0].at') },
      { field: 'body.cases[0].firstResponseAt', message: expect.stringContaining('is before body.cases[0].openedAt') },
    ]);

    const twice = await importCases({ cases: [{ ...ok, externalId: 'X-1' }, { ...ok, externalId: 'X-1' }] });
    expect(twice.statusCode).toBe(400);
    expect(twice.json().field).toBe('body.cases[1].externalId');

    const tooMany = await importCases({ cases: Array.from({ length: 1001 }, () => ok) });
    expect(tooMany.statusCode).toBe(400);
    expect(await caseCount()).toBe(before);
  });

  it('needs the admin role', async () => {
    const res = await api.post('/v1/cases/import', { cases: [{ title: 'x', accountId, origin: 'phone', openedAt: ago(5) }] }, t.auth(await t.keyFor('manager')));
    expect(res.statusCode).toBe(403);
  });

  it('replays the first answer for a retried Idempotency-Key, and refuses a case whose externalId was imported before', async () => {
    const body = { cases: [{ externalId: 'FD-77', title: 'Login loop', accountId, origin: 'web', openedAt: ago(45) }] };
    const first = await importCases(body, { 'idempotency-key': 'import-batch-1' });
    const retry = await importCases(body, { 'idempotency-key': 'import-batch-1' });
    expect(retry.statusCode).toBe(200);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.json()).toEqual(first.json());

    const again = await importCases(body);
    expect(again.json()).toMatchObject({ created: 0, failed: 1 });
    expect(again.json().results[0].problem).toMatchObject({ code: 'CASE_ALREADY_IMPORTED', field: 'body.cases[0].externalId' });
    expect(again.json().results[0].problem.message).toContain(first.json().results[0].caseId);
    expect(await t.database.db.select().from(cases).where(eq(cases.title, 'Login loop'))).toHaveLength(1);
  });

  it('uses the entitlement that covered the case when it was opened, like a case created then', async () => {
    const customer = (await newAccount(api, { name: 'Fabrikam' })).id;
    const e = await newEntitlement(t.database.db, { accountId: customer, allocationType: 'cases', totalUnits: 5, startDate: '2026-03-01', endDate: '2026-03-31', isDefault: true });
    const res = await importCases({ cases: [{ title: 'Printer jam', accountId: customer, origin: 'phone', openedAt: ago(120) }] });
    const caseId = res.json().results[0].caseId;
    expect((await api.get(`/v1/cases/${caseId}`)).json().entitlementId).toBe(e.id);
    const usages = await t.database.db.select().from(entitlementUsages).where(eq(entitlementUsages.caseId, caseId));
    expect(usages.map((u) => [u.entitlementId, u.units, u.trigger, u.consumedAt.toISOString()])).toEqual([[e.id, 1, 'created', ago(120)]]);
    const events = await t.database.db.select().from(caseEvents).where(eq(caseEvents.caseId, caseId));
    expect(events.every((ev) => ev.createdAt.getTime() === NOW)).toBe(true);
  });
});
