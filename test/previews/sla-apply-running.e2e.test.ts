/**
 * An SLA definition change applied to a running clock on the time-skipping server: the warning that
 * already fired (and emailed) never fires again; the failure fires once, at the new instant.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { asc, eq } from 'drizzle-orm';
import { calendars, calendarVersions, slaActionRuns, slaKpiInstances } from '../../db/schema/index.js';
import { createSlaClockListener } from '../../src/sla/sla-clock-listener.js';
import { SlaCommandDispatcher } from '../../src/sla/command-dispatcher.js';
import { createTemporalKpiGateway } from '../../src/sla/temporal-kpi-gateway.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { createSlaHarness, type SlaHarness } from '../support/sla-harness.js';
import { MON, ZONE, type TestWeek } from '../support/reference-kpi.js';

describe('applying an SLA change to running clocks (time-skipping Temporal)', () => {
  let h: SlaHarness;
  let t: TestApp;
  let week: TestWeek;
  let dispatcher: SlaCommandDispatcher;
  let clockMs = 0;
  let calendarId: string;
  let slaId: string;

  const api = async (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) => {
    const res = await t.app.inject({ method, url, payload, headers: t.auth() });
    if (res.statusCode >= 400) throw new Error(`${method} ${url} → ${res.statusCode}: ${res.body}`);
    return res.json();
  };
  const sleepTo = async (ms: number) => {
    await h.sleepUntil(ms);
    clockMs = ms;
  };
  const mail = (phase: string) => ({ type: 'send_email', to: [{ address: 'duty@support.test' }], subject: `${phase} {{case.number}}`, body: `${phase}: {{kpi}}` });
  const definition = (warning: number, failure: number) => ({
    name: 'Duty SLA',
    calendarId,
    isDefault: true,
    items: [{ name: 'Resolve', kpi: 'resolve', warning: { minutes: warning }, failure: { minutes: failure }, warningActions: [mail('Warning')], failureActions: [mail('Failure')] }],
  });
  const runsOf = (caseId: string) => h.db.db.select().from(slaActionRuns).where(eq(slaActionRuns.caseId, caseId)).orderBy(asc(slaActionRuns.ranAt));
  const instancesOf = (caseId: string) => h.db.db.select().from(slaKpiInstances).where(eq(slaKpiInstances.caseId, caseId)).orderBy(asc(slaKpiInstances.generation));

  beforeAll(async () => {
    h = await createSlaHarness();
    week = await h.newWeek();
    const [cal] = await h.db.db.insert(calendars).values({ name: 'Paris duty' }).returning();
    calendarId = cal.id;
    const day = [['08:00', '17:00']];
    await h.db.db.insert(calendarVersions).values({ calendarId, version: 1, definition: { timeZone: ZONE, weekly: { mon: day, tue: day, wed: day, thu: day, fri: day } } });
    dispatcher = new SlaCommandDispatcher(h.db.db, createTemporalKpiGateway(h.env.client, { taskQueue: h.taskQueue }), { clock: () => new Date(clockMs) });
    t = await createTestApp({ database: h.db, temporal: h.env.client, caseListeners: [createSlaClockListener(dispatcher)], clock: () => new Date(clockMs) });
    slaId = (await api('POST', '/v1/slas', definition(60, 240))).id;
    await sleepTo(week.at(MON, '09:00'));
  }, 180_000);

  afterAll(async () => {
    await t?.close();
    await dispatcher?.stop();
    await h?.close();
  });

  it('re-pins a running case to the new version; an action that already ran never runs again', async () => {
    const c = await api('POST', '/v1/cases', { title: 'Printer on fire', accountId: h.seed.accountId, origin: 'phone', ownerId: h.seed.ownerId });
    // Warning at Mon 10:00 (60 business minutes): it fires and its email goes out.
    await sleepTo(week.at(MON, '10:30'));
    await vi.waitFor(async () => expect((await runsOf(c.id)).map((r) => r.phase)).toEqual(['warning']), { timeout: 30_000, interval: 50 });
    await h.smtp.waitForCount(1);
    const [old] = await instancesOf(c.id);
    await vi.waitFor(async () => expect((await instancesOf(c.id))[0].warnedAt).not.toBeNull(), { timeout: 30_000, interval: 50 });

    // The new version: warning after 120 minutes (Mon 11:00, still ahead), failure after 480 (Mon 17:00).
    const preview = await api('POST', `/v1/slas/${slaId}/preview`, { proposed: definition(120, 480) });
    expect(preview.totals).toMatchObject({ instances: 1, movedLater: 1 });
    expect(preview.changes[0]).toMatchObject({
      instanceId: old.id,
      old: { warningAt: new Date(week.at(MON, '10:00')).toISOString(), failureAt: new Date(week.at(MON, '13:00')).toISOString() },
      new: { warningAt: new Date(week.at(MON, '11:00')).toISOString(), failureAt: new Date(week.at(MON, '17:00')).toISOString() },
    });
    await api('POST', `/v1/previews/${preview.id}/apply`);
    await dispatcher.drain();
    const [ended, replacement] = await vi.waitFor(
      async () => {
        const rows = await instancesOf(c.id);
        expect(rows).toHaveLength(2);
        expect(rows[1].workflowStartedAt).not.toBeNull();
        return rows;
      },
      { timeout: 30_000, interval: 50 },
    );
    expect(ended.endReason).toBe('SLA version 2 applied');
    expect(replacement.failureAt!.getTime()).toBe(week.at(MON, '17:00'));
    expect((await api('GET', `/v1/cases/${c.id}/sla`)).items.find((i: { instanceId: string }) => i.instanceId === replacement.id)).toBeDefined();

    // Past the new warning instant: no second warning. Past the new failure: the failure fires once.
    await sleepTo(week.at(MON, '12:00'));
    await sleepTo(week.at(MON, '17:30'));
    await vi.waitFor(async () => expect((await runsOf(c.id)).map((r) => r.phase)).toEqual(['warning', 'failure']), { timeout: 30_000, interval: 50 });
    const runs = await runsOf(c.id);
    expect(runs.map((r) => r.instanceId)).toEqual([old.id, replacement.id]);
    await h.smtp.waitForCount(2);
    expect(h.smtp.messages.map((m) => m.subject.split(' ')[0])).toEqual(['Warning', 'Failure']);
    const after = (await instancesOf(c.id))[1];
    expect(after.state).toBe('noncompliant');
    expect(after.failedAt!.getTime()).toBeGreaterThanOrEqual(week.at(MON, '17:00'));
  }, 180_000);
});
