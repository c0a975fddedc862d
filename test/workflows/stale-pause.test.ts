/**
 * Stale-pause alerts (issue 16): a clock paused longer than the item's threshold (business or calendar
 * time) runs the alert's actions once per pause and records `sla.pause_stale` on the case timeline.
 * Time-skipping environment; no command is sent at the instant a timer fires (sdk-java #2606).
 * Calendar: Monday-Friday 08:00-17:00 Europe/Paris.
 */
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { caseEvents, slaActionRuns } from '../../db/schema/index.js';
import type { SlaActionDefinition } from '../../db/schema/slas.js';
import type { KpiWorkflowHandle } from '../../src/sla/kpi-workflow-client.js';
import { cancelSignal, pauseUpdate, resumeUpdate, type KpiStatus, type StalePauseSetting } from '../../workflows/contract.js';
import { FRI, MON, NEXT_MON, TUE, createCase, kpiInput, referenceCalendar, type TestWeek } from '../support/reference-kpi.js';
import { createSlaHarness, type SlaHarness } from '../support/sla-harness.js';

const ALERT_EMAIL: SlaActionDefinition = {
  type: 'send_email',
  to: ['manager'],
  subject: '[{{case.number}}] {{kpi}} paused too long ({{phase}})',
  body: 'Case {{case.number}} has been on hold for a long time. Is anybody waiting for it?',
};

