/**
 * The cheap KPI clock (patch `sla-kpi-cheap-clock`) on the time-skipping server, started the way the
 * API starts it: `createInstance` records the 'started' (deadlines on the row, timeline event) in the
 * case's transaction and the workflow starts from the outbox's start command.
 *
 * - From start to its first timer the clock is one workflow task: no activity, no search-attribute
 *   upsert (all set at start), nothing written to the database by the worker.
 * - Late delivery (spec §2.8): a pause committed before the warning instant but delivered after it
 *   never lets the warning fire; the deadlines move by exactly the hold.
 *
 * Calendar: Monday-Friday 08:00-17:00 Europe/Paris. Premium High First Response By: 60 business
 * minutes, warning at 30; from Monday 15:00 the warning is due 15:30 and the failure 16:00.
 */
import { and, desc, eq } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { temporal } from '@temporalio/proto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseEvents, slaCommands, slaKpiInstances } from '../../db/schema/index.js';
import { createInstance, enqueueCommand, recordPause, recordResume } from '../../src/sla/kpi-instances.js';
import { startKpiWorkflow, type KpiWorkflowHandle } from '../../src/sla/kpi-workflow-client.js';
import { slaSearchAttributes as SA } from '../../src/temporal/search-attributes.js';
import { pauseUpdate, resumeUpdate, succeedUpdate, type KpiWorkflowInput } from '../../workflows/contract.js';
import { MON, TUE, createCase, kpiInput, referenceCalendar, type TestWeek } from '../support/reference-kpi.js';
import { createSlaHarness, type SlaHarness } from '../support/sla-harness.js';

const { EventType } = temporal.api.enums.v1;

