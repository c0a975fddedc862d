/** Starts delivery workflows on Temporal (the WebhookDispatcher's starter). */
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { WorkflowIdReusePolicy } from '@temporalio/common';
import { WEBHOOK_DELIVERY_WORKFLOW_TYPE, webhookDeliveryWorkflowId, type WebhookDeliveryInput, type WebhookRetryPolicy } from '../../workflows/webhook-contract.js';
import type { DeliveryStarter } from './webhook-dispatcher.js';

/** Exponential from 5 s, doubled per attempt, at most 1 h between attempts, for `retryHours`. */
export function webhookRetryPolicy(retryHours: number): WebhookRetryPolicy {
  return { initialMs: 5_000, maxMs: 3_600_000, forMs: retryHours * 3_600_000 };
}

export function temporalDeliveryStarter(client: Client, options: { taskQueue: string; retry: WebhookRetryPolicy }): DeliveryStarter {
  return async ({ id: deliveryId, eventId, eventType, url }) => {
    const input: WebhookDeliveryInput = { deliveryId, retry: options.retry };
    try {
      await client.workflow.start(WEBHOOK_DELIVERY_WORKFLOW_TYPE, {
        taskQueue: options.taskQueue,
        workflowId: webhookDeliveryWorkflowId(deliveryId),
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
        args: [input],
        staticSummary: `${eventType} ${eventId} → ${url}`.slice(0, 200),
      });
    } catch (err) {
      if (err instanceof WorkflowExecutionAlreadyStartedError) return;
      throw err;
    }
  };
}
