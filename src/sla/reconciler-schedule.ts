import { ScheduleNotFoundError, WorkflowNotFoundError, type Client } from '@temporalio/client';

/** The Temporal Schedule earlier versions used as reconciler (a workflow run every 30 s). */
export const RECONCILER_SCHEDULE_ID = 'sla-reconciler';
const RECONCILER_RUN_ID = 'sla-reconciler-run';

/**
 * Removes the old reconciler Schedule and its last run, if they exist: the reconciler is now the
 * dispatcher's in-process sweep, which calls Temporal only when a command is pending. Safe to call at
 * every start; answers whether a schedule was removed.
 */
export async function removeReconcilerSchedule(client: Client): Promise<boolean> {
  let removed = false;
  try {
    await client.schedule.getHandle(RECONCILER_SCHEDULE_ID).delete();
    removed = true;
  } catch (err) {
    if (!(err instanceof ScheduleNotFoundError)) throw err;
  }
  try {
    const run = client.workflow.getHandle(RECONCILER_RUN_ID);
    if ((await run.describe()).status.name === 'RUNNING') await run.terminate('the reconciler is now an in-process sweep');
  } catch (err) {
    if (!(err instanceof WorkflowNotFoundError)) throw err;
  }
  return removed;
}
