/**
 * `runActions` (a phase's actions as one activity) over stand-ins for `runAction` and `deliverEmail`:
 * order, a misconfigured action not stopping the others, other errors failing the batch, and the inline
 * email delivery with its time budget (fake timers).
 */
import { ApplicationFailure } from '@temporalio/common';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createActionBatchActivities } from '../../activities/action-batch.activities.js';
import type { DeliverEmailResult, RunActionInput, RunActionResult } from '../../activities/types.js';

const input = (index: number, type: 'send_email' | 'escalate_to_queue' | 'set_case_field'): RunActionInput => ({
  key: `inst:failure:${index}`,
  phase: 'failure',
  index,
  action:
    type === 'send_email'
      ? { type, to: ['owner'], subject: 's', body: 'b' }
      : type === 'escalate_to_queue'
        ? { type }
        : { type, field: 'slaMet', value: 'no' },
  at: '2026-11-23T15:00:00.000Z',
  context: {
    instanceId: 'inst',
    caseId: 'case',
    caseNumber: 'CAS-1',
    caseTitle: 't',
    kpi: 'first_response',
    itemName: 'Respond',
    slaName: 'SLA',
    zone: 'UTC',
    warningAt: null,
    failureAt: '2026-11-23T15:00:00.000Z',
  },
});

const sent: DeliverEmailResult = { status: 'sent', messageId: '<m@x>' };

afterEach(() => vi.useRealTimers());

