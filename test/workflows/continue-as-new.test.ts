/**
 * The KPI workflow's history safety valve on the real Temporal dev server, with the server told to
 * suggest continue-as-new after 40 events: a KPI paused and resumed many times continues as new
 * several times and each new run stands exactly where the old one did (pauses, paused business time,
 * deadlines, warning already reached and its actions, the DB mirror's sequence).
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { defaultPayloadConverter } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createSlaActivities } from '../../activities/index.js';
import { caseEvents, slaActionRuns, slaKpiInstances } from '../../db/schema/index.js';
import { CaseLifecycle } from '../../src/cases/case-lifecycle.js';
import { createMailer, type Mailer } from '../../src/mail/mailer.js';
import { caseListeners } from '../../src/main/case-listeners.js';
import { startKpiWorkflow, type KpiWorkflowHandle } from '../../src/sla/kpi-workflow-client.js';
import { KpiMachine } from '../../src/sla/kpi-state.js';
import { createSlaWorker, WORKFLOWS_PATH } from '../../src/worker/create-worker.js';
import { pauseUpdate, resumeUpdate, statusQuery, succeedUpdate, type KpiStatus, type KpiWorkflowInput, type PauseInterval } from '../../workflows/contract.js';
import { createTestDatabase } from '../support/db.js';
import { createCase, kpiInput, seedReferenceData, type ReferenceSeed } from '../support/reference-kpi.js';
import { startSmtpCapture, type SmtpCapture } from '../support/smtp.js';
import { bundleWorkflows, createDevServerEnv } from '../support/temporal.js';

const MIN = 60_000;

/** What the workflow hands to continueAsNew (workflows/sla-kpi.workflow.ts `carriedInput`). */
const carriedInput = (input: KpiWorkflowInput, m: KpiMachine): KpiWorkflowInput => ({ ...input, calendar: m.calendar, pauses: m.status().pauses, carried: m.carry() });

describe('KpiMachine carried over to a continued-as-new run', () => {
  const at = (min: number) => Date.parse('2026-11-24T09:00:00.000Z') + min * MIN;
  const isoAt = (min: number) => new Date(at(min)).toISOString();
  const base = (over: Partial<KpiWorkflowInput> = {}): KpiWorkflowInput => ({
    instanceId: 'i-1',
    caseId: 'c-1',
    caseNumber: 'CAS-1',
    caseTitle: 'Printer on fire',
    slaId: 's-1',
    slaName: 'Reference',
    slaItemId: 'it-1',
    itemName: 'Premium High',
    kpi: 'first_response',
    generation: 1,
    applicableFrom: isoAt(0),
    warningMinutes: 30,
    failureMinutes: 60,
    calendar: null,
    pauses: [],
    allowPause: true,
    actions: { warning: [], failure: [], success: [] },
    ...over,
  });
  /** 24x7 deadlines for the machine's closed pauses. */
  const deadlinesOf = (m: KpiMachine) => {
    const paused = m.closedPauseIntervals().reduce((sum, p) => sum + Date.parse(p.to) - Date.parse(p.from), 0);
    return { zone: 'UTC', warningAt: new Date(at(30) + paused).toISOString(), failureAt: new Date(at(60) + paused).toISOString(), warningLabel: 'w', failureLabel: 'f', pausedBusinessMinutes: paused / MIN };
  };
  const drain = (m: KpiMachine) => {
    while (m.takeTransition()) m.seq += 1;
  };

  it('resumes a paused, warned clock with the same status, no started transition, and recomputes the deadlines', () => {
    const input = base();
    const m = new KpiMachine(input, 'wf', at(0));
    m.applyDeadlines(deadlinesOf(m), m.deadlinesEpoch);
    m.fire('warning', at(31));
    m.recordAction({ phase: 'warning', index: 0, type: 'send_email', at: isoAt(31) });
    m.pause(isoAt(40));
    m.resume(isoAt(45));
    m.applyDeadlines(deadlinesOf(m), m.deadlinesEpoch);
    m.pause(isoAt(50));
    drain(m);
    expect(m.canCarryOver).toBe(true);

    const next = new KpiMachine(carriedInput(input, m), 'wf', at(55));
    expect(next.takeTransition()).toBeUndefined();
    expect(next.status()).toEqual(m.status());
    expect(next.seq).toBe(m.seq);
    expect(next.deadlinesStale).toBe(true); // recomputed through computeDeadlines, as on resume
    expect(next.closedPauseIntervals()).toEqual(m.closedPauseIntervals());
    next.applyDeadlines(deadlinesOf(next), next.deadlinesEpoch);
    expect(next.status()).toEqual(m.status());
    expect(next.nextDue()).toEqual(m.nextDue()); // the failure, never the warning again
  });

  it('keeps a failed clock failed with its final deadlines, and a success reported late is judged the same way', () => {
    for (const alreadyFailed of [false, true]) {
      const input = base(alreadyFailed ? { alreadyFailed: true, alreadyFailedAt: isoAt(0) } : {});
      const m = new KpiMachine(input, 'wf', at(0));
      m.applyDeadlines(deadlinesOf(m), m.deadlinesEpoch);
      if (!alreadyFailed) m.fire('failure', at(61));
      m.pause(isoAt(70));
      m.resume(isoAt(80)); // after the failure: the deadlines no longer move
      drain(m);
      const next = new KpiMachine(carriedInput(input, m), 'wf', at(90));
      expect(next.takeTransition()).toBeUndefined();
      expect(next.deadlinesStale).toBe(false);
      expect(next.status()).toEqual(m.status());
      // Happened before the failure instant, reported after it fired: on time unless the failure was inherited.
      expect(next.succeed(isoAt(59), 'first response')).toEqual(m.succeed(isoAt(59), 'first response'));
      expect(next.status()).toEqual(m.status());
    }
  });

  it('does not carry over while a transition is unrecorded or a late success waits for the failure', () => {
    const m = new KpiMachine(base(), 'wf', at(0));
    expect(m.canCarryOver).toBe(false); // 'started' not recorded yet
    drain(m);
    m.applyDeadlines(deadlinesOf(m), m.deadlinesEpoch);
    expect(m.canCarryOver).toBe(true);
    m.succeed(isoAt(65), 'late'); // the failure timer has not fired yet
    expect(m.canCarryOver).toBe(false);
  });
});

