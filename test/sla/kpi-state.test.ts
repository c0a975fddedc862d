import { describe, expect, it } from 'vitest';
import { KpiMachine, type ComputedDeadlines } from '../../src/sla/kpi-state.js';
import type { KpiWorkflowInput } from '../../workflows/contract.js';

const T = (hhmm: string, day = '2026-11-24') => Date.parse(`${day}T${hhmm}:00.000Z`);
const I = (hhmm: string, day = '2026-11-24') => new Date(T(hhmm, day)).toISOString();

function input(over: Partial<KpiWorkflowInput> = {}): KpiWorkflowInput {
  return {
    instanceId: 'i-1',
    caseId: 'c-1',
    caseNumber: 'CAS-000042',
    caseTitle: 'Printer on fire',
    slaId: 's-1',
    slaName: 'Reference',
    slaItemId: 'it-1',
    itemName: 'Premium High',
    kpi: 'first_response',
    generation: 1,
    applicableFrom: I('09:00'),
    warningMinutes: 30,
    failureMinutes: 60,
    calendar: null,
    pauses: [],
    allowPause: true,
    actions: { warning: [], failure: [], success: [] },
    ...over,
  };
}

/** 24x7 deadlines (what computeDeadlines returns without a calendar), for these unit tests. */
function deadlines(m: KpiMachine, warningMinutes: number | null = 30, failureMinutes = 60): ComputedDeadlines {
  const paused = m.closedPauseIntervals().reduce((s, p) => s + (Date.parse(p.to) - Date.parse(p.from)) / 60_000, 0);
  const at = (min: number) => new Date(m.applicableFrom + (min + paused) * 60_000).toISOString();
  return {
    zone: 'UTC',
    warningAt: warningMinutes === null ? null : at(warningMinutes),
    failureAt: at(failureMinutes),
    warningLabel: null,
    failureLabel: 'label',
    pausedBusinessMinutes: paused,
  };
}

function started(over: Partial<KpiWorkflowInput> = {}, now = T('09:00')): KpiMachine {
  const m = new KpiMachine(input(over), 'wf-1', now);
  m.applyDeadlines(deadlines(m, over.warningMinutes === undefined ? 30 : over.warningMinutes, over.failureMinutes ?? 60), m.deadlinesEpoch);
  return m;
}

const kinds = (m: KpiMachine) => {
  const out: string[] = [];
  for (let t = m.takeTransition(); t; t = m.takeTransition()) out.push(`${t.kind}${t.runs ? `>${t.runs}` : ''}`);
  return out;
};

