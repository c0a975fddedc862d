import type { Db } from '../../db/client.js';
import type { AtPayload, CancelPayload, KpiWorkflowInput, SuccessPayload } from '../../workflows/contract.js';
import { claimCommands, markDelivered, markForRetry, type ClaimedCommand, type DeliveredCommand } from './command-outbox.js';

/** Delivery failed for a reason retrying cannot fix (e.g. a validator rejected the transition). */
export class PermanentDeliveryError extends Error {
  override name = 'PermanentDeliveryError';
}

/** What the dispatcher needs from Temporal; see temporal-kpi-gateway.ts. */
export interface KpiWorkflowGateway {
  start(input: KpiWorkflowInput): Promise<void>;
  pause(workflowId: string, payload: AtPayload, updateId: string): Promise<void>;
  resume(workflowId: string, payload: AtPayload, updateId: string): Promise<void>;
  succeed(workflowId: string, payload: SuccessPayload, updateId: string): Promise<void>;
  cancel(workflowId: string, payload: CancelPayload): Promise<void>;
  applyCalendar(workflowId: string, calendar: KpiWorkflowInput['calendar']): Promise<void>;
}

export interface DispatchReport {
  delivered: number;
  rejected: number;
  failed: number;
}

export interface DispatcherLogger {
  info?(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface DispatcherOptions {
  /** Deliveries in flight at once (each to a different KPI instance). */
  concurrency?: number;
  /** How long a claim lasts; a dispatcher that crashed mid-delivery loses its claims after it. Keep it above the gateway's call timeout. */
  leaseMs?: number;
  /** Backoff of an instance after a transient failure: initial delay, doubled per attempt up to max. */
  backoff?: { initialMs: number; maxMs: number };
  /** The reconciler: how often to look for commands nobody woke this dispatcher for (0: never). */
  sweepEveryMs?: number;
  clock?: () => Date;
  log?: DispatcherLogger;
}

const silent: DispatcherLogger = { warn: () => {}, error: () => {} };

/**
 * Delivers the `sla_commands` outbox to Temporal in the background. A request commits its case change
 * and commands, calls `wake()` and answers; the dispatcher then claims claimable commands with a lease
 * (one short statement, `FOR UPDATE SKIP LOCKED`), delivers them outside any transaction with bounded
 * concurrency, and marks them delivered in batches, one short statement each. Nothing holds a database
 * connection while Temporal is called, so a workflow handler that needs the database (the mirror) never
 * waits on the sender, even on PGlite's single connection.
 *
 * Only the oldest undelivered command of a KPI instance is claimable: per-instance order holds across
 * dispatchers and processes. Exactly-once effects come from Temporal: starts use the business-key
 * workflow id, updates carry `sla-command-<id>` as update id. A transient failure backs off that
 * instance only (`next_attempt_at`); a rejection is recorded and not retried. The periodic sweep is the
 * safety net for commands whose wake was lost (a crash, another process, the end of a backoff).
 */
export class SlaCommandDispatcher {
  private readonly concurrency: number;
  private readonly leaseMs: number;
  private readonly backoff: { initialMs: number; maxMs: number };
  private readonly sweepEveryMs: number;
  private readonly clock: () => Date;
  private readonly log: DispatcherLogger;
  private readonly inFlight = new Set<Promise<void>>();
  private wanted = false;
  private pumping: Promise<void> | null = null;
  private claimLock: Promise<unknown> = Promise.resolve();
  private stopped = false;
  private sweepTimer: NodeJS.Timeout | null = null;
  private retryTimer: { at: number; timer: NodeJS.Timeout } | null = null;
  private report: DispatchReport = { delivered: 0, rejected: 0, failed: 0 };
  /** Outcomes waiting to be recorded: one statement records all that finished while the previous one ran. */
  private unrecorded: Array<DeliveredCommand & { settle(ours: boolean | Error): void }> = [];
  private recording: Promise<void> | null = null;

  constructor(
    private readonly db: Db,
    private readonly gateway: KpiWorkflowGateway,
    options: DispatcherOptions = {},
  ) {
    this.concurrency = options.concurrency ?? 64;
    this.leaseMs = options.leaseMs ?? 60_000;
    this.backoff = options.backoff ?? { initialMs: 250, maxMs: 30_000 };
    this.sweepEveryMs = options.sweepEveryMs ?? 0;
    this.clock = options.clock ?? (() => new Date());
    this.log = options.log ?? silent;
  }

  /** Starts the periodic sweep (the reconciler) and looks for pending commands at once. */
  start(): this {
    if (this.sweepEveryMs > 0 && !this.sweepTimer) {
      this.sweepTimer = setInterval(() => this.wake(), this.sweepEveryMs);
      this.sweepTimer.unref();
    }
    this.wake();
    return this;
  }

  /** Something may be claimable: look soon. Never waits, never throws (requests call it after commit). */
  wake(): void {
    if (this.stopped) return;
    this.wanted = true;
    if (this.pumping) return;
    this.pumping = this.pump()
      .catch((err) => {
        this.log.error({ err: messageOf(err) }, 'SLA command dispatcher could not claim commands; retrying');
        this.retryAt(this.clock().getTime() + this.backoff.initialMs * 4);
      })
      .finally(() => {
        this.pumping = null;
        if (this.wanted && this.inFlight.size < this.concurrency) this.wake();
      });
  }

  /**
   * Delivers everything claimable now and waits for it, including what becomes claimable as earlier
   * commands of the same instance are delivered (tests, benchmarks, a manual reconcile).
   */
  async drain(): Promise<DispatchReport> {
    const before = { ...this.report };
    for (;;) {
      const { claimed } = await this.claimIntoFreeSlots();
      const busy = [...this.inFlight, ...(this.pumping ? [this.pumping] : [])];
      if (!claimed && !busy.length) break;
      if (busy.length) await Promise.race(busy);
    }
    return {
      delivered: this.report.delivered - before.delivered,
      rejected: this.report.rejected - before.rejected,
      failed: this.report.failed - before.failed,
    };
  }

  /** Totals since this dispatcher was created. */
  totals(): DispatchReport {
    return { ...this.report };
  }

  /** Stops claiming and waits for the deliveries in flight (their outcome is recorded). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    if (this.retryTimer) clearTimeout(this.retryTimer.timer);
    await this.pumping;
    await Promise.all(this.inFlight);
  }

  private async pump(): Promise<void> {
    while (this.wanted && !this.stopped) {
      this.wanted = false;
      const { claimed, free } = await this.claimIntoFreeSlots();
      if (free > 0 && claimed === free) this.wanted = true; // there may be more
      // free = 0: a finishing delivery wakes the pump again
    }
  }

  /** One claim at a time per dispatcher, so the deliveries in flight never exceed the concurrency. */
  private claimIntoFreeSlots(): Promise<{ claimed: number; free: number }> {
    const run = this.claimLock.then(async () => {
      const free = this.stopped ? 0 : this.concurrency - this.inFlight.size;
      if (free <= 0) return { claimed: 0, free: 0 };
      const commands = await claimCommands(this.db, { limit: free, now: this.clock(), leaseMs: this.leaseMs });
      for (const c of commands) void this.track(c);
      return { claimed: commands.length, free };
    });
    this.claimLock = run.catch(() => undefined);
    return run;
  }

  private track(c: ClaimedCommand): Promise<void> {
    const delivery = this.deliver(c).finally(() => {
      this.inFlight.delete(delivery);
      // The instance's next command, if any, is claimable now.
      this.wake();
    });
    this.inFlight.add(delivery);
    return delivery;
  }

  private async deliver(c: ClaimedCommand): Promise<void> {
    const context = { caseId: c.caseId, commandId: c.id, kind: c.kind, workflowId: c.workflowId, attempt: c.attempts };
    let outcome: { rejected?: string; error?: string } = {};
    try {
      await this.send(c);
    } catch (err) {
      outcome = err instanceof PermanentDeliveryError ? { rejected: err.message } : { error: messageOf(err) };
    }
    try {
      if (outcome.error !== undefined) {
        const delay = Math.min(this.backoff.maxMs, this.backoff.initialMs * 2 ** Math.max(0, c.attempts - 1));
        const retryAt = this.clock().getTime() + delay;
        if (!(await markForRetry(this.db, c, new Date(retryAt), outcome.error))) return this.claimLost(context);
        this.retryAt(retryAt);
        this.report.failed++;
        this.log.warn({ ...context, err: outcome.error, retryInMs: delay }, 'SLA command not delivered; retrying this KPI instance later');
      } else {
        if (!(await this.recordDelivered(c, outcome.rejected))) return this.claimLost(context);
        if (outcome.rejected !== undefined) {
          this.report.rejected++;
          this.log.warn({ ...context, reason: outcome.rejected }, 'SLA command rejected by its workflow; recorded, not retried');
        } else {
          this.report.delivered++;
        }
      }
    } catch (err) {
      // The claim runs out and the command is delivered again (idempotently) by whoever claims it next.
      this.log.error({ ...context, err: messageOf(err) }, 'SLA command outcome not recorded; it will be re-claimed after its lease');
    }
  }

  /** Resolves with false when the claim was lost; rejects when the statement failed. */
  private recordDelivered(command: ClaimedCommand, rejection: string | undefined): Promise<boolean> {
    return new Promise<boolean>((resolve, reject) => {
      this.unrecorded.push({ command, rejection, settle: (ours) => (ours instanceof Error ? reject(ours) : resolve(ours)) });
      this.recordPending();
    });
  }

  /** After the current turn of the event loop, so deliveries answered together are recorded together. */
  private recordPending(): void {
    if (this.recording || !this.unrecorded.length) return;
    this.recording = new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.recordBatch());
  }

  private recordBatch(): Promise<void> {
    const batch = this.unrecorded.splice(0);
    return markDelivered(this.db, batch, this.clock())
      .then(
        (ours) => batch.forEach((d) => d.settle(ours.has(d.command.id))),
        (err: unknown) => batch.forEach((d) => d.settle(err instanceof Error ? err : new Error(String(err)))),
      )
      .finally(() => {
        this.recording = null;
        this.recordPending();
      });
  }

  private claimLost(context: object): void {
    this.log.warn(context, 'SLA command lease ran out during delivery; another dispatcher owns it now');
  }

  private send(c: ClaimedCommand): Promise<void> {
    const updateId = `sla-command-${c.id}`;
    const p = c.payload;
    switch (c.kind) {
      case 'start':
        return this.gateway.start(p.input as KpiWorkflowInput);
      case 'pause':
        return this.gateway.pause(c.workflowId, p as unknown as AtPayload, updateId);
      case 'resume':
        return this.gateway.resume(c.workflowId, p as unknown as AtPayload, updateId);
      case 'succeed':
        return this.gateway.succeed(c.workflowId, p as unknown as SuccessPayload, updateId);
      case 'cancel':
        return this.gateway.cancel(c.workflowId, p as unknown as CancelPayload);
      case 'apply_calendar':
        return this.gateway.applyCalendar(c.workflowId, p.calendar as KpiWorkflowInput['calendar']);
      default:
        return Promise.reject(new PermanentDeliveryError(`unknown command kind ${c.kind}`));
    }
  }

  /** One timer for the earliest backoff end of this dispatcher's own failures. */
  private retryAt(atMs: number): void {
    if (this.stopped || (this.retryTimer && this.retryTimer.at <= atMs)) return;
    if (this.retryTimer) clearTimeout(this.retryTimer.timer);
    const timer = setTimeout(() => {
      this.retryTimer = null;
      this.wake();
    }, Math.max(0, atMs - this.clock().getTime()));
    timer.unref();
    this.retryTimer = { at: atMs, timer };
  }
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