describe('SLA KPI continue-as-new (dev server, suggested after 40 events)', () => {
  let env: TestWorkflowEnvironment;
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let smtp: SmtpCapture;
  let mailer: Mailer;
  let seed: ReferenceSeed;
  let worker: Worker;
  let running: Promise<void>;
  const taskQueue = `can-${randomUUID()}`;

  beforeAll(async () => {
    env = await createDevServerEnv({ extraArgs: ['--dynamic-config-value', 'limit.historyCount.suggestContinueAsNew=40'] });
    db = await createTestDatabase();
    smtp = await startSmtpCapture();
    mailer = createMailer({ smtpUrl: smtp.url, from: 'SLA Service <sla@support.test>', mailboxDir: mkdtempSync(path.join(os.tmpdir(), 'sla-mailbox-')) });
    seed = await seedReferenceData(db.db);
    const workflowBundle = await bundleWorkflows(WORKFLOWS_PATH);
    worker = await createSlaWorker({ connection: env.nativeConnection, taskQueue, activities: createSlaActivities({ db: db.db, mailer, caseLifecycle: new CaseLifecycle(caseListeners(null)) }), workflowBundle });
    running = worker.run();
  }, 60_000);

  afterAll(async () => {
    if (worker?.getState() === 'RUNNING') worker.shutdown();
    await running;
    mailer?.close();
    await smtp?.close();
    await db?.close();
    await env?.teardown();
  });

  /** The input of every run of the workflow, first to latest, following the continue-as-new chain. */
  async function runInputs(handle: KpiWorkflowHandle, firstRunId: string): Promise<Array<{ runId: string; input: KpiWorkflowInput; continued: boolean }>> {
    const runs: Array<{ runId: string; input: KpiWorkflowInput; continued: boolean }> = [];
    let runId: string | undefined = firstRunId;
    while (runId) {
      const history: Awaited<ReturnType<KpiWorkflowHandle['fetchHistory']>> = await env.client.workflow.getHandle(handle.workflowId, runId).fetchHistory();
      const events = history.events ?? [];
      const payload = events[0].workflowExecutionStartedEventAttributes!.input!.payloads![0];
      const next: string | undefined = events[events.length - 1].workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId ?? undefined;
      runs.push({ runId, input: defaultPayloadConverter.fromPayload<KpiWorkflowInput>(payload), continued: !!next });
      runId = next;
    }
    return runs;
  }

  it('continues as new while paused and resumed many times, and the latest run has every pause, the moved deadlines and the single warning', async () => {
    const c = await createCase(db.db, seed);
    const applicableFrom = Date.now() - 3 * 60 * MIN;
    // 24x7: the warning (60 min) is already past and fires at once; the failure is ~69 days away.
    const input = kpiInput(seed, c, 'premiumHigh', 'resolve', {
      applicableFrom: new Date(applicableFrom).toISOString(),
      calendar: null,
      warningMinutes: 60,
      failureMinutes: 100_000,
    });
    const handle = await startKpiWorkflow(env.client, { taskQueue }, input);
    const firstRunId = (await handle.describe()).runId;
    const waitForStatus = async (predicate: (s: KpiStatus) => boolean, what: string) => {
      const until = Date.now() + 20_000;
      for (;;) {
        const s = await handle.query(statusQuery);
        if (predicate(s)) return s;
        if (Date.now() > until) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(s)}`);
        await new Promise((r) => setTimeout(r, 25));
      }
    };
    const warned = await waitForStatus((s) => s.actionsRun.length === 1 && s.failureAt !== null, 'the warning and its email');
    expect(warned.state).toBe('nearing_noncompliance');
    await smtp.waitForCount(1);

    // Pause/resume pairs with increasing business instants (all between the warning and now), each
    // pause a little longer than the previous, until the run continued as new at least twice, once
    // while paused (the open pause travels) and once while running.
    const base = applicableFrom + 70 * MIN;
    const pauses: PauseInterval[] = [];
    let pausedMs = 0;
    let enough = false;
    let continuedWhilePaused = false;
    let continuedWhileRunning = false;
    // Update handlers return before their transition is recorded, so updates sent back to back never leave
    // the run a quiescent point. Once the history is past the suggestion threshold, give the run a moment
    // to continue as new in the state it is in (paused or running): true when it did.
    const continuedAtQuiescence = async () => {
      const before = await handle.describe();
      if ((before.historyLength ?? 0) < 40) return false;
      const until = Date.now() + 5_000;
      while (Date.now() < until) {
        if ((await handle.describe()).runId !== before.runId) return true;
        await new Promise((r) => setTimeout(r, 25));
      }
      return false;
    };
    for (let i = 0; i < 60 && !enough; i++) {
      const from = base + i * 2 * MIN;
      const to = from + MIN + i * 1_000;
      const afterPause = await handle.executeUpdate(pauseUpdate, { args: [{ at: new Date(from).toISOString() }] });
      expect(afterPause.pausedSince).toBe(new Date(from).toISOString());
      if (!continuedWhilePaused) continuedWhilePaused = await continuedAtQuiescence();
      const afterResume = await handle.executeUpdate(resumeUpdate, { args: [{ at: new Date(to).toISOString() }] });
      if (!continuedWhileRunning) continuedWhileRunning = await continuedAtQuiescence();
      pauses.push({ from: new Date(from).toISOString(), to: new Date(to).toISOString() });
      pausedMs += to - from;
      expect(afterResume.failureAt).toBe(new Date(applicableFrom + 100_000 * MIN + pausedMs).toISOString());
      if (i % 3 === 2) {
        const sofar = await runInputs(handle, firstRunId);
        const startedPaused = sofar.slice(1).map((r) => r.input.pauses.at(-1)?.to === null);
        enough = startedPaused.includes(true) && startedPaused.includes(false);
      }
    }
    // One more pause left open: it travels to the next run as the open interval.
    const openFrom = base + pauses.length * 2 * MIN;
    await handle.executeUpdate(pauseUpdate, { args: [{ at: new Date(openFrom).toISOString() }] });
    pauses.push({ from: new Date(openFrom).toISOString(), to: null });

    const chain = await runInputs(handle, firstRunId);
    expect(chain.length).toBeGreaterThanOrEqual(3);
    expect(chain.slice(1).some((r) => r.input.pauses.at(-1)?.to === null)).toBe(true);
    expect(chain.slice(0, -1).every((r) => r.continued)).toBe(true);
    expect((await handle.describe()).runId).toBe(chain[chain.length - 1].runId);
    expect(chain[0].input.carried).toBeUndefined();
    for (const [k, run] of chain.slice(1).entries()) {
      const carried = run.input.carried!;
      expect(carried).toMatchObject({ warned: true, warnedAt: warned.warnedAt, failed: false, failedAt: null, actionsRun: warned.actionsRun });
      expect(carried.mirrorSeq).toBeGreaterThan(k === 0 ? 1 : chain[k].input.carried!.mirrorSeq);
      expect(run.input).toMatchObject({ instanceId: input.instanceId, applicableFrom: input.applicableFrom, calendar: null });
      expect(run.input.alreadyWarned).toBeUndefined(); // the replaced-instance flags keep their meaning
    }

    const expectedMinutes = pausedMs / MIN;
    const expectedFailure = new Date(applicableFrom + 100_000 * MIN + pausedMs).toISOString();
    const expectedWarning = new Date(applicableFrom + 60 * MIN).toISOString(); // every pause came after it
    const status = await waitForStatus((s) => s.pauses.length === pauses.length, 'the open pause');
    expect(status).toMatchObject({
      instanceId: input.instanceId,
      state: 'paused',
      pauses,
      pausedSince: new Date(openFrom).toISOString(),
      failureAt: expectedFailure,
      warningAt: expectedWarning,
      warnedAt: warned.warnedAt,
      failedAt: null,
      actionsRun: warned.actionsRun,
    });
    expect(status.pausedBusinessMinutes).toBeCloseTo(expectedMinutes, 9);

    // The mirror kept up across runs: one write per transition, none ignored.
    const transitions = 2 + 2 * (pauses.length - 1) + 1; // started, warning, pause/resume pairs, open pause
    // The query answers from workflow state; the last transition's mirror activity may still be running.
    await vi.waitFor(async () => {
      const [row] = await db.db.select().from(slaKpiInstances).where(eq(slaKpiInstances.id, input.instanceId));
      expect(row).toMatchObject({
        state: 'paused',
        mirrorSeq: transitions,
        pausedBusinessMinutes: Math.round(expectedMinutes),
        failureAt: new Date(expectedFailure),
        warningAt: new Date(expectedWarning),
        warnedAt: new Date(warned.warnedAt!),
      });
    }, { timeout: 10_000, interval: 50 });
    const events = await db.db.select().from(caseEvents).where(eq(caseEvents.caseId, c.id));
    const count = (kind: string) => events.filter((e) => e.kind === kind).length;
    expect([count('sla.started'), count('sla.warning'), count('sla.paused'), count('sla.resumed')]).toEqual([1, 1, pauses.length, pauses.length - 1]);

    // Resume and succeed on the latest run: the workflow result (following the runs) is the final state.
    const resumedAt = openFrom + 5 * MIN;
    await handle.executeUpdate(resumeUpdate, { args: [{ at: new Date(resumedAt).toISOString() }] });
    const result = await handle.executeUpdate(succeedUpdate, { args: [{ at: new Date(resumedAt + MIN).toISOString(), reason: 'case resolved' }] });
    expect(result).toMatchObject({ state: 'succeeded', met: true, failureAt: new Date(applicableFrom + 100_000 * MIN + pausedMs + 5 * MIN).toISOString() });
    const final = await handle.result();
    expect(final.actionsRun).toEqual(warned.actionsRun);
    expect(final.pauses).toHaveLength(pauses.length);

    const [done] = await db.db.select().from(slaKpiInstances).where(eq(slaKpiInstances.id, input.instanceId));
    expect(done).toMatchObject({ state: 'succeeded', mirrorSeq: transitions + 2, pausedBusinessMinutes: Math.round(expectedMinutes + 5) });
    // The warning's action ran (and mailed) once, across every run.
    expect(await db.db.select().from(slaActionRuns).where(eq(slaActionRuns.caseId, c.id))).toHaveLength(1);
    expect(smtp.messages.filter((m) => m.subject.includes(c.number))).toHaveLength(1);
  }, 60_000);
});