describe('KPI state machine', () => {
  it('starts in progress and waits for the warning, then the failure', () => {
    const m = started();
    expect(m.state).toBe('in_progress');
    expect(m.nextDue()).toEqual({ phase: 'warning', at: T('09:30') });
    m.fire('warning', T('09:30'));
    expect(m.state).toBe('nearing_noncompliance');
    expect(m.nextDue()).toEqual({ phase: 'failure', at: T('10:00') });
    m.fire('failure', T('10:00'));
    expect(m.state).toBe('noncompliant');
    expect(m.nextDue()).toBeNull();
    expect(m.closed).toBe(false); // still waiting for a late success or cancel
    expect(kinds(m)).toEqual(['started', 'warning>warning', 'failed>failure']);
  });

  it('skips a warning that is not strictly before the failure, or absent', () => {
    expect(started({ warningMinutes: 60 }).nextDue()).toEqual({ phase: 'failure', at: T('10:00') });
    expect(started({ warningMinutes: null }).nextDue()).toEqual({ phase: 'failure', at: T('10:00') });
  });

  it('succeeds on time at or before the failure instant and runs the success actions', () => {
    const m = started();
    expect(m.succeed(I('10:00'), 'first response recorded')).toEqual({ state: 'succeeded', met: true, failureAt: I('10:00') });
    expect(m.closed).toBe(true);
    expect(m.status()).toMatchObject({ state: 'succeeded', succeededAt: I('10:00'), endedAt: I('10:00'), endReason: 'first response recorded' });
    expect(kinds(m)).toEqual(['started', 'succeeded>success']);
  });

  it('records a late success after the failure and stays noncompliant', () => {
    const m = started();
    m.fire('warning', T('09:30'));
    m.fire('failure', T('10:00'));
    expect(m.succeed(I('11:00'), 'case resolved')).toMatchObject({ state: 'noncompliant', met: false });
    expect(m.status()).toMatchObject({ state: 'noncompliant', lateSucceededAt: I('11:00'), succeededAt: null, failedAt: I('10:00') });
    expect(m.closed).toBe(true);
    expect(kinds(m)).toEqual(['started', 'warning>warning', 'failed>failure', 'late_succeeded']);
  });

  it('fails first, then records the late success, when the success message is faster than the failure timer', () => {
    const m = started();
    expect(m.succeed(I('10:05'), 'case resolved')).toMatchObject({ state: 'noncompliant', met: false });
    expect(m.closed).toBe(false);
    expect(m.validateSucceed(I('10:06'))).toMatch(/already recorded its \(late\) success/);
    expect(m.nextDue()).toEqual({ phase: 'warning', at: T('09:30') });
    m.fire('warning', T('10:05'));
    m.fire('failure', T('10:05'));
    expect(m.closed).toBe(true);
    expect(m.status()).toMatchObject({ state: 'noncompliant', lateSucceededAt: I('10:05') });
  });

  it('treats a success reported after the failure fired, but that happened before it, as on time (spec §2.6)', () => {
    const m = started();
    m.fire('failure', T('10:00'));
    expect(m.succeed(I('09:59'), 'first response recorded')).toMatchObject({ state: 'succeeded', met: true });
    expect(m.status().failedAt).toBe(I('10:00'));
  });

  it('pauses and resumes; the deadlines are recomputed from the closed pauses', () => {
    const m = started();
    expect(m.validatePause(I('09:10'))).toBeNull();
    m.pause(I('09:10'));
    expect(m.state).toBe('paused');
    expect(m.dueHorizon(T('12:00'))).toBe(T('09:10'));
    expect(m.validatePause(I('09:20'))).toMatch(/already paused/);
    m.resume(I('09:40'));
    expect(m.deadlinesStale).toBe(true);
    m.applyDeadlines(deadlines(m), m.deadlinesEpoch);
    expect(m.status()).toMatchObject({ state: 'in_progress', warningAt: I('10:00'), failureAt: I('10:30'), pausedBusinessMinutes: 30 });
    expect(m.status().pauses).toEqual([{ from: I('09:10'), to: I('09:40') }]);
  });

  it('keeps deadlines stale when a resume arrives while they are being computed', () => {
    const m = new KpiMachine(input(), 'wf-1', T('09:00'));
    const epoch = m.deadlinesEpoch;
    m.pause(I('09:10'));
    m.resume(I('09:20'));
    m.applyDeadlines(deadlines(m), epoch); // result of a request made before the resume
    expect(m.deadlinesStale).toBe(true);
  });

  it('changes nothing for a zero-length pause', () => {
    const m = started();
    m.pause(I('09:10'));
    m.resume(I('09:10'));
    expect(m.deadlinesStale).toBe(false);
    expect(m.status()).toMatchObject({ state: 'in_progress', pauses: [], failureAt: I('10:00'), pausedBusinessMinutes: 0 });
  });

  it('never fires a warning twice: after resume the due phase is the failure', () => {
    const m = started();
    m.fire('warning', T('09:30'));
    m.pause(I('09:40'));
    m.resume(I('10:40'));
    m.applyDeadlines(deadlines(m), m.deadlinesEpoch);
    expect(m.state).toBe('nearing_noncompliance');
    expect(m.nextDue()).toEqual({ phase: 'failure', at: T('11:00') });
  });

  it('counts a success while paused (before failing) as met', () => {
    const m = started();
    m.pause(I('09:50'));
    expect(m.succeed(I('12:00'), 'case resolved')).toMatchObject({ state: 'succeeded', met: true });
  });

  it('clamps a pause to the clock start and a resume to the pause start', () => {
    const m = started();
    m.pause(I('08:00'));
    expect(m.status().pausedSince).toBe(I('09:00'));
    m.resume(I('08:30'));
    expect(m.status().pauses).toEqual([]);
  });

  it('fires deadlines that passed before a carried-over open pause began (spec §2.9)', () => {
    const m = started({ pauses: [{ from: I('10:30'), to: null }] });
    expect(m.state).toBe('paused');
    expect(m.dueHorizon(T('15:00'))).toBe(T('10:30'));
    expect(m.nextDue()!.at).toBeLessThanOrEqual(T('10:30'));
  });

  it('rejects impossible transitions with a reason', () => {
    const m = started();
    expect(m.validateResume(I('09:10'))).toMatch(/clock is running/);
    expect(m.validatePause('2026-11-24T09:10:00')).toMatch(/offset/);
    expect(started({ allowPause: false }).validatePause(I('09:10'))).toMatch(/does not allow pausing/);
    m.succeed(I('09:10'), 'done');
    expect(m.validateSucceed(I('09:20'))).toMatch(/closed \(succeeded/);
    expect(m.validatePause(I('09:20'))).toMatch(/closed/);
  });

  it('allows a success after failure (late success) but nothing after that', () => {
    const m = started();
    m.fire('failure', T('10:00'));
    expect(m.validateSucceed(I('10:30'))).toBeNull();
    m.succeed(I('10:30'), 'resolved');
    expect(m.validateSucceed(I('10:40'))).toMatch(/closed \(noncompliant/);
  });

  it('cancels without actions; a noncompliant instance stays noncompliant', () => {
    const a = started();
    expect(a.cancel(I('09:15'), 'case cancelled', T('09:15'))).toBe(true);
    expect(a.status()).toMatchObject({ state: 'canceled', endReason: 'case cancelled', endedAt: I('09:15') });
    expect(kinds(a)).toEqual(['started', 'canceled']);
    const b = started();
    b.fire('failure', T('10:00'));
    b.cancel(I('10:15'), 'case cancelled', T('10:15'));
    expect(b.status()).toMatchObject({ state: 'noncompliant', endReason: 'case cancelled' });
    expect(b.cancel(I('10:20'), 'again', T('10:20'))).toBe(false);
  });

  it('inherits a warning and a failure from a replaced instance without running their actions', () => {
    const warned = started({ alreadyWarned: true, alreadyWarnedAt: I('09:30') });
    expect(warned.state).toBe('nearing_noncompliance');
    expect(warned.nextDue()).toEqual({ phase: 'failure', at: T('10:00') });
    expect(warned.status().warnedAt).toBe(I('09:30'));
    const failed = started({ alreadyWarned: true, alreadyFailed: true }, T('09:45'));
    expect(failed.state).toBe('noncompliant');
    expect(failed.nextDue()).toBeNull();
    expect(failed.status().failedAt).toBe(I('09:45'));
    // an inherited breach is never undone by a later "on time" success
    expect(failed.succeed(I('09:50'), 'resolved')).toMatchObject({ met: false, state: 'noncompliant' });
    expect(kinds(failed)).toEqual(['started', 'late_succeeded']);
  });

  it('marks the deadlines stale when a new calendar version is applied', () => {
    const m = started();
    m.applyCalendar({ id: 'cal', version: 2, definition: {} }, T('09:05'));
    expect(m.deadlinesStale).toBe(true);
    expect(m.calendar?.version).toBe(2);
  });
});
