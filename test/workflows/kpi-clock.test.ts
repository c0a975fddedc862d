/**
 * The KPI clock's rules beyond the happy paths: pause and resume (spec §2.8), replacement instances
 * (§2.9), cancel and resolve (§2.11), new calendar versions (§1.8) and rejected transitions.
 * Calendar: Monday-Friday 08:00-17:00 Europe/Paris; holidays per test.
 */
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { ApplicationFailure } from '@temporalio/common';
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slaKpiInstances } from '../../db/schema/index.js';
import type { MirrorInstanceInput } from '../../activities/index.js';
import {
  applyCalendarSignal,
  cancelSignal,
  KPI_TRANSITION_REJECTED,
  pauseUpdate,
  resumeUpdate,
  succeedUpdate,
} from '../../workflows/contract.js';
import type { KpiWorkflowHandle } from '../../src/sla/kpi-workflow-client.js';
import { EMAILS, FRI, MON, NEXT_MON, THU, TUE, WED, createCase, kpiInput, readCase, referenceCalendar, type TestWeek } from '../support/reference-kpi.js';
import { createSlaHarness, type SlaHarness } from '../support/sla-harness.js';

describe('SLA KPI clock', () => {
  let h: SlaHarness;
  beforeAll(async () => {
    h = await createSlaHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  const mailsFor = (caseNumber: string) => h.smtp.messages.filter((m) => m.subject.includes(caseNumber));
  const at = (week: TestWeek, day: number, hhmm: string) => ({ at: week.iso(day, hhmm) });
  const pause = (handle: KpiWorkflowHandle, p: { at: string }) => handle.executeUpdate(pauseUpdate, { args: [p], updateId: randomUUID() });
  const resume = (handle: KpiWorkflowHandle, p: { at: string }) => handle.executeUpdate(resumeUpdate, { args: [p], updateId: randomUUID() });
  const succeed = (handle: KpiWorkflowHandle, p: { at: string }, reason = 'first response recorded') =>
    handle.executeUpdate(succeedUpdate, { args: [{ ...p, reason }], updateId: randomUUID() });
  async function rejection(p: Promise<unknown>): Promise<ApplicationFailure> {
    const err = await p.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
    const cause = (err as WorkflowUpdateFailedError).cause;
    expect(cause).toBeInstanceOf(ApplicationFailure);
    expect((cause as ApplicationFailure).type).toBe(KPI_TRANSITION_REJECTED);
    return cause as ApplicationFailure;
  }

  it('does not breach a case on hold over the weekend and a holiday; the deadlines move by exactly the paused business time', async () => {
    const week = await h.newWeek();
    // Friday is a holiday. Premium not High First Response By: 240 business minutes, warning at 120.
    const calendar = referenceCalendar([week.date(FRI)]);
    const c = await createCase(h.db.db, h.seed);
    const handle = await h.start(kpiInput(h.seed, c, 'premiumNotHigh', 'first_response', { applicableFrom: week.iso(THU, '15:00'), calendar }));
    // Without the hold: warning Thu 17:00 (closing time), failure next Monday 10:00 (Thu 120 + Mon 120).
    const initial = await h.waitForStatus(handle, (s) => s.failureAt !== null);
    expect([initial.warningAt, initial.failureAt]).toEqual([week.iso(THU, '17:00'), week.iso(NEXT_MON, '10:00')]);

    await h.sleepUntil(week.at(THU, '16:00'));
    expect(await pause(handle, at(week, THU, '16:00'))).toMatchObject({ state: 'paused', pausedSince: week.iso(THU, '16:00') });

    // Monday 10:15, past the original failure instant: still paused, nothing fired, not breached.
    await h.sleepUntil(week.at(NEXT_MON, '10:15'));
    expect(await handle.query('status')).toMatchObject({ state: 'paused', warnedAt: null, failedAt: null, actionsRun: [] });
    expect((await readCase(h.db.db, c.id)).breached).toBe(false);

    await h.sleepUntil(week.at(NEXT_MON, '10:30'));
    const resumed = await resume(handle, at(week, NEXT_MON, '10:30'));
    // Paused business time: Thu 16:00-17:00 (60) + Friday holiday and weekend (0) + Mon 08:00-10:30 (150).
    expect(resumed).toMatchObject({
      state: 'in_progress',
      pausedBusinessMinutes: 210,
      pauses: [{ from: week.iso(THU, '16:00'), to: week.iso(NEXT_MON, '10:30') }],
      warningAt: week.iso(NEXT_MON, '11:30'), // Thu 17:00 + 210 business minutes
      failureAt: week.iso(NEXT_MON, '13:30'), // Mon 10:00 + 210 business minutes
    });

    await h.sleepUntil(week.at(NEXT_MON, '11:40'));
    const monday = await h.waitForStatus(handle, (s) => s.actionsRun.length === 1, 'warning');
    expect(monday.state).toBe('nearing_noncompliance');

    expect(await succeed(handle, at(week, NEXT_MON, '12:00'))).toMatchObject({ state: 'succeeded', met: true, failureAt: week.iso(NEXT_MON, '13:30') });
    expect(await handle.result()).toMatchObject({ state: 'succeeded', failedAt: null, pausedBusinessMinutes: 210 });
    expect(mailsFor(c.number).map((m) => m.subject)).toEqual([`[${c.number}] First Response By at risk: due ${week.label(NEXT_MON, '13:30')}`]);
    const [row] = await h.db.db.select().from(slaKpiInstances).where(eq(slaKpiInstances.caseId, c.id));
    expect(row).toMatchObject({ state: 'succeeded', pausedBusinessMinutes: 210, failureAt: new Date(week.at(NEXT_MON, '13:30')) });
    expect((await readCase(h.db.db, c.id)).breached).toBe(false);
    await h.recordHistory(handle, 'pause-over-weekend-and-holiday');
  });

  it('never warns twice when paused after the warning fired', async () => {
    const week = await h.newWeek();
    const c = await createCase(h.db.db, h.seed);
    const handle = await h.start(kpiInput(h.seed, c, 'premiumHigh', 'first_response', { applicableFrom: week.iso(MON, '15:00'), calendar: referenceCalendar([]) }));

    await h.sleepUntil(week.at(MON, '15:40'));
    await h.waitForStatus(handle, (s) => s.actionsRun.length === 1, 'warning');
    await pause(handle, at(week, MON, '15:40'));
    await h.sleepUntil(week.at(TUE, '09:00'));
    const resumed = await resume(handle, at(week, TUE, '09:00'));
    // 20 minutes were left; paused 15:40-17:00 and 08:00-09:00 = 140 business minutes.
    expect(resumed).toMatchObject({ state: 'nearing_noncompliance', warningAt: week.iso(MON, '15:30'), failureAt: week.iso(TUE, '09:20'), pausedBusinessMinutes: 140 });

    await h.sleepUntil(week.at(TUE, '09:30'));
    const failed = await h.waitForStatus(handle, (s) => s.actionsRun.length === 4, 'failure actions');
    expect(failed.actionsRun.filter((a) => a.phase === 'warning')).toHaveLength(1);
    await handle.signal(cancelSignal, { at: week.iso(TUE, '09:40'), reason: 'case cancelled' });
    expect(await handle.result()).toMatchObject({ state: 'noncompliant', endReason: 'case cancelled', endedAt: week.iso(TUE, '09:40') });
    expect(mailsFor(c.number).map((m) => m.subject)).toEqual([
      `[${c.number}] First Response By at risk: due ${week.label(MON, '16:00')}`,
      `[${c.number}] First Response By breached`,
    ]);
  });

  it('changes nothing when resumed at once (zero-length pause)', async () => {
    const week = await h.newWeek();
    const c = await createCase(h.db.db, h.seed);
    const handle = await h.start(kpiInput(h.seed, c, 'premiumHigh', 'first_response', { applicableFrom: week.iso(MON, '15:00'), calendar: referenceCalendar([]) }));
    const before = await h.waitForStatus(handle, (s) => s.failureAt !== null);
    await h.sleepUntil(week.at(MON, '15:10'));
    await pause(handle, at(week, MON, '15:10'));
    const after = await resume(handle, at(week, MON, '15:10'));
    expect(after).toMatchObject({ state: 'in_progress', warningAt: before.warningAt, failureAt: before.failureAt, pausedBusinessMinutes: 0, pauses: [] });
    await succeed(handle, at(week, MON, '15:20'));
    expect(await handle.result()).toMatchObject({ state: 'succeeded', failureAt: week.iso(MON, '16:00') });
  });

  it('does not warn again on a replacement instance whose warning already fired; it fails at its deadline', async () => {
    const week = await h.newWeek();
    const c = await createCase(h.db.db, h.seed);
    await h.sleepUntil(week.at(TUE, '12:00'));
    // Premium High Resolve By from Mon 15:00: warning Tue 10:30 (past), failure Tue 15:00.
    const handle = await h.start(
      kpiInput(h.seed, c, 'premiumHigh', 'resolve', {
        applicableFrom: week.iso(MON, '15:00'),
        calendar: referenceCalendar([]),
        generation: 2,
        alreadyWarned: true,
        alreadyWarnedAt: week.iso(TUE, '10:30'),
      }),
    );
    const s = await h.waitForStatus(handle, (x) => x.failureAt !== null);
    expect(s).toMatchObject({ state: 'nearing_noncompliance', warnedAt: week.iso(TUE, '10:30'), failureAt: week.iso(TUE, '15:00'), actionsRun: [] });

    await h.sleepUntil(week.at(TUE, '15:10'));
    const failed = await h.waitForStatus(handle, (x) => x.actionsRun.length === 3, 'failure actions');
    expect(failed.actionsRun.map((a) => a.phase)).toEqual(['failure', 'failure', 'failure']);
    await handle.signal(cancelSignal, { at: week.iso(TUE, '15:20'), reason: 're-evaluated' });
    await handle.result();
    expect(mailsFor(c.number).map((m) => m.subject)).toEqual([`[${c.number}] Resolve By breached`]);
    await h.recordHistory(handle, 'replacement-already-warned-then-fails');
  });

  it('fails at once a replacement instance whose failure is already past, unless that failure already happened', async () => {
    const week = await h.newWeek();
    const c = await createCase(h.db.db, h.seed);
    await h.sleepUntil(week.at(TUE, '09:00'));
    const base = { applicableFrom: week.iso(MON, '15:00'), calendar: referenceCalendar([]), alreadyWarned: true };
    // First Response By failed Mon 16:00 while this case still had another item.
    const fails = await h.start(kpiInput(h.seed, c, 'premiumHigh', 'first_response', { ...base, generation: 2 }));
    const failed = await h.waitForStatus(fails, (s) => s.actionsRun.length === 3, 'failure actions');
    expect(failed).toMatchObject({ state: 'noncompliant', failureAt: week.iso(MON, '16:00') });
    expect(Date.parse(failed.failedAt!)).toBeGreaterThanOrEqual(week.at(TUE, '09:00'));
    expect(await readCase(h.db.db, c.id)).toMatchObject({ queueId: h.seed.escalationQueueId, breached: true, fields: { firstResponseSlaMet: 'no' } });

    // The same KPI replaced again (generation 3) after its failure: nothing runs again.
    await fails.signal(cancelSignal, { at: week.iso(TUE, '09:05'), reason: 're-evaluated' });
    const again = await h.start(
      kpiInput(h.seed, c, 'premiumHigh', 'first_response', { ...base, generation: 3, alreadyFailed: true, alreadyFailedAt: failed.failedAt }),
    );
    const inherited = await h.waitForStatus(again, (s) => s.failureAt !== null);
    expect(inherited).toMatchObject({ state: 'noncompliant', failedAt: failed.failedAt, actionsRun: [] });
    expect(await succeed(again, at(week, TUE, '09:10'))).toMatchObject({ state: 'noncompliant', met: false });
    expect(await again.result()).toMatchObject({ state: 'noncompliant', lateSucceededAt: week.iso(TUE, '09:10'), actionsRun: [] });
    await fails.result();
    expect(mailsFor(c.number).map((m) => [m.subject, m.to])).toEqual([[`[${c.number}] First Response By breached`, [EMAILS.owner, EMAILS.manager]]]);
  });

  it('ends without actions when canceled', async () => {
    const week = await h.newWeek();
    const c = await createCase(h.db.db, h.seed);
    const handle = await h.start(kpiInput(h.seed, c, 'premiumHigh', 'first_response', { applicableFrom: week.iso(MON, '15:00'), calendar: referenceCalendar([]) }));
    await h.waitForStatus(handle, (s) => s.failureAt !== null);
    // What an operator sees in the Temporal UI.
    const described = await handle.describe();
    expect(await described.staticSummary()).toBe(`First Response By · ${c.number} · Premium/Enterprise, High: 1h`);
    expect(await described.staticDetails()).toContain('- Failure after: 1h (60 business min)');
    const meta = await handle.query<{ currentDetails: string }>('__temporal_workflow_metadata');
    expect(meta.currentDetails).toContain('- State: **In Progress**');
    expect(meta.currentDetails).toContain(`- Next: Warning: First Response By due ${week.label(MON, '15:30')}`);
    await h.sleepUntil(week.at(MON, '15:10'));
    await handle.signal(cancelSignal, { at: week.iso(MON, '15:10'), reason: 'case cancelled' });
    expect(await handle.result()).toMatchObject({ state: 'canceled', endReason: 'case cancelled', endedAt: week.iso(MON, '15:10'), actionsRun: [] });
    await h.sleepUntil(week.at(TUE, '09:00'));
    expect(mailsFor(c.number)).toEqual([]);
    const [row] = await h.db.db.select().from(slaKpiInstances).where(eq(slaKpiInstances.caseId, c.id));
    expect(row).toMatchObject({ state: 'canceled', endReason: 'case cancelled' });
    await h.recordHistory(handle, 'canceled');
  });

  it('resolves a case before its first response: Resolve By succeeds, First Response By is canceled', async () => {
    const week = await h.newWeek();
    const calendar = referenceCalendar([]);
    const c = await createCase(h.db.db, h.seed);
    const fr = await h.start(kpiInput(h.seed, c, 'standard', 'first_response', { applicableFrom: week.iso(MON, '15:00'), calendar }));
    const rs = await h.start(kpiInput(h.seed, c, 'standard', 'resolve', { applicableFrom: week.iso(MON, '15:00'), calendar }));
    await h.waitForStatus(rs, (s) => s.failureAt !== null);
    await h.sleepUntil(week.at(MON, '16:00'));
    expect(await succeed(rs, at(week, MON, '16:00'), 'case resolved')).toMatchObject({ state: 'succeeded', met: true });
    await fr.signal(cancelSignal, { at: week.iso(MON, '16:00'), reason: 'case resolved' });
    expect(await rs.result()).toMatchObject({ state: 'succeeded', succeededAt: week.iso(MON, '16:00') });
    expect(await fr.result()).toMatchObject({ state: 'canceled', endReason: 'case resolved' });
    expect(mailsFor(c.number)).toEqual([]);
  });

  it('recomputes the deadlines when a new calendar version is applied', async () => {
    const week = await h.newWeek();
    const c = await createCase(h.db.db, h.seed);
    const v1 = referenceCalendar([]);
    const handle = await h.start(kpiInput(h.seed, c, 'premiumHigh', 'resolve', { applicableFrom: week.iso(MON, '15:00'), calendar: v1 }));
    expect(await h.waitForStatus(handle, (s) => s.failureAt !== null)).toMatchObject({ warningAt: week.iso(TUE, '10:30'), failureAt: week.iso(TUE, '15:00') });
    await h.sleepUntil(week.at(MON, '15:30'));
    const v2 = { ...referenceCalendar([week.date(TUE)]), id: v1.id, version: 2 };
    await handle.signal(applyCalendarSignal, { calendar: v2 });
    const moved = await h.waitForStatus(handle, (s) => s.failureAt === week.iso(WED, '15:00'), 'recomputed deadlines');
    expect(moved.warningAt).toBe(week.iso(WED, '10:30'));
    await expect
      .poll(async () => (await h.db.db.select().from(slaKpiInstances).where(eq(slaKpiInstances.caseId, c.id)))[0], { timeout: 10_000 })
      .toMatchObject({ calendarVersion: 2, failureAt: new Date(week.at(WED, '15:00')) });
    await succeed(handle, at(week, MON, '15:40'), 'case resolved');
    await handle.result();
  });

  it('waits for a usable calendar version when the pinned one cannot be used', async () => {
    const week = await h.newWeek();
    const c = await createCase(h.db.db, h.seed);
    const broken = { ...referenceCalendar([]), definition: { timeZone: 'Mars/Olympus_Mons', weekly: {} } };
    const handle = await h.start(kpiInput(h.seed, c, 'premiumHigh', 'first_response', { applicableFrom: week.iso(MON, '15:00'), calendar: broken }));
    await expect
      .poll(async () => (await handle.query<{ currentDetails: string }>('__temporal_workflow_metadata')).currentDetails, { timeout: 10_000 })
      .toContain('Deadlines cannot be computed');
    expect(await handle.query('status')).toMatchObject({ state: 'in_progress', failureAt: null });
    await handle.signal(applyCalendarSignal, { calendar: { ...referenceCalendar([]), id: broken.id, version: 2 } });
    expect(await h.waitForStatus(handle, (s) => s.failureAt !== null)).toMatchObject({ warningAt: week.iso(MON, '15:30'), failureAt: week.iso(MON, '16:00') });
    await handle.signal(cancelSignal, { at: week.iso(MON, '15:00'), reason: 'done' });
    await handle.result();
  });

  it('rejects resuming a running clock and pausing a paused one (WorkflowUpdateFailedError)', async () => {
    const week = await h.newWeek();
    const c = await createCase(h.db.db, h.seed);
    const handle = await h.start(kpiInput(h.seed, c, 'premiumHigh', 'first_response', { applicableFrom: week.iso(MON, '15:00'), calendar: referenceCalendar([]) }));
    await h.sleepUntil(week.at(MON, '15:05'));
    expect((await rejection(resume(handle, at(week, MON, '15:05')))).message).toMatch(/cannot resume: the clock is running/);
    await pause(handle, at(week, MON, '15:05'));
    expect((await rejection(pause(handle, at(week, MON, '15:06')))).message).toMatch(/cannot pause: already paused/);
    expect((await rejection(resume(handle, { at: '2026-01-01T10:00:00' }))).message).toMatch(/offset/);
    await resume(handle, at(week, MON, '15:06'));
    await succeed(handle, at(week, MON, '15:07'));
    expect(await handle.result()).toMatchObject({ state: 'succeeded', pausedBusinessMinutes: 1 });
  });

  it('rejects a success on a closed KPI (WorkflowUpdateFailedError)', async () => {
    const week = await h.newWeek();
    const c = await createCase(h.db.db, h.seed);
    // A worker whose mirror of the success waits, so the workflow stays open after the KPI closed.
    let reached!: () => void;
    const gateReached = new Promise<void>((r) => (reached = r));
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    const taskQueue = `gated-${randomUUID()}`;
    const gated = await h.startWorker(taskQueue, {
      ...h.activities,
      async mirrorInstance(input: MirrorInstanceInput) {
        if (input.transition.kind === 'succeeded') {
          reached();
          await released;
        }
        return h.activities.mirrorInstance(input);
      },
    });
    const handle = await h.start(kpiInput(h.seed, c, 'premiumHigh', 'first_response', { applicableFrom: week.iso(MON, '15:00'), calendar: referenceCalendar([]) }), taskQueue);
    await h.sleepUntil(week.at(MON, '15:10'));
    const first = handle.executeUpdate(succeedUpdate, { args: [{ at: week.iso(MON, '15:10'), reason: 'first response recorded' }], updateId: 'cmd-1' });
    await gateReached;
    expect((await rejection(succeed(handle, at(week, MON, '15:11')))).message).toMatch(/cannot succeed: the KPI is closed \(succeeded/);
    release();
    expect(await first).toMatchObject({ state: 'succeeded', met: true });
    expect(await handle.result()).toMatchObject({ state: 'succeeded' });
    // Once the workflow completed, the server itself refuses the update.
    await expect(succeed(handle, at(week, MON, '15:12'))).rejects.toBeInstanceOf(WorkflowNotFoundError);
    gated.worker.shutdown();
    await gated.done;
  });
});