describe('stale-pause alert of a KPI clock', () => {
  let h: SlaHarness;
  beforeAll(async () => {
    h = await createSlaHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  const pause = (handle: KpiWorkflowHandle, at: string) => handle.executeUpdate(pauseUpdate, { args: [{ at }], updateId: randomUUID() });
  const resume = (handle: KpiWorkflowHandle, at: string) => handle.executeUpdate(resumeUpdate, { args: [{ at }], updateId: randomUUID() });
  const alerts = (s: KpiStatus) => s.actionsRun.filter((a) => a.phase === 'pause_stale');
  const mailsFor = (caseNumber: string) => h.smtp.messages.filter((m) => m.subject.includes(caseNumber));
  async function waitForMails(caseNumber: string, count: number) {
    // Delivery is asynchronous (SMTP); a shortfall is left to the caller's assertion on what arrived.
    await vi
      .waitFor(() => {
        if (mailsFor(caseNumber).length < count) throw new Error(`${mailsFor(caseNumber).length} of ${count} mails`);
      }, { timeout: 20_000, interval: 25 })
      .catch(() => undefined);
    return mailsFor(caseNumber);
  }
  const staleEvents = (caseId: string) =>
    h.db.db.select().from(caseEvents).where(and(eq(caseEvents.caseId, caseId), eq(caseEvents.kind, 'sla.pause_stale')));

  /** Standard Resolve By (2,700 business minutes): nothing else fires during these tests. */
  async function startClock(week: TestWeek, day: number, stalePause: StalePauseSetting) {
    const c = await createCase(h.db.db, h.seed);
    const input = kpiInput(h.seed, c, 'standard', 'resolve', { applicableFrom: week.iso(day, '09:00'), calendar: referenceCalendar([]), stalePause });
    await h.sleepUntil(week.at(day, '09:00'));
    const handle = await h.start(input);
    await h.waitForStatus(handle, (s) => s.failureAt !== null, 'deadlines');
    return { c, input, handle };
  }

  it('fires once when the clock has been paused longer than the threshold (calendar time), and never again in that pause', async () => {
    const week = await h.newWeek();
    const { c, input, handle } = await startClock(week, MON, { afterMinutes: 240, time: 'calendar', actions: [ALERT_EMAIL] });
    await h.sleepUntil(week.at(MON, '10:00'));
    await pause(handle, week.iso(MON, '10:00'));

    await h.sleepUntil(week.at(MON, '14:10'));
    const fired = await h.waitForStatus(handle, (s) => alerts(s).length === 1, 'stale-pause alert');
    expect(fired).toMatchObject({ state: 'paused', warnedAt: null });
    expect(alerts(fired)).toEqual([{ phase: 'pause_stale', index: 0, type: 'send_email', at: week.iso(MON, '14:00'), pause: 1 }]);

    // Another day on hold: the same pause never alerts twice.
    await h.sleepUntil(week.at(TUE, '12:00'));
    await resume(handle, week.iso(TUE, '12:00'));
    await handle.signal(cancelSignal, { at: week.iso(TUE, '12:30'), reason: 'case cancelled' });
    const done = await handle.result();
    expect(alerts(done)).toHaveLength(1);

    expect((await waitForMails(c.number, 1)).map((m) => m.subject)).toEqual([`[${c.number}] Resolve By paused too long (pause_stale)`]);
    const runs = await h.db.db.select().from(slaActionRuns).where(eq(slaActionRuns.instanceId, input.instanceId));
    expect(runs.map((r) => [r.actionKey, r.phase])).toEqual([[`${input.instanceId}:pause_stale:1:0`, 'pause_stale']]);
    const events = await staleEvents(c.id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ occurredAt: new Date(week.at(MON, '14:00')), summary: 'SLA Resolve By: paused longer than the alert threshold' });
    expect(events[0].data).toMatchObject({ instanceId: input.instanceId, state: 'paused', note: `pause 1 (since ${week.iso(MON, '10:00')}) lasted longer than 240 calendar minutes` });
    await h.recordHistory(handle, 'stale-pause-calendar-time-once');
  });

  it('does not fire when the clock resumes before the threshold', async () => {
    const week = await h.newWeek();
    const { c, handle } = await startClock(week, MON, { afterMinutes: 240, time: 'calendar', actions: [ALERT_EMAIL] });
    await h.sleepUntil(week.at(MON, '10:00'));
    await pause(handle, week.iso(MON, '10:00'));
    await h.sleepUntil(week.at(MON, '13:30'));
    await resume(handle, week.iso(MON, '13:30'));

    // Well past 14:00, the instant the alert would have fired.
    await h.sleepUntil(week.at(MON, '16:00'));
    await handle.signal(cancelSignal, { at: week.iso(MON, '16:00'), reason: 'case cancelled' });
    const done = await handle.result();
    expect(alerts(done)).toEqual([]);
    expect(await staleEvents(c.id)).toEqual([]);
    expect(mailsFor(c.number)).toEqual([]);
    await h.recordHistory(handle, 'stale-pause-resumed-before-threshold');
  });

  it('fires once per pause: two long pauses, two alerts with their own action keys', async () => {
    const week = await h.newWeek();
    const { c, input, handle } = await startClock(week, MON, { afterMinutes: 240, time: 'calendar', actions: [ALERT_EMAIL] });
    await h.sleepUntil(week.at(MON, '10:00'));
    await pause(handle, week.iso(MON, '10:00'));
    await h.sleepUntil(week.at(MON, '14:30'));
    await h.waitForStatus(handle, (s) => alerts(s).length === 1, 'first alert');
    await resume(handle, week.iso(MON, '14:30'));

    await h.sleepUntil(week.at(MON, '15:00'));
    await pause(handle, week.iso(MON, '15:00'));
    await h.sleepUntil(week.at(MON, '19:30'));
    const second = await h.waitForStatus(handle, (s) => alerts(s).length === 2, 'second alert');
    expect(alerts(second).map((a) => [a.pause, a.at])).toEqual([
      [1, week.iso(MON, '14:00')],
      [2, week.iso(MON, '19:00')],
    ]);
    await h.sleepUntil(week.at(TUE, '09:00'));
    await handle.signal(cancelSignal, { at: week.iso(TUE, '09:00'), reason: 'case cancelled' });
    expect(alerts(await handle.result())).toHaveLength(2);

    const runs = await h.db.db.select().from(slaActionRuns).where(eq(slaActionRuns.instanceId, input.instanceId));
    expect(runs.map((r) => r.actionKey).sort()).toEqual([`${input.instanceId}:pause_stale:1:0`, `${input.instanceId}:pause_stale:2:0`]);
    expect(await staleEvents(c.id)).toHaveLength(2);
    expect(await waitForMails(c.number, 2)).toHaveLength(2);
    await h.recordHistory(handle, 'stale-pause-two-pauses');
  });

  it('counts business time: paused Friday 15:00 with a 4-hour threshold alerts Monday 10:00, not over the weekend', async () => {
    const week = await h.newWeek();
    const { c, handle } = await startClock(week, FRI, { afterMinutes: 240, time: 'business', actions: [ALERT_EMAIL] });
    await h.sleepUntil(week.at(FRI, '15:00'));
    await pause(handle, week.iso(FRI, '15:00'));

    // Four calendar hours (19:00) and the whole weekend: only two business hours so far.
    await h.sleepUntil(week.at(NEXT_MON, '07:00'));
    expect(alerts(await handle.query('status'))).toEqual([]);
    expect(await staleEvents(c.id)).toEqual([]);

    // Fri 15:00-17:00 (120) + Mon 08:00-10:00 (120).
    await h.sleepUntil(week.at(NEXT_MON, '10:10'));
    const fired = await h.waitForStatus(handle, (s) => alerts(s).length === 1, 'stale-pause alert');
    expect(alerts(fired)[0]).toMatchObject({ at: week.iso(NEXT_MON, '10:00'), pause: 1 });
    await resume(handle, week.iso(NEXT_MON, '10:10'));
    await handle.signal(cancelSignal, { at: week.iso(NEXT_MON, '10:20'), reason: 'case cancelled' });
    expect(alerts(await handle.result())).toHaveLength(1);
    expect((await staleEvents(c.id))[0].data).toMatchObject({ note: `pause 1 (since ${week.iso(FRI, '15:00')}) lasted longer than 240 business minutes` });
    await h.recordHistory(handle, 'stale-pause-business-time-over-weekend');
  });
});
