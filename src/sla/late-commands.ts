/**
 * Late delivery must not fire a warning inside a hold (spec §2.8). Before the KPI workflow fires a
 * warning or failure it reads the commands the API committed for its instance but has not delivered
 * yet (pause, resume, succeed, cancel with a business instant at or before the due instant) and applies
 * them to its machine at their own instants, exactly as their delivery would have. When the delivery
 * then arrives (an update with the command's update id) it is answered, not applied a second time.
 * Pure and deterministic: the commands come from a recorded local activity.
 */
import type { SuccessResult } from '../../workflows/contract.js';
import type { KpiMachine } from './kpi-state.js';

/** A command the API committed for this instance and the dispatcher has not delivered yet. */
export interface UndeliveredSlaCommand {
  commandId: string;
  /** The update id its delivery carries (`sla-command-<id>`). */
  updateId: string;
  kind: 'pause' | 'resume' | 'succeed' | 'cancel';
  /** Business instant of the event (ISO with offset). */
  at: string;
  reason?: string;
}

export class LateCommands {
  /** Applied from the outbox, delivery not seen yet: update id → what the delivery is answered with. */
  private readonly applied = new Map<string, SuccessResult | null>();
  /** Updates delivered the normal way (the outbox may still list them until the dispatcher marks them). */
  private readonly delivered = new Set<string>();
  private cancelApplied = false;

  /**
   * Applies, in order, the commands not applied or delivered yet. Stops after a resume (the deadlines
   * must be recomputed before anything else is decided) or a closing command. True if anything changed.
   */
  apply(m: KpiMachine, pending: UndeliveredSlaCommand[], now: number): boolean {
    let changed = false;
    for (const c of pending) {
      if (this.applied.has(c.updateId) || this.delivered.has(c.updateId)) continue;
      if (c.kind === 'pause') {
        if (m.validatePause(c.at)) continue; // its delivery will be rejected the same way
        m.pause(c.at);
        this.applied.set(c.updateId, null);
        changed = true;
      } else if (c.kind === 'resume') {
        if (m.validateResume(c.at)) continue;
        m.resume(c.at);
        this.applied.set(c.updateId, null);
        return true;
      } else if (c.kind === 'succeed') {
        if (m.validateSucceed(c.at)) continue;
        this.applied.set(c.updateId, m.succeed(c.at, c.reason || 'success criteria met'));
        return true;
      } else {
        if (!m.cancel(c.at, c.reason || 'canceled', now)) continue;
        this.cancelApplied = true;
        return true;
      }
    }
    return changed;
  }

  /** For a validator: this update delivers a command already applied (accept it, whatever the state). */
  isApplied(updateId: string | undefined): boolean {
    return updateId !== undefined && this.applied.has(updateId);
  }

  /**
   * For a handler: the update arrives. Returns `{ late: true, answer }` when its command was already
   * applied (answer it, change nothing), otherwise records it as delivered.
   */
  arrive(updateId: string | undefined): { late: true; answer: SuccessResult | null } | { late: false } {
    if (updateId === undefined) return { late: false };
    if (this.applied.has(updateId)) {
      const answer = this.applied.get(updateId)!;
      this.applied.delete(updateId);
      return { late: true, answer };
    }
    this.delivered.add(updateId);
    return { late: false };
  }

  cancelArrived(): void {
    this.cancelApplied = false;
  }

  /** Commands applied from the outbox whose delivery has not arrived yet. */
  get awaitingDelivery(): boolean {
    return this.applied.size > 0 || this.cancelApplied;
  }
}
