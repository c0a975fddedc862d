import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { ensureReconcilerSchedule, RECONCILER_SCHEDULE_ID } from '../../src/sla/reconciler-schedule.js';
import { createDevServerEnv } from '../support/temporal.js';

// Schedules exist only on a real server (the time-skipping test server has no Schedules API).
describe('reconciler schedule (dev server)', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await createDevServerEnv();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  it('creates the reconciler schedule once, even when every worker start asks for it', async () => {
    await ensureReconcilerSchedule(env.client, { taskQueue: 'sla-test', everySeconds: 45 });
    await ensureReconcilerSchedule(env.client, { taskQueue: 'sla-test', everySeconds: 45 });
    const description = await env.client.schedule.getHandle(RECONCILER_SCHEDULE_ID).describe();
    expect(description.action).toMatchObject({ type: 'startWorkflow', workflowType: 'slaReconcilerWorkflow', taskQueue: 'sla-test' });
    expect(description.spec.intervals?.[0]?.every).toBe(45_000);
    expect(description.policies.overlap).toBe('SKIP');
    const ids: string[] = [];
    for await (const s of env.client.schedule.list()) ids.push(s.scheduleId);
    expect(ids.filter((id) => id === RECONCILER_SCHEDULE_ID)).toHaveLength(1);
  });
});
