/**
 * Baselines for the benchmarks: the least a workflow with one timer can cost on the same server.
 * `rawTimer`: one timer, nothing else (the intake baseline: a started clock waiting for its deadline).
 * `rawTimerActivity`: sleeps until `dueAtMs`, then runs one activity that returns when it ran (the
 * burst baseline: a deadline firing one action).
 */
import { proxyActivities, sleep } from '@temporalio/workflow';
import type { RawActivities } from './activities.js';

const { ranAt } = proxyActivities<RawActivities>({ startToCloseTimeout: '1 minute' });

export async function rawTimer(ms: number): Promise<void> {
  await sleep(ms);
}

export async function rawTimerActivity(dueAtMs: number): Promise<number> {
  await sleep(Math.max(1, dueAtMs - Date.now()));
  return ranAt();
}
