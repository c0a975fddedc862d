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
    // Before the cheap-clock patch (untagged) and with it (tagged): running clocks of both kinds exist.
    for (const expected of [
      'premiumHigh-first-response-failure-late-success',
      'pause-over-weekend-and-holiday',
      'canceled',
      `premiumHigh-first-response-failure-late-success.${HISTORY_TAG}`,
      `canceled.${HISTORY_TAG}`,
      `api-started-warning-failure-late-success.${HISTORY_TAG}`,
      `late-pause-delivery-no-warning-in-hold.${HISTORY_TAG}`,
      // With the stale-pause alert patch (sla-kpi-stale-pause-alert).
      `stale-pause-two-pauses.${HISTORY_TAG}`,
      `stale-pause-business-time-over-weekend.${HISTORY_TAG}`,
      `stale-pause-resumed-before-threshold.${HISTORY_TAG}`,
    ]) {
      expect(names).toContain(expected);
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