describe('cheap KPI clock', () => {
  let h: SlaHarness;
  beforeAll(async () => {
    h = await createSlaHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  const mailsFor = (caseNumber: string) => h.smtp.messages.filter((m) => m.subject.includes(caseNumber));

  /** What the API does for a new case: instance row, recorded start and start command in one transaction; then delivery. */
  async function startAsTheApi(week: TestWeek) {
    const c = await createCase(h.db.db, h.seed);
    const { instanceId: _id, generation: _g, ...input } = kpiInput(h.seed, c, 'premiumHigh', 'first_response', {
      applicableFrom: week.iso(MON, '15:00'),
      calendar: referenceCalendar([]),
    });
    const row = await h.db.db.transaction((tx) => createInstance(tx, { input, itemSnapshot: {}, startedAt: new Date(week.at(MON, '15:00')) }));
    const [start] = await h.db.db.select().from(slaCommands).where(and(eq(slaCommands.instanceId, row.id), eq(slaCommands.kind, 'start')));
    const startInput = (start.payload as { input: KpiWorkflowInput }).input;
    const handle = await startKpiWorkflow(h.env.client, { taskQueue: h.taskQueue }, startInput);
    await h.db.db.update(slaCommands).set({ deliveredAt: new Date() }).where(eq(slaCommands.id, start.id));
    return { c, row, handle, startInput };
  }

  async function eventTypes(handle: KpiWorkflowHandle): Promise<string[]> {
    const history = await handle.fetchHistory();
    return (history.events ?? []).map((e) => EventType[e.eventType!].replace(/^EVENT_TYPE_/, ''));
  }

  async function waitForTimer(handle: KpiWorkflowHandle): Promise<string[]> {
    const until = Date.now() + 20_000;
    for (;;) {
      const types = await eventTypes(handle);
      if (types.includes('TIMER_STARTED')) return types;
      if (Date.now() > until) throw new Error(`no timer started; history: ${types.join(', ')}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  async function lastCommandId(tx: Tx, instanceId: string): Promise<number> {
    const [last] = await tx.select({ id: slaCommands.id }).from(slaCommands).where(eq(slaCommands.instanceId, instanceId)).orderBy(desc(slaCommands.id)).limit(1);
    return last.id;
  }

  /** A command the API committed in the case's transaction (the dispatcher has not delivered it). */
  async function commit(row: { id: string; caseId: string }, kind: 'pause' | 'resume', at: number): Promise<number> {
    return h.db.db.transaction(async (tx) => {
      const [inst] = await tx.select().from(slaKpiInstances).where(eq(slaKpiInstances.id, row.id));
      await enqueueCommand(tx, inst, kind, { at: new Date(at).toISOString() });
      if (kind === 'pause') await recordPause(tx, inst, new Date(at));
      else await recordResume(tx, inst, new Date(at));
      return lastCommandId(tx, row.id);
    });
  }

  /** The dispatcher's delivery: the update carries `sla-command-<id>`, then the command is marked delivered. */
  async function deliver(handle: KpiWorkflowHandle, commandId: number, kind: 'pause' | 'resume', at: number) {
    const update = kind === 'pause' ? pauseUpdate : resumeUpdate;
    const status = await handle.executeUpdate(update, { args: [{ at: new Date(at).toISOString() }], updateId: `sla-command-${commandId}` });
    await h.db.db.update(slaCommands).set({ deliveredAt: new Date() }).where(eq(slaCommands.id, commandId));
    return status;
  }

  it('starts a clock the API recorded in one workflow task: no activity, no upsert, every search attribute set at start', async () => {
    const week = await h.newWeek();
    const { c, row, handle } = await startAsTheApi(week);

    expect(await waitForTimer(handle)).toEqual([
      'WORKFLOW_EXECUTION_STARTED',
      'WORKFLOW_TASK_SCHEDULED',
      'WORKFLOW_TASK_STARTED',
      'WORKFLOW_TASK_COMPLETED',
      'MARKER_RECORDED', // the patch marker ...
      'UPSERT_WORKFLOW_SEARCH_ATTRIBUTES', // ... and the SDK's TemporalChangeVersion with it: nothing of ours
      'TIMER_STARTED',
    ]);
    const upserts = ((await handle.fetchHistory()).events ?? []).flatMap((e) => Object.keys(e.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes?.indexedFields ?? {}));
    expect(upserts).toEqual(['TemporalChangeVersion']);
    const described = await handle.describe();
    expect(described.typedSearchAttributes.get(SA.state)).toBe('in_progress');
    expect(described.typedSearchAttributes.get(SA.warningAt)).toEqual(new Date(week.at(MON, '15:30')));
    expect(described.typedSearchAttributes.get(SA.failureAt)).toEqual(new Date(week.at(MON, '16:00')));
    expect(described.typedSearchAttributes.get(SA.caseNumber)).toBe(c.number);
    expect(await handle.query('status')).toMatchObject({ warningAt: week.iso(MON, '15:30'), failureAt: week.iso(MON, '16:00') });
    // The API's transaction recorded the start: the row's deadlines and the timeline event.
    const [stored] = await h.db.db.select().from(slaKpiInstances).where(eq(slaKpiInstances.id, row.id));
    expect(stored).toMatchObject({ state: 'in_progress', mirrorSeq: 1, warningAt: new Date(week.at(MON, '15:30')), failureAt: new Date(week.at(MON, '16:00')) });
    const started = await h.db.db.select().from(caseEvents).where(and(eq(caseEvents.caseId, c.id), eq(caseEvents.kind, 'sla.started')));
    expect(started.map((e) => e.summary)).toEqual([`SLA First Response By: clock started (failure due ${week.label(MON, '16:00')})`]);

    // Then it warns and fails as always; the worker's mirror takes over at seq 2.
    await h.sleepUntil(week.at(MON, '16:10'));
    const failed = await h.waitForStatus(handle, (s) => s.actionsRun.length === 4, 'failure actions');
    expect(failed).toMatchObject({ state: 'noncompliant', warningAt: week.iso(MON, '15:30'), failureAt: week.iso(MON, '16:00') });
    await expect
      .poll(async () => (await h.db.db.select().from(slaKpiInstances).where(eq(slaKpiInstances.id, row.id)))[0], { timeout: 10_000 })
      .toMatchObject({ state: 'noncompliant', mirrorSeq: 3 });
    expect((await handle.describe()).typedSearchAttributes.get(SA.breached)).toBe(true);
    expect(mailsFor(c.number).map((m) => m.subject)).toEqual([
      expect.stringContaining('First Response By at risk'),
      expect.stringContaining('First Response By breached'),
    ]);
    await handle.executeUpdate(succeedUpdate, { args: [{ at: week.iso(MON, '16:20'), reason: 'first response recorded' }], updateId: 'late-success' });
    expect(await handle.result()).toMatchObject({ state: 'noncompliant', lateSucceededAt: week.iso(MON, '16:20') });
    await h.recordHistory(handle, 'api-started-warning-failure-late-success');
  });

  it('never fires a warning inside a hold whose pause is delivered late; the deadlines move by exactly the hold', async () => {
    const week = await h.newWeek();
    const { c, row, handle } = await startAsTheApi(week);
    await waitForTimer(handle);

    // Monday 15:10 the case goes on hold: committed, but the dispatcher is late.
    await h.sleepUntil(week.at(MON, '15:10'));
    const pauseId = await commit(row, 'pause', week.at(MON, '15:10'));
    // Past the warning (15:30) and the failure (16:00) instants before the pause reaches the clock.
    await h.sleepUntil(week.at(TUE, '08:30'));
    const held = await h.waitForStatus(handle, (s) => s.state === 'paused', 'the pause learned from the outbox');
    expect(held).toMatchObject({ pausedSince: week.iso(MON, '15:10'), warnedAt: null, failedAt: null, actionsRun: [] });

    // The late delivery is answered, not refused, and changes nothing.
    expect(await deliver(handle, pauseId, 'pause', week.at(MON, '15:10'))).toMatchObject({ state: 'paused', pausedSince: week.iso(MON, '15:10') });

    // Tuesday 09:00 back in progress: paused 15:10-17:00 (110) + 08:00-09:00 (60) = 170 business minutes.
    await h.sleepUntil(week.at(TUE, '09:00'));
    const resumeId = await commit(row, 'resume', week.at(TUE, '09:00'));
    expect(await deliver(handle, resumeId, 'resume', week.at(TUE, '09:00'))).toMatchObject({
      state: 'in_progress',
      pausedBusinessMinutes: 170,
      warningAt: week.iso(TUE, '09:20'), // Mon 15:30 + 170 business minutes
      failureAt: week.iso(TUE, '09:50'), // Mon 16:00 + 170 business minutes
    });
    await h.sleepUntil(week.at(TUE, '09:25'));
    const warned = await h.waitForStatus(handle, (s) => s.actionsRun.length === 1, 'the warning at its moved instant');
    expect(Date.parse(warned.warnedAt!)).toBeGreaterThanOrEqual(week.at(TUE, '09:20'));
    await handle.executeUpdate(succeedUpdate, { args: [{ at: week.iso(TUE, '09:25'), reason: 'first response recorded' }], updateId: 'success' });
    expect(await handle.result()).toMatchObject({ state: 'succeeded', failedAt: null, pausedBusinessMinutes: 170 });
    expect(mailsFor(c.number).map((m) => m.subject)).toEqual([`[${c.number}] First Response By at risk: due ${week.label(TUE, '09:50')}`]);
    const events = await h.db.db.select().from(caseEvents).where(eq(caseEvents.caseId, c.id));
    expect(events.filter((e) => e.kind === 'sla.warning').map((e) => e.occurredAt.getTime() >= week.at(TUE, '09:20'))).toEqual([true]);
    await h.recordHistory(handle, 'late-pause-delivery-no-warning-in-hold');
  });

  it('counts a success committed before the warning instant but delivered after it as on time, without a warning', async () => {
    const week = await h.newWeek();
    const { c, row, handle } = await startAsTheApi(week);
    await waitForTimer(handle);
    await h.sleepUntil(week.at(MON, '15:10'));
    const successId = await h.db.db.transaction(async (tx) => {
      await enqueueCommand(tx, { id: row.id, caseId: c.id }, 'succeed', { at: week.iso(MON, '15:10'), reason: 'first response recorded' });
      return lastCommandId(tx, row.id);
    });
    // Past the warning (15:30); the run waits a while for the late delivery before it ends.
    await h.sleepUntil(week.at(MON, '15:35'));
    await h.waitForStatus(handle, (s) => s.state === 'succeeded', 'the success learned from the outbox');
    const answer = await handle.executeUpdate(succeedUpdate, {
      args: [{ at: week.iso(MON, '15:10'), reason: 'first response recorded' }],
      updateId: `sla-command-${successId}`,
    });
    expect(answer).toEqual({ state: 'succeeded', met: true, failureAt: week.iso(MON, '16:00') });
    expect(await handle.result()).toMatchObject({ state: 'succeeded', succeededAt: week.iso(MON, '15:10'), warnedAt: null, failedAt: null, actionsRun: [] });
    expect(mailsFor(c.number)).toEqual([]);
  });
});
