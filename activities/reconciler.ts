import type { SlaCommandDispatcher } from '../src/sla/command-dispatcher.js';

/** Activities of the reconciler workflow: re-deliver SLA commands that could not reach Temporal before. */
export function createReconcilerActivities(deps: { dispatcher: SlaCommandDispatcher }) {
  return {
    async deliverPendingSlaCommands(): Promise<{ cases: number; delivered: number; rejected: number; failed: number }> {
      return deps.dispatcher.deliverPending();
    },
  };
}

export type ReconcilerActivities = ReturnType<typeof createReconcilerActivities>;
