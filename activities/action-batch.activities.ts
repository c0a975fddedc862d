/**
 * A phase's SLA actions as one activity (patch BATCHED_ACTIONS_PATCH of the KPI workflow): one
 * task-queue round trip and one completion instead of one per action and one more per email. On a
 * Monday-morning burst every failing clock runs its actions at once, and each activity costs the
 * Temporal server about as much CPU as the clock's timer.
 *
 * - The actions run in their order in one transaction (`runActionsTogether`: one case lock, one commit,
 *   the SLA re-evaluation's reads shared), each with its run record keyed `${instanceId}:${phase}:${index}`,
 *   so a retried batch skips those that took effect and their outcome reads "already ran", as a retried
 *   single action does.
 * - An action that cannot work as configured (non-retryable) rolls that transaction back; the batch then
 *   runs each action alone, as `runAction` does, so that one is reported in its outcome and the others
 *   still run. Any other error fails the batch, which Temporal retries.
 * - An email an action queued is delivered here once, within `INLINE_DELIVERY_MS`; when that fails
 *   or takes longer, its outcome keeps the outbox id and the workflow schedules `deliverEmail`, which
 *   retries for hours. The outbox row's lease makes a send still under way answer "busy" to it, so
 *   the message goes out once either way.
 */
import { ApplicationFailure } from '@temporalio/common';
import type { DeliverEmailResult, RunActionInput, RunActionResult, RunActionsOutcome } from './types.js';

/** How long the batch waits for an email it queued before leaving it to `deliverEmail`. */
export const INLINE_DELIVERY_MS = 10_000;

export interface ActionBatchDeps {
  runAction(input: RunActionInput): Promise<RunActionResult>;
  /** All the actions in one transaction; throws a non-retryable failure if one cannot work as configured. */
  runActionsTogether?(inputs: RunActionInput[]): Promise<RunActionResult[]>;
  deliverEmail(outboxId: string): Promise<DeliverEmailResult>;
  inlineDeliveryMs?: number;
}

/** True when the email went out (or had already); false leaves it to the `deliverEmail` activity. */
async function deliverWithin(deliver: () => Promise<DeliverEmailResult>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const attempt = deliver().then(
    () => true,
    () => false,
  );
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([attempt, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

const cannotWorkAsConfigured = (err: unknown): err is ApplicationFailure => err instanceof ApplicationFailure && err.nonRetryable === true;

export function createActionBatchActivities({ runAction, runActionsTogether, deliverEmail, inlineDeliveryMs = INLINE_DELIVERY_MS }: ActionBatchDeps) {
  /** Each action alone: one that cannot work as configured is reported, the others still run. */
  async function oneByOne(inputs: RunActionInput[]): Promise<Array<RunActionResult | { error: string }>> {
    const results: Array<RunActionResult | { error: string }> = [];
    for (const input of inputs) {
      try {
        results.push(await runAction(input));
      } catch (err) {
        if (!cannotWorkAsConfigured(err)) throw err;
        results.push({ error: err.message });
      }
    }
    return results;
  }

  async function together(inputs: RunActionInput[]): Promise<Array<RunActionResult | { error: string }> | null> {
    if (!runActionsTogether || inputs.length < 2) return null;
    try {
      return await runActionsTogether(inputs);
    } catch (err) {
      if (cannotWorkAsConfigured(err)) return null; // rolled back: one by one tells which action it was
      throw err;
    }
  }

  return {
    /** Runs a phase's actions in order (see module doc); one outcome per action, in the same order. */
    async runActions(inputs: RunActionInput[]): Promise<RunActionsOutcome[]> {
      const results = (await together(inputs)) ?? (await oneByOne(inputs));
      const outcomes: RunActionsOutcome[] = [];
      for (const result of results) {
        if ('error' in result) outcomes.push(result);
        else if (result.outboxId && (await deliverWithin(() => deliverEmail(result.outboxId!), inlineDeliveryMs))) outcomes.push({ ...result, delivered: true });
        else outcomes.push(result);
      }
      return outcomes;
    },
  };
}
