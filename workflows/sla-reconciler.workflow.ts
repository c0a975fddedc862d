import { proxyActivities } from '@temporalio/workflow';
import type { ReconcilerActivities } from '../activities/reconciler.js';

const { deliverPendingSlaCommands } = proxyActivities<ReconcilerActivities>({
  startToCloseTimeout: '5 minutes',
  retry: { maximumAttempts: 3 },
  summary: 'Deliver SLA commands still waiting in the outbox',
});

/** Started by the `sla-reconciler` Schedule: a case is never left without its clocks. */
export async function slaReconcilerWorkflow(): Promise<{ cases: number; delivered: number; rejected: number; failed: number }> {
  return deliverPendingSlaCommands();
}
