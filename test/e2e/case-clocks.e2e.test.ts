/**
 * End to end through the HTTP API: cases steer their KPI workflows on the time-skipping server, the
 * workflows act on the database and the SMTP server, and `GET /v1/cases/{id}/sla` shows the result.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { asc, eq } from 'drizzle-orm';
import { calendars, calendarVersions, slaCommands, slaKpiInstances } from '../../db/schema/index.js';
import { createSlaClockListener } from '../../src/sla/sla-clock-listener.js';
import { SlaCommandDispatcher, type KpiWorkflowGateway } from '../../src/sla/command-dispatcher.js';
import { createTemporalKpiGateway } from '../../src/sla/temporal-kpi-gateway.js';
import { createEntitlementListener } from '../../src/entitlements/entitlement-listener.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { createSlaHarness, type SlaHarness } from '../support/sla-harness.js';
import { EMAILS, ZONE, type TestWeek } from '../support/reference-kpi.js';
import { referenceSla } from '../support/reference-sla.js';

describe('case clocks end to end (API → outbox → Temporal → actions)', () => {
  let h: SlaHarness;
  let t: TestApp;
  let week: TestWeek;
  let clockMs = 0;
  let accountId: string;
  let calendarId: string;
  let standardAccountId: string;
  let dispatcher: SlaCommandDispatcher;
  const THU = 3;
  const FRI = 4;
  const TUE_NEXT = 8;
  const WED_NEXT = 9;

  const api = async (method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, payload?: object, headers: Record<string, string> = {}) => {
    const res = await t.app.inject({ method, url, payload, headers: { ...t.auth(), ...headers } });
    if (res.statusCode >= 400) throw new Error(`${method} ${url} → ${res.statusCode}: ${res.body}`);
    return res;
  };
  const sleepTo = async (ms: number) => {
    await h.sleepUntil(ms);
    // The server may land a few ms past the target; the API reports the instant the test means.
    clockMs = ms;
  };
  const sla = async (caseId: string) => (await api('GET', `/v1/cases/${caseId}/sla`)).json().items as Array<Record<string, any>>;
  const waitForKpi = (caseId: string, kpi: string, predicate: (i: Record<string, any>) => boolean) =>
    vi.waitFor(
      async () => {
        const items = (await sla(caseId)).filter((i) => i.kpi === kpi && !i.endReason?.startsWith('re-evaluated'));
        const match = items.find(predicate);
        if (!match) throw new Error(`no ${kpi} instance matching yet: ${JSON.stringify(items)}`);
        return match;
      },
      { timeout: 30_000, interval: 50 },
    );
  const createCase = async (title: string, account: string, priority: 'low' | 'normal' | 'high') =>
    (await api('POST', '/v1/cases', { title, accountId: account, priority, origin: 'phone', ownerId: h.seed.ownerId })).json();

  beforeAll(async () => {
    h = await createSlaHarness();
    week = await h.newWeek();
    // Mon-Fri 08:00-17:00 Paris; next Monday is a holiday (pause over a weekend AND a holiday).
    const [cal] = await h.db.db.insert(calendars).values({ name: 'Paris office' }).returning();
    calendarId = cal.id;
    await h.db.db.insert(calendarVersions).values({
      calendarId: cal.id,
      version: 1,
      definition: {
        timeZone: ZONE,
        weekly: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, [['08:00', '17:00']]])),
        holidays: [{ date: week.date(7), name: 'Company holiday' }],
      },
    });
    const gateway = createTemporalKpiGateway(h.env.client, { taskQueue: h.taskQueue });
    dispatcher = new SlaCommandDispatcher(h.db.db, gateway, { clock: () => new Date(clockMs) });
    t = await createTestApp({
      database: h.db,
      temporal: h.env.client,
      caseListeners: [createEntitlementListener(), createSlaClockListener(dispatcher)],
      clock: () => new Date(clockMs),
    });
    await api('POST', '/v1/slas', referenceSla(cal.id, true));
    accountId = (await api('POST', '/v1/accounts', { name: 'Premium Co', serviceLevel: 'premium' })).json().id;
    standardAccountId = (await api('POST', '/v1/accounts', { name: 'Standard Co', serviceLevel: 'standard' })).json().id;
    await sleepTo(week.at(THU, '09:00'));
  }, 180_000);

  afterAll(async () => {
    await t?.close();
    await dispatcher?.stop();
    await h?.close();
  });

  it('runs the reference SLA from the API: success, breach with escalation, re-evaluation that warns once, and a pause over a weekend and a holiday', async () => {
    // Thursday 09:00: three cases.
    const premiumHigh = await createCase('Checkout down', accountId, 'high');
    const standard = await createCase('Invoice question', standardAccountId, 'normal');
    const premiumNormal = await createCase('Report slow', accountId, 'normal');

    const phFr = await waitForKpi(premiumHigh.id, 'first_response', (i) => i.failureAt !== null);
    expect(phFr.failureAt.local).toBe(`${week.date(THU)}T10:00:00+01:00`);
    expect(phFr.warningAt.local).toBe(`${week.date(THU)}T09:30:00+01:00`);
    const phRes = await waitForKpi(premiumHigh.id, 'resolve', (i) => i.failureAt !== null);
    expect(phRes.failureAt.local).toBe(`${week.date(FRI)}T09:00:00+01:00`); // 480 min Thu + 60 min Fri

    // 09:20: an outgoing call is the first response of the Premium/normal case: met on time, no email.
    await sleepTo(week.at(THU, '09:20'));
    await api('POST', `/v1/cases/${premiumNormal.id}/activities`, { kind: 'phone_call', direction: 'outgoing', subject: 'Called back', durationMinutes: 15 });
    await waitForKpi(premiumNormal.id, 'first_response', (i) => i.state === 'succeeded');

    // 12:00: the Premium/High first response was warned at 09:30 and breached at 10:00.
    await sleepTo(week.at(THU, '12:00'));
    const breached = await waitForKpi(premiumHigh.id, 'first_response', (i) => i.state === 'noncompliant' && i.actions.length === 4);
    expect(breached.actions.map((a: { phase: string; kind: string }) => `${a.phase}:${a.kind}`)).toEqual([
      'warning:send_email',
      'failure:send_email',
      'failure:set_case_field',
      'failure:escalate_to_queue',
    ]);
    const breachedCase = (await api('GET', `/v1/cases/${premiumHigh.id}`)).json();
    expect(breachedCase.queueId).toBe(h.seed.escalationQueueId);
    expect(breachedCase.fields.firstResponseSlaMet).toBe('no');
    expect(breachedCase.breached).toBe(true);
    const mails = await h.smtp.waitForCount(2);
    expect(mails.map((m) => [m.subject.includes('at risk') ? 'warning' : 'failure', [...m.to].sort()])).toEqual([
      ['warning', [EMAILS.owner]],
      ['failure', [EMAILS.manager, EMAILS.owner].sort()],
    ]);

    // Re-evaluation: the Standard case becomes Premium/High after 3 hours. Its new first-response
    // item (60 min from 09:00) is already past its warning and failure: each fires once, at once.
    const current = (await api('GET', `/v1/cases/${standard.id}`)).json();
    await api('PATCH', `/v1/cases/${standard.id}`, { serviceLevel: 'premium', priority: 'high' }, { 'if-match': `W/"${current.version}"` });
    const reevaluated = await waitForKpi(standard.id, 'first_response', (i) => i.generation === 2 && i.state === 'noncompliant' && i.actions.length === 4);
    expect(reevaluated.applicableFrom.local).toBe(`${week.date(THU)}T09:00:00+01:00`);
    const replaced = (await sla(standard.id)).find((i) => i.kpi === 'first_response' && i.generation === 1)!;
    expect(replaced.endReason).toBe('re-evaluated');
    expect(replaced.actions).toEqual([]);
    await h.smtp.waitForCount(4);
    await new Promise((r) => setTimeout(r, 500)); // give a duplicate the chance to show up
    expect(h.smtp.messages.filter((m) => m.subject.includes(standard.number))).toHaveLength(2);

    // 12:00 Thursday: the Premium/normal case goes on hold until Tuesday 08:00 (weekend + Monday holiday).
    const pn = (await api('GET', `/v1/cases/${premiumNormal.id}`)).json();
    await api('POST', `/v1/cases/${premiumNormal.id}/status`, { status: 'on_hold' }, { 'if-match': `W/"${pn.version}"` });
    await waitForKpi(premiumNormal.id, 'resolve', (i) => i.state === 'paused');
    await sleepTo(week.at(TUE_NEXT, '08:00'));
    const held = (await api('GET', `/v1/cases/${premiumNormal.id}`)).json();
    await api('POST', `/v1/cases/${premiumNormal.id}/status`, { status: 'in_progress' }, { 'if-match': `W/"${held.version}"` });
    // 1080 min: 180 used before the hold; 840 paused (Thu 12-17, Fri). Warning (540) Tue 14:00, failure Wed 14:00.
    const resumed = await waitForKpi(premiumNormal.id, 'resolve', (i) => i.state === 'in_progress' && i.pausedBusinessMinutes > 0);
    expect(resumed.pausedBusinessMinutes).toBe(840);
    expect(resumed.warningAt.local).toBe(`${week.date(TUE_NEXT)}T14:00:00+01:00`);
    expect(resumed.failureAt.local).toBe(`${week.date(WED_NEXT)}T14:00:00+01:00`);
    expect(resumed.actions).toEqual([]);

    // Resolving the Premium/normal case on Tuesday 10:00 meets its Resolve By.
    await sleepTo(week.at(TUE_NEXT, '10:00'));
    const before = (await api('GET', `/v1/cases/${premiumNormal.id}`)).json();
    await api('POST', `/v1/cases/${premiumNormal.id}/resolve`, { resolution: 'Index rebuilt' }, { 'if-match': `W/"${before.version}"` });
    const met = await waitForKpi(premiumNormal.id, 'resolve', (i) => i.state === 'succeeded');
    expect(met.succeededAt).toBe(new Date(week.at(TUE_NEXT, '10:00')).toISOString());
  }, 240_000);

  it('starts clocks late with their original applicable-from when Temporal was unreachable, and owes the actions that came due', async () => {
    const unreachable: KpiWorkflowGateway = new Proxy({} as KpiWorkflowGateway, {
      get: () => async () => {
        throw new Error('14 UNAVAILABLE: connect ECONNREFUSED');
      },
    });
    const offline = new SlaCommandDispatcher(h.db.db, unreachable, { clock: () => new Date(clockMs) });
    const offlineApp = await createTestApp({
      database: h.db,
      caseListeners: [createEntitlementListener(), createSlaClockListener(offline)],
      clock: () => new Date(clockMs),
    });
    try {
      await sleepTo(week.at(WED_NEXT, '09:00'));
      const res = await offlineApp.app.inject({
        method: 'POST',
        url: '/v1/cases',
        headers: offlineApp.auth(),
        payload: { title: 'Created while Temporal was down', accountId, priority: 'high', origin: 'web', ownerId: h.seed.ownerId },
      });
      expect(res.statusCode).toBe(201);
      const c = res.json();
      await offline.drain();
      const pending = await h.db.db.select().from(slaCommands).where(eq(slaCommands.caseId, c.id)).orderBy(asc(slaCommands.id));
      expect(pending.map((p) => [p.kind, p.deliveredAt, p.attempts])).toEqual([
        ['start', null, 1],
        ['start', null, 1],
      ]);
      expect(pending.map((p) => p.lastError)).toEqual([expect.stringContaining('UNAVAILABLE'), expect.stringContaining('UNAVAILABLE')]);

      // Two hours later Temporal is back and the reconciler's sweep runs.
      await sleepTo(week.at(WED_NEXT, '11:00'));
      const mailsBefore = h.smtp.messages.length;
      const reconciler = new SlaCommandDispatcher(h.db.db, createTemporalKpiGateway(h.env.client, { taskQueue: h.taskQueue }), { clock: () => new Date(clockMs) });
      const report = await reconciler.drain();
      expect(report.failed).toBe(0);
      const delivered = await h.db.db.select().from(slaCommands).where(eq(slaCommands.caseId, c.id));
      expect(delivered.map((d) => [d.kind, d.deliveredAt !== null, d.lastError])).toEqual([
        ['start', true, null],
        ['start', true, null],
      ]);
      const fr = await waitForKpi(c.id, 'first_response', (i) => i.state === 'noncompliant' && i.actions.length === 4);
      expect(fr.failureAt.local).toBe(`${week.date(WED_NEXT)}T10:00:00+01:00`);
      await h.smtp.waitForCount(mailsBefore + 2);
      const [instance] = await h.db.db.select().from(slaKpiInstances).where(eq(slaKpiInstances.workflowId, fr.workflowId));
      expect(instance.workflowStartedAt).not.toBeNull();
    } finally {
      await offlineApp.app.close();
      await offline.stop();
    }
  }, 120_000);

  it('moves running deadlines to a new calendar version only when an operator applies it', async () => {
    const THU_NEXT = 10;
    const FRI_NEXT = 11;
    const c = await createCase('Question about invoices', standardAccountId, 'normal');
    // Standard first response: 540 business minutes from Wednesday 11:00 → Thursday 11:00.
    const before = await waitForKpi(c.id, 'first_response', (i) => i.failureAt !== null);
    expect(before.failureAt.local).toBe(`${week.date(THU_NEXT)}T11:00:00+01:00`);
    expect(before.calendar).toEqual({ id: calendarId, version: 1 });

    // A new version closes next Thursday; running clocks keep version 1 until it is applied.
    const day = [['08:00', '17:00']];
    const definition = {
      timeZone: ZONE,
      weekly: { mon: day, tue: day, wed: day, thu: day, fri: day },
      holidays: [{ date: week.date(7), name: 'Company holiday' }, { date: week.date(THU_NEXT), name: 'Office move' }],
    };
    await api('PUT', `/v1/calendars/${calendarId}`, { name: 'Paris office', definition }, { 'if-match': 'W/"1"' });
    expect((await sla(c.id)).find((i) => i.kpi === 'first_response')!.failureAt.local).toBe(`${week.date(THU_NEXT)}T11:00:00+01:00`);

    const applied = (await api('POST', `/v1/calendars/${calendarId}/apply-to-running`)).json();
    expect(applied.instanceIds).toContain(before.instanceId);
    const after = await waitForKpi(c.id, 'first_response', (i) => i.failureAt?.local === `${week.date(FRI_NEXT)}T11:00:00+01:00`);
    expect(after.calendar).toEqual({ id: calendarId, version: 2 });
  }, 120_000);
});
