/**
 * The SDK's workflow stack traces (the `__stack_trace` query, the Temporal UI's "Stack Trace" tab) are
 * off in the SLA worker unless asked for (SLA_WORKER_STACK_TRACES → createSlaWorker({ stackTraces })):
 * patches/@temporalio+worker+1.24.0.patch then installs no promise hook in the workflow thread.
 */
import { randomUUID } from 'node:crypto';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSlaWorker } from '../../src/worker/create-worker.js';
import { MON, createCase, kpiInput, referenceCalendar } from '../support/reference-kpi.js';
import { createSlaHarness, type SlaHarness } from '../support/sla-harness.js';

describe('workflow stack traces', () => {
  let h: SlaHarness;
  beforeAll(async () => {
    h = await createSlaHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  async function runningClock(taskQueue?: string) {
    const week = await h.newWeek();
    const c = await createCase(h.db.db, h.seed);
    const handle = await h.start(kpiInput(h.seed, c, 'premiumHigh', 'resolve', { applicableFrom: week.iso(MON, '09:00'), calendar: referenceCalendar([]) }), taskQueue);
    await h.waitForStatus(handle, (s) => s.state === 'in_progress', 'clock running');
    return handle;
  }

  it('refuses the __stack_trace query on the SLA worker by default', async () => {
    const handle = await runningClock();
    await expect(handle.query('__stack_trace')).rejects.toThrow(/stack traces are not enabled/);
  });

  it('answers it with the pending condition when the worker is created with stackTraces: true', async () => {
    const taskQueue = `traces-${randomUUID()}`;
    const worker: Worker = await createSlaWorker({ connection: h.env.nativeConnection, taskQueue, activities: h.activities, workflowBundle: h.workflowBundle, stackTraces: true });
    const done = worker.run();
    try {
      const handle = await runningClock(taskQueue);
      expect(await handle.query<string>('__stack_trace')).toContain('slaKpiWorkflow');
    } finally {
      worker.shutdown();
      await done;
    }
  });
});
