import type { Db } from '../../db/client.js';
import { SYSTEM } from '../audit/actor.js';
import { deliverPendingOutboxEmails } from '../mail/outbox-sweep.js';
import { SURVEY_OUTBOX_KEY_PREFIX } from './issue-survey.js';
import { issueScheduledNps, type NpsOptions } from './nps-surveys.js';

export interface SurveySweepOptions {
  /** Sends one outbox email (the worker passes the SLA email activity's `deliverEmail`). */
  deliver(outboxId: string): Promise<unknown>;
  /** Other outbox emails without a workflow that this sweep retries too (e.g. articles sent from a case). */
  alsoRetryKeyPrefixes?: readonly string[];
  everyMs: number;
  nps: NpsOptions & { scheduleHours: number };
  clock?: () => Date;
  log?: { warn(obj: object, msg: string): void };
}

/** An email that failed this many times is marked failed and left alone. */
export const SWEPT_EMAIL_MAX_ATTEMPTS = 10;
const EMAILS_PER_PASS = 50;
const NPS_PER_PASS = 100;

/**
 * The worker's in-process survey sweep: survey emails have no workflow, so every `everyMs` it delivers the
 * pending ones (through the same idempotent delivery as SLA emails), retries the other workflow-less emails
 * it is given (`alsoRetryKeyPrefixes`), and, when the NPS schedule is on and due, issues the scheduled NPS surveys. Nothing of this goes through Temporal: no workflow per survey,
 * nothing in the Temporal UI. Several workers may sweep at once: delivery locks each row, the NPS schedule
 * locks each contact and re-checks its period.
 */
export class SurveySweeper {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private nextNpsAt = 0;
  private readonly clock: () => Date;

  constructor(
    private readonly db: Db,
    private readonly options: SurveySweepOptions,
  ) {
    this.clock = options.clock ?? (() => new Date());
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.sweep(), this.options.everyMs);
    this.timer.unref();
    void this.sweep();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  /** One pass (also what tests call); a pass already running is awaited instead of overlapped. */
  sweep(): Promise<void> {
    this.running ??= this.pass().finally(() => (this.running = null));
    return this.running;
  }

  private async pass(): Promise<void> {
    try {
      await this.deliverPending();
      await this.scheduledNps();
    } catch (err) {
      this.options.log?.warn({ err: err instanceof Error ? err.message : String(err) }, 'survey sweep failed; retrying at the next pass');
    }
  }

  private async deliverPending(): Promise<void> {
    await deliverPendingOutboxEmails(this.db, {
      keyPrefixes: [SURVEY_OUTBOX_KEY_PREFIX, ...(this.options.alsoRetryKeyPrefixes ?? [])],
      deliver: this.options.deliver,
      maxAttempts: SWEPT_EMAIL_MAX_ATTEMPTS,
      limit: EMAILS_PER_PASS,
      log: this.options.log,
    });
  }

  private async scheduledNps(): Promise<void> {
    const { nps } = this.options;
    if (nps.scheduleHours <= 0) return;
    const now = this.clock();
    if (now.getTime() < this.nextNpsAt) return;
    const issued = await issueScheduledNps(this.db, nps, now, { ...SYSTEM, name: 'NPS schedule' }, NPS_PER_PASS);
    // A full batch means more contacts are due: the next pass continues; otherwise wait for the next period.
    this.nextNpsAt = issued >= NPS_PER_PASS ? 0 : now.getTime() + nps.scheduleHours * 3_600_000;
  }
}
