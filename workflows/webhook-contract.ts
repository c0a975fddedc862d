/** Messages of the webhook delivery workflow (importable from workflow code: types and pure functions only). */
export const WEBHOOK_DELIVERY_WORKFLOW_TYPE = 'webhookDeliveryWorkflow';

export function webhookDeliveryWorkflowId(deliveryId: string): string {
  return `webhook:${deliveryId}`;
}

export interface WebhookRetryPolicy {
  /** Delay before the second attempt; doubled per attempt. */
  initialMs: number;
  maxMs: number;
  /** How long after the first attempt the last one is made (and how long failing disables a subscription). */
  forMs: number;
}

export interface WebhookDeliveryInput {
  deliveryId: string;
  retry: WebhookRetryPolicy;
}

export interface WebhookAttemptInput {
  deliveryId: string;
  attempt: number;
  /** Workflow time of the attempt: the delivery log and the 24 h failure window use it. */
  attemptAt: string;
  /** When the next attempt will be made if this one fails; null: this is the last one. */
  nextAttemptAt: string | null;
  disableAfterMs: number;
}

export type WebhookAttemptOutcome = 'succeeded' | 'retry' | 'failed' | 'stopped' | 'disabled';

export interface WebhookAttemptResult {
  outcome: WebhookAttemptOutcome;
  /** Set when this attempt disabled the subscription: the admin email to send. */
  emailOutboxId?: string;
}
