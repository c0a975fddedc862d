/**
 * One webhook delivery (one event to one subscription) until it succeeds, is stopped, or its retry
 * window closes. One workflow per delivery, id `webhook:<deliveryId>`: in the Temporal UI each
 * delivery is one short history (an activity per attempt, a timer per backoff with its instant),
 * findable by the delivery id of the delivery log. Each attempt is one activity that returns its
 * outcome; a receiver's failure is a value, not an activity failure, so the backoff is this loop's
 * timers (exponential, capped, the last one landing on the end of the window) and the log records
 * every attempt. Activity retries cover only infrastructure errors (the database).
 */
import { log, proxyActivities, sleep } from '@temporalio/workflow';
import type { WebhookActivities } from '../activities/webhook.activities.js';
import type { WebhookDeliveryInput } from './webhook-contract.js';

const { attemptWebhookDelivery, deliverEmail } = proxyActivities<WebhookActivities>({
  // Above the longest receiver timeout (WEBHOOK_TIMEOUT_SECONDS ≤ 120 s) plus DNS and the database.
  startToCloseTimeout: '3 minutes',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/** The delay before attempt `n + 1` (n ≥ 1): initial · 2^(n-1), at most `maxMs`. */
export function backoffMs(attempt: number, initialMs: number, maxMs: number): number {
  return Math.min(maxMs, initialMs * 2 ** Math.min(attempt - 1, 40));
}

export async function webhookDeliveryWorkflow(input: WebhookDeliveryInput): Promise<{ outcome: string; attempts: number }> {
  const { deliveryId, retry } = input;
  const startedAt = Date.now();
  const deadline = startedAt + retry.forMs;
  for (let attempt = 1; ; attempt++) {
    const now = Date.now();
    const next = now >= deadline ? null : Math.min(deadline, now + backoffMs(attempt, retry.initialMs, retry.maxMs));
    const result = await attemptWebhookDelivery({
      deliveryId,
      attempt,
      attemptAt: new Date(now).toISOString(),
      nextAttemptAt: next === null ? null : new Date(next).toISOString(),
      disableAfterMs: retry.forMs,
    });
    if (result.emailOutboxId) {
      // The subscription is disabled either way; an email the SMTP server refuses stays `failed` in the outbox.
      await deliverEmail(result.emailOutboxId).catch((err: unknown) => log.warn('admin email of a disabled webhook subscription not sent', { err: String(err) }));
    }
    if (result.outcome !== 'retry' || next === null) return { outcome: result.outcome, attempts: attempt };
    await sleep(next - now, { summary: `attempt ${attempt + 1} at ${new Date(next).toISOString()}` });
  }
}
