/**
 * A case's clocks follow the SLA version they pinned (issue 9, defects 2-4): editing or deleting the
 * SLA never changes what running clocks do. No gateway: the orchestrator's decisions are read from
 * the `sla_kpi_instances` rows and the `sla_commands` outbox.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asc, eq } from 'drizzle-orm';
import { slaCommands, slaKpiInstances } from '../../db/schema/index.js';
import { createEntitlementListener } from '../../src/entitlements/entitlement-listener.js';
import { createSlaClockListener } from '../../src/sla/sla-clock-listener.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { client, newAccount, newCase, type Client } from '../cases/api-helpers.js';

describe('clocks follow the SLA version their case pinned', () => {
  let t: TestApp;
  let api: Client;
  let clockMs = Date.parse('2026-03-02T09:00:00Z');
  const advance = (minutes: number) => (clockMs += minutes * 60_000);

  beforeAll(async () => {
    t = await createTestApp({ caseListeners: [createEntitlementListener(), createSlaClockListener(null)], clock: () => new Date(clockMs) });
    api = client(t);
  });
  afterAll(async () => {
    await t.close();
  });

  const slaBody = (over: { resolveMinutes?: number; pausingStatuses?: string[]; name?: string } = {}) => ({
    name: over.name ?? 'Pinned SLA',
    isDefault: true,
    ...(over.pausingStatuses ? { pausingStatuses: over.pausingStatuses } : {}),
    items: [{ name: 'Resolve', kpi: 'resolve', failure: { minutes: over.resolveMinutes ?? 600 } }],
  });
  const ok = (res: { statusCode: number; body: string }, status = 200) => {
    expect(res.statusCode, res.body).toBe(status);
    return JSON.parse(res.body || 'null');
  };
  const createSla = async (body = slaBody()) => ok(await api.post('/v1/slas', body), 201);
  const putSla = async (id: string, body: object) => {
    const current = ok(await api.get(`/v1/slas/${id}`));
    return ok(await t.app.inject({ method: 'PUT', url: `/v1/slas/${id}`, payload: body, headers: { ...t.auth(), 'if-match': `W/"${current.version}"` } }));
  };
  const instances = (caseId: string) => t.database.db.select().from(slaKpiInstances).where(eq(slaKpiInstances.caseId, caseId)).orderBy(asc(slaKpiInstances.generation));
  const commands = async (caseId: string) =>
    (await t.database.db.select().from(slaCommands).where(eq(slaCommands.caseId, caseId)).orderBy(asc(slaCommands.id))).map((c) => c.kind);
  const etag = async (caseId: string) => `W/"${ok(await api.get(`/v1/cases/${caseId}`)).version}"`;
  const setStatus = async (caseId: string, status: string) => ok(await api.post(`/v1/cases/${caseId}/status`, { status }, { 'if-match': await etag(caseId) }));

  it('keeps the running instance of a case when the SLA is replaced and the case is edited; new cases use the new items', async () => {
    const sla = await createSla(slaBody({ resolveMinutes: 600 }));
    const account = await newAccount(api);
    const running = await newCase(api, { accountId: account.id });
    const [before] = await instances(running.id);
    expect(before.itemSnapshot).toMatchObject({ failureMinutes: 600 });

    advance(5);
    await putSla(sla.id, slaBody({ resolveMinutes: 1200 }));
    advance(5);
    ok(await api.patch(`/v1/cases/${running.id}`, { title: 'Printer still on fire' }, { 'if-match': await etag(running.id) }));

    const after = await instances(running.id);
    expect(after.map((i) => [i.id, i.endedAt, (i.itemSnapshot as { failureMinutes: number }).failureMinutes])).toEqual([[before.id, null, 600]]);
    expect(await commands(running.id)).toEqual(['start']);

    const later = await newCase(api, { accountId: account.id });
    expect((await instances(later.id)).map((i) => (i.itemSnapshot as { failureMinutes: number }).failureMinutes)).toEqual([1200]);

    const view = ok(await api.get(`/v1/cases/${running.id}/sla`));
    expect(view.sla).toMatchObject({ id: sla.id, version: 1, currentVersion: 2, deleted: false });
    expect(ok(await api.get(`/v1/cases/${later.id}/sla`)).sla).toMatchObject({ id: sla.id, version: 2, currentVersion: 2 });
    const pinned = ok(await api.get(`/v1/slas/${sla.id}/versions/1`));
    expect(pinned).toMatchObject({ id: sla.id, version: 1, current: false, items: [{ kpi: 'resolve', failureMinutes: 600 }] });
    expect(ok(await api.get(`/v1/slas/${sla.id}/versions/2`))).toMatchObject({ version: 2, current: true, items: [{ failureMinutes: 1200 }] });
    expect(ok(await api.get(`/v1/slas/${sla.id}`))).toMatchObject({ version: 2, items: [{ failureMinutes: 1200 }] });
    const missing = await api.get(`/v1/slas/${sla.id}/versions/3`);
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ code: 'SLA_VERSION_NOT_FOUND', currentVersion: 2 });
    expect(missing.json().detail).toContain('no version 3');
  });

  it('resumes a clock paused on hold after the SLA stopped pausing on hold', async () => {
    const sla = await createSla(slaBody({ pausingStatuses: ['on_hold'] }));
    const c = await newCase(api);
    advance(10);
    await setStatus(c.id, 'on_hold');
    expect(await commands(c.id)).toEqual(['start', 'pause']);

    advance(10);
    await putSla(sla.id, slaBody({ pausingStatuses: ['waiting_for_details'] }));
    advance(10);
    await setStatus(c.id, 'in_progress');

    expect(await commands(c.id)).toEqual(['start', 'pause', 'resume']);
    const [inst] = await instances(c.id);
    expect(inst.pausedSince).toBeNull();
    expect(inst.pauses).toEqual([{ from: new Date(clockMs - 20 * 60_000).toISOString(), to: new Date(clockMs).toISOString() }]);
  });

  it('keeps pausing, resuming and succeeding the clocks of a deleted SLA', async () => {
    const sla = await createSla();
    const c = await newCase(api);
    advance(10);
    ok(await api.delete(`/v1/slas/${sla.id}`), 204);

    advance(10);
    await setStatus(c.id, 'on_hold');
    advance(10);
    await setStatus(c.id, 'in_progress');
    advance(10);
    ok(await api.post(`/v1/cases/${c.id}/resolve`, { resolution: 'Replaced the toner' }, { 'if-match': await etag(c.id) }));

    expect(await commands(c.id)).toEqual(['start', 'pause', 'resume', 'succeed']);
    const [inst] = await instances(c.id);
    expect(inst.endReason).toBe('success criteria met');
    expect(ok(await api.get(`/v1/cases/${c.id}/sla`)).sla).toMatchObject({ id: sla.id, version: 1, deleted: true });
    expect(ok(await api.get(`/v1/slas/${sla.id}/versions/1`))).toMatchObject({ version: 1, current: true, deleted: true });
    expect((await api.get(`/v1/slas/${sla.id}`)).statusCode).toBe(404);
  });
});
