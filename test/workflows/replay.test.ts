/**
 * Recorded histories of the main scenarios (test/histories/*.json, written by the workflow tests with
 * RECORD_HISTORIES=1) replay against the current workflow code: a change that would break running
 * SLA clocks (a different command sequence) fails here. Such a change needs `patched()`.
 */
import { Worker } from '@temporalio/worker';
import { DeterminismViolationError } from '@temporalio/workflow';
import { describe, expect, it } from 'vitest';
import { WORKFLOWS_PATH } from '../../src/worker/create-worker.js';
import { HISTORIES_DIR, HISTORY_TAG } from '../support/sla-harness.js';
import { loadHistories } from '../support/histories.js';
import { bundleWorkflows } from '../support/temporal.js';

describe('replay of recorded SLA KPI histories', () => {
  const histories = loadHistories(HISTORIES_DIR);

  it('has recorded histories of the main scenarios', () => {
    const names = histories.map((h) => h.workflowId);
    expect(names.length).toBeGreaterThanOrEqual(20);
    // Before the cheap-clock patch (untagged), with it (.cheap-clock) and with the batched-actions patch
    // (the current tag): running clocks of each kind exist.
    for (const expected of [
      'premiumHigh-first-response-failure-late-success',
      'pause-over-weekend-and-holiday',
      'canceled',
      'premiumHigh-first-response-failure-late-success.cheap-clock',
      'canceled.cheap-clock',
      'api-started-warning-failure-late-success.cheap-clock',
      'late-pause-delivery-no-warning-in-hold.cheap-clock',
      // With the stale-pause alert patch (sla-kpi-stale-pause-alert).
      'stale-pause-two-pauses.cheap-clock',
      'stale-pause-business-time-over-weekend.cheap-clock',
      'stale-pause-resumed-before-threshold.cheap-clock',
      `premiumHigh-first-response-failure-late-success.${HISTORY_TAG}`,
      `api-started-warning-failure-late-success.${HISTORY_TAG}`,
      `stale-pause-two-pauses.${HISTORY_TAG}`,
    ]) {
      expect(names).toContain(expected);
    }
  });

  it('has histories in which a phase ran its actions as one batch (patch sla-kpi-batched-actions)', () => {
    const batched = histories.filter((h) => h.workflowId.endsWith(`.${HISTORY_TAG}`));
    const withBatch = batched.filter(({ history }) =>
      history.events!.some((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'runActions'),
    );
    expect(withBatch.map((h) => h.workflowId)).toContain(`premiumHigh-first-response-failure-late-success.${HISTORY_TAG}`);
    for (const { history } of withBatch) {
      expect(history.events!.some((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'runAction')).toBe(false);
    }
  });

  it('replays every recorded history without nondeterminism', async () => {
    const workflowBundle = await bundleWorkflows(WORKFLOWS_PATH);
    const results: Array<{ workflowId: string; error?: unknown }> = [];
    for await (const r of Worker.runReplayHistories({ workflowBundle }, histories)) results.push(r);
    expect(results.map((r) => [r.workflowId, r.error ? String(r.error) : 'ok'])).toEqual(histories.map((h) => [h.workflowId, 'ok']));
  });

  it('detects a history whose commands differ from what the code does', async () => {
    const workflowBundle = await bundleWorkflows(WORKFLOWS_PATH);
    const { history } = histories.find((h) => h.workflowId === 'canceled')!;
    const tampered = structuredClone(history);
    const scheduled = tampered.events!.find((e) => e.activityTaskScheduledEventAttributes)!;
    scheduled.activityTaskScheduledEventAttributes!.activityType = { name: 'somethingElse' };
    await expect(Worker.runReplayHistory({ workflowBundle }, tampered, 'tampered')).rejects.toBeInstanceOf(DeterminismViolationError);
  });
});

