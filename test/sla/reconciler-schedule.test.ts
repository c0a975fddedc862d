import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScheduleOverlapPolicy } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { RECONCILER_SCHEDULE_ID, removeReconcilerSchedule } from '../../src/sla/reconciler-schedule.js';
import { createDevServerEnv } from '../support/temporal.js';

// Schedules exist only on a real server (the time-skipping test server has no Schedules API).
describe('the old reconciler schedule (dev server)', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await createDevServerEnv();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  const scheduleIds = async () => {
    const ids: string[] = [];
    for await (const s of env.client.schedule.list()) ids.push(s.scheduleId);
    return ids;
  };

  it('is removed at start when an earlier version created it, and removing it again is harmless', async () => {
    // What earlier versions created at every worker start.
    await env.client.schedule.create({
      scheduleId: RECONCILER_SCHEDULE_ID,
      spec: { intervals: [{ every: '30s' }] },
      action: { type: 'startWorkflow', workflowType: 'slaReconcilerWorkflow', taskQueue: 'sla-test', args: [], workflowId: 'sla-reconciler-run' },
      policies: { overlap: ScheduleOverlapPolicy.SKIP },
    });
    await expect.poll(scheduleIds, { timeout: 10_000 }).toContain(RECONCILER_SCHEDULE_ID);

    expect(await removeReconcilerSchedule(env.client)).toBe(true);
    await expect(env.client.schedule.getHandle(RECONCILER_SCHEDULE_ID).describe()).rejects.toThrow(/not found/i);
    expect(await removeReconcilerSchedule(env.client)).toBe(false);
  });
});