describe('runActions', () => {
  it('runs the actions in their order and reports an email it delivered, so the workflow schedules no delivery', async () => {
    const ran: string[] = [];
    const runAction = vi.fn(async (i: RunActionInput): Promise<RunActionResult> => {
      ran.push(i.key);
      return i.action.type === 'send_email' ? { applied: true, outboxId: 'out-1' } : { applied: true };
    });
    const deliverEmail = vi.fn(async () => sent);
    const { runActions } = createActionBatchActivities({ runAction, deliverEmail });
    const outcomes = await runActions([input(0, 'send_email'), input(1, 'escalate_to_queue'), input(2, 'set_case_field')]);
    expect(ran).toEqual(['inst:failure:0', 'inst:failure:1', 'inst:failure:2']);
    expect(deliverEmail).toHaveBeenCalledExactlyOnceWith('out-1');
    expect(outcomes).toEqual([{ applied: true, outboxId: 'out-1', delivered: true }, { applied: true }, { applied: true }]);
  });

  it('reports a misconfigured action and still runs the ones after it', async () => {
    const runAction = vi.fn(async (i: RunActionInput): Promise<RunActionResult> => {
      if (i.index === 0) throw ApplicationFailure.nonRetryable('No queue is marked as the escalation queue', 'SlaActionConfigError');
      return { applied: true };
    });
    const { runActions } = createActionBatchActivities({ runAction, deliverEmail: vi.fn(async () => sent) });
    const outcomes = await runActions([input(0, 'escalate_to_queue'), input(1, 'set_case_field')]);
    expect(outcomes).toEqual([{ error: 'No queue is marked as the escalation queue' }, { applied: true }]);
    expect(runAction).toHaveBeenCalledTimes(2);
  });

  it('fails the whole batch on any other error, so Temporal retries it (actions that took effect then read "already ran")', async () => {
    const runAction = vi.fn(async (i: RunActionInput): Promise<RunActionResult> => {
      if (i.index === 1) throw new Error('connection terminated');
      return { applied: true };
    });
    const { runActions } = createActionBatchActivities({ runAction, deliverEmail: vi.fn(async () => sent) });
    await expect(runActions([input(0, 'set_case_field'), input(1, 'escalate_to_queue'), input(2, 'set_case_field')])).rejects.toThrow('connection terminated');
    expect(runAction).toHaveBeenCalledTimes(2);
  });

  it('leaves an email whose delivery failed to the deliverEmail activity (outbox id kept, not delivered)', async () => {
    const runAction = vi.fn(async (): Promise<RunActionResult> => ({ applied: true, outboxId: 'out-2' }));
    const deliverEmail = vi.fn(async (): Promise<DeliverEmailResult> => {
      throw new Error('connect ECONNREFUSED 127.0.0.1:25');
    });
    const { runActions } = createActionBatchActivities({ runAction, deliverEmail });
    expect(await runActions([input(0, 'send_email')])).toEqual([{ applied: true, outboxId: 'out-2' }]);
  });

  it('stops waiting for a slow SMTP server after the budget and leaves the email to deliverEmail', async () => {
    vi.useFakeTimers();
    const runAction = vi.fn(async (i: RunActionInput): Promise<RunActionResult> => (i.action.type === 'send_email' ? { applied: true, outboxId: 'out-3' } : { applied: true }));
    const deliverEmail = vi.fn(() => new Promise<DeliverEmailResult>(() => {}));
    const { runActions } = createActionBatchActivities({ runAction, deliverEmail, inlineDeliveryMs: 10_000 });
    let outcomes: unknown;
    const done = runActions([input(0, 'send_email'), input(1, 'set_case_field')]).then((o) => (outcomes = o));
    await vi.advanceTimersByTimeAsync(9_999);
    expect(outcomes).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    await done;
    expect(outcomes).toEqual([{ applied: true, outboxId: 'out-3' }, { applied: true }]);
  });

  it('asks for no delivery when an email action queued nothing (no recipient)', async () => {
    const deliverEmail = vi.fn(async () => sent);
    const { runActions } = createActionBatchActivities({ runAction: async () => ({ applied: true, note: 'skipped owner: no owner' }), deliverEmail });
    expect(await runActions([input(0, 'send_email')])).toEqual([{ applied: true, note: 'skipped owner: no owner' }]);
    expect(deliverEmail).not.toHaveBeenCalled();
  });

  describe('in one transaction (runActionsTogether)', () => {
    it('runs a phase of several actions in one transaction, then delivers its email', async () => {
      const runAction = vi.fn(async (): Promise<RunActionResult> => ({ applied: true }));
      const runActionsTogether = vi.fn(async (inputs: RunActionInput[]): Promise<RunActionResult[]> =>
        inputs.map((i) => (i.action.type === 'send_email' ? { applied: true, outboxId: 'out-4' } : { applied: true })),
      );
      const deliverEmail = vi.fn(async () => sent);
      const { runActions } = createActionBatchActivities({ runAction, runActionsTogether, deliverEmail });
      const outcomes = await runActions([input(0, 'send_email'), input(1, 'escalate_to_queue'), input(2, 'set_case_field')]);
      expect(runActionsTogether).toHaveBeenCalledOnce();
      expect(runAction).not.toHaveBeenCalled();
      expect(deliverEmail).toHaveBeenCalledExactlyOnceWith('out-4');
      expect(outcomes).toEqual([{ applied: true, outboxId: 'out-4', delivered: true }, { applied: true }, { applied: true }]);
    });

    it('falls back to one action at a time when one cannot work as configured, so that one alone is reported', async () => {
      const runActionsTogether = vi.fn(async (): Promise<RunActionResult[]> => {
        throw ApplicationFailure.nonRetryable('No queue named "Nowhere"', 'SlaActionConfigError');
      });
      const runAction = vi.fn(async (i: RunActionInput): Promise<RunActionResult> => {
        if (i.action.type === 'escalate_to_queue') throw ApplicationFailure.nonRetryable('No queue named "Nowhere"', 'SlaActionConfigError');
        return { applied: true };
      });
      const { runActions } = createActionBatchActivities({ runAction, runActionsTogether, deliverEmail: vi.fn(async () => sent) });
      const outcomes = await runActions([input(0, 'escalate_to_queue'), input(1, 'set_case_field')]);
      expect(runAction.mock.calls.map(([i]) => i.key)).toEqual(['inst:failure:0', 'inst:failure:1']);
      expect(outcomes).toEqual([{ error: 'No queue named "Nowhere"' }, { applied: true }]);
    });

    it('fails the batch on any other error (Temporal retries it), without running the actions one by one', async () => {
      const runActionsTogether = vi.fn(async (): Promise<RunActionResult[]> => {
        throw new Error('connection terminated');
      });
      const runAction = vi.fn(async (): Promise<RunActionResult> => ({ applied: true }));
      const { runActions } = createActionBatchActivities({ runAction, runActionsTogether, deliverEmail: vi.fn(async () => sent) });
      await expect(runActions([input(0, 'escalate_to_queue'), input(1, 'set_case_field')])).rejects.toThrow('connection terminated');
      expect(runAction).not.toHaveBeenCalled();
    });

    it('runs a single action alone (nothing to share)', async () => {
      const runActionsTogether = vi.fn(async (): Promise<RunActionResult[]> => [{ applied: true }]);
      const runAction = vi.fn(async (): Promise<RunActionResult> => ({ applied: true }));
      const { runActions } = createActionBatchActivities({ runAction, runActionsTogether, deliverEmail: vi.fn(async () => sent) });
      expect(await runActions([input(0, 'set_case_field')])).toEqual([{ applied: true }]);
      expect(runActionsTogether).not.toHaveBeenCalled();
    });
  });
});
