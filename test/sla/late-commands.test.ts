/**
 * The pre-fire check's rules (src/sla/late-commands.ts), on the pure machine: commands committed but not
 * delivered are applied at their own instants, in order, once; their late delivery is answered.
 */
import { describe, expect, it } from 'vitest';
import { KpiMachine } from '../../src/sla/kpi-state.js';
import { LateCommands, type UndeliveredSlaCommand } from '../../src/sla/late-commands.js';
import type { KpiWorkflowInput } from '../../workflows/contract.js';

const FROM = '2026-03-02T09:00:00.000Z';
const input: KpiWorkflowInput = {
  instanceId: 'i-1',
  caseId: 'c-1',
  caseNumber: 'CAS-1',
  caseTitle: 'Printer',
  slaId: 's',
  slaName: 'SLA',
  slaItemId: 'it',
  itemName: 'Item',
  kpi: 'first_response',
  generation: 1,
  applicableFrom: FROM,
  warningMinutes: 30,
  failureMinutes: 60,
  calendar: null,
  pauses: [],
  allowPause: true,
  actions: { warning: [], failure: [], success: [] },
};
const deadlines = { zone: 'UTC', warningAt: '2026-03-02T09:30:00.000Z', failureAt: '2026-03-02T10:00:00.000Z', warningLabel: 'w', failureLabel: 'f', pausedBusinessMinutes: 0 };

function machine() {
  const m = new KpiMachine(input, 'wf', Date.parse(FROM));
  m.applyDeadlines(deadlines, m.deadlinesEpoch);
  m.takeTransition();
  return m;
}
const cmd = (id: number, kind: UndeliveredSlaCommand['kind'], at: string, reason?: string): UndeliveredSlaCommand => ({
  commandId: String(id),
  updateId: `sla-command-${id}`,
  kind,
  at,
  ...(reason ? { reason } : {}),
});

describe('commands learned before a warning or failure fires', () => {
  it('applies a pause at its own instant and answers its late delivery without applying it again', () => {
    const m = machine();
    const late = new LateCommands();
    expect(late.apply(m, [cmd(1, 'pause', '2026-03-02T09:10:00.000Z')], Date.parse('2026-03-02T09:31:00Z'))).toBe(true);
    expect(m.status()).toMatchObject({ state: 'paused', pausedSince: '2026-03-02T09:10:00.000Z' });
    expect(late.awaitingDelivery).toBe(true);
    // The same command read again (still undelivered) changes nothing.
    expect(late.apply(m, [cmd(1, 'pause', '2026-03-02T09:10:00.000Z')], Date.parse('2026-03-02T09:32:00Z'))).toBe(false);
    // Its delivery: accepted although the clock is paused already, and answered.
    expect(late.isApplied('sla-command-1')).toBe(true);
    expect(late.arrive('sla-command-1')).toEqual({ late: true, answer: null });
    expect(late.awaitingDelivery).toBe(false);
  });

  it('stops after a resume so the deadlines are recomputed before anything else is decided', () => {
    const m = machine();
    const late = new LateCommands();
    const pending = [cmd(1, 'pause', '2026-03-02T09:10:00.000Z'), cmd(2, 'resume', '2026-03-02T09:20:00.000Z'), cmd(3, 'succeed', '2026-03-02T09:25:00.000Z', 'first response recorded')];
    expect(late.apply(m, pending, 0)).toBe(true);
    expect(m.deadlinesStale).toBe(true);
    expect(m.state).toBe('in_progress');
    expect(m.closed).toBe(false);
    m.applyDeadlines({ ...deadlines, warningAt: '2026-03-02T09:40:00.000Z', failureAt: '2026-03-02T10:10:00.000Z', pausedBusinessMinutes: 10 }, m.deadlinesEpoch);
    // Next look: the success, on time against the moved failure instant.
    expect(late.apply(m, pending, 0)).toBe(true);
    expect(m.status()).toMatchObject({ state: 'succeeded', succeededAt: '2026-03-02T09:25:00.000Z' });
    expect(late.arrive('sla-command-3')).toEqual({ late: true, answer: { state: 'succeeded', met: true, failureAt: '2026-03-02T10:10:00.000Z' } });
  });

  it('skips commands delivered the normal way and those their delivery would have rejected', () => {
    const m = machine();
    const late = new LateCommands();
    expect(late.arrive('sla-command-1')).toEqual({ late: false }); // delivered, not yet marked in the outbox
    m.pause('2026-03-02T09:10:00.000Z');
    expect(late.apply(m, [cmd(1, 'pause', '2026-03-02T09:10:00.000Z'), cmd(2, 'pause', '2026-03-02T09:12:00.000Z')], 0)).toBe(false);
    expect(m.pausedSince).toBe(Date.parse('2026-03-02T09:10:00.000Z'));
    expect(late.isApplied('sla-command-2')).toBe(false);
  });

  it('applies a cancel and waits for the signal that delivers it', () => {
    const m = machine();
    const late = new LateCommands();
    expect(late.apply(m, [cmd(1, 'cancel', '2026-03-02T09:10:00.000Z', 'case cancelled')], Date.parse('2026-03-02T09:31:00Z'))).toBe(true);
    expect(m.status()).toMatchObject({ state: 'canceled', endedAt: '2026-03-02T09:10:00.000Z', endReason: 'case cancelled' });
    expect(late.awaitingDelivery).toBe(true);
    late.cancelArrived();
    expect(late.awaitingDelivery).toBe(false);
  });
});
