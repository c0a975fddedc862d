import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client } from '@temporalio/client';

export const RECONCILER_SCHEDULE_ID = 'sla-reconciler';

/**
 * Creates (once) the Schedule that runs the reconciler workflow periodically. Overlaps are skipped;
 * missed runs within a minute are caught up after an outage.
 */
export async function ensureReconcilerSchedule(client: Client, options: { taskQueue: string; everySeconds: number }): Promise<void> {
  try {
    await client.schedule.create({
      scheduleId: RECONCILER_SCHEDULE_ID,
      spec: { intervals: [{ every: `${options.everySeconds}s` }] },
      action: {
        type: 'startWorkflow',
        workflowType: 'slaReconcilerWorkflow',
        taskQueue: options.taskQueue,
        args: [],
        workflowId: 'sla-reconciler-run',
        staticSummary: 'Re-deliver SLA commands that could not reach Temporal',
      },
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 minute' },
    });
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
  }
}
