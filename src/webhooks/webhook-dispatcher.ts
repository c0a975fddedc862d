/**
 * Starts a delivery workflow for every delivery in the outbox that has none yet. Woken after each
 * commit that queued deliveries; a periodic sweep is the safety net (a lost wake, another process, a
 * Temporal outage). Starting is idempotent: the workflow id is the delivery's (`webhook:<id>`), a
 * start that finds it already running or finished counts as started.
 */
import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { webhookDeliveries, webhookEvents, webhookSubscriptions } from '../../db/schema/index.js';

/** Starts the workflow of one delivery; resolves when it runs (or already ran). */
export type DeliveryStarter = (delivery: { id: string; eventId: string; eventType: string; url: string }) => Promise<void>;

export interface WebhookDispatcherOptions {
  sweepEveryMs?: number;
  batch?: number;
  clock?: () => Date;
  log?: { error(obj: object, msg: string): void };
}

export class WebhookDispatcher {
  private readonly sweepEveryMs: number;
  private readonly batch: number;
  private readonly clock: () => Date;
  private readonly log: { error(obj: object, msg: string): void };
  private wanted = false;
  private pumping: Promise<void> | null = null;
  private sweepTimer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    private readonly db: Db,
    private readonly startDelivery: DeliveryStarter,
    options: WebhookDispatcherOptions = {},
  ) {
    this.sweepEveryMs = options.sweepEveryMs ?? 0;
    this.batch = options.batch ?? 50;
    this.clock = options.clock ?? (() => new Date());
    this.log = options.log ?? { error: () => {} };
  }

  start(): this {
    if (this.sweepEveryMs > 0 && !this.sweepTimer) {
      this.sweepTimer = setInterval(() => this.wake(), this.sweepEveryMs);
      this.sweepTimer.unref();
    }
    this.wake();
    return this;
  }

  /** Deliveries may be waiting: look soon. Never waits, never throws. */
  wake(): void {
    if (this.stopped) return;
    this.wanted = true;
    if (this.pumping) return;
    this.pumping = this.pump()
      .catch((err) => this.log.error({ err: err instanceof Error ? err.message : String(err) }, 'webhook dispatcher could not start deliveries; the sweep retries'))
      .finally(() => {
        this.pumping = null;
      });
  }

  /** Starts everything waiting now and returns how many were started (tests, manual runs). */
  async drain(): Promise<number> {
    await this.pumping;
    return this.pumpOnce(true);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    this.sweepTimer = null;
    await this.pumping;
  }

  private async pump(): Promise<void> {
    while (this.wanted && !this.stopped) {
      this.wanted = false;
      await this.pumpOnce(false);
    }
  }

  private async pumpOnce(all: boolean): Promise<number> {
    let started = 0;
    for (;;) {
      const waiting = await this.db
        .select({ id: webhookDeliveries.id, eventId: webhookDeliveries.eventId, eventType: webhookEvents.type, url: webhookSubscriptions.url })
        .from(webhookDeliveries)
        .innerJoin(webhookEvents, eq(webhookEvents.id, webhookDeliveries.eventId))
        .innerJoin(webhookSubscriptions, eq(webhookSubscriptions.id, webhookDeliveries.subscriptionId))
        .where(and(isNull(webhookDeliveries.dispatchedAt), eq(webhookDeliveries.status, 'pending')))
        .orderBy(asc(webhookDeliveries.createdAt))
        .limit(this.batch);
      for (const delivery of waiting) {
        const { id } = delivery;
        await this.startDelivery(delivery);
        await this.db.update(webhookDeliveries).set({ dispatchedAt: this.clock() }).where(eq(webhookDeliveries.id, id));
        started++;
      }
      if (waiting.length < this.batch || (!all && this.stopped)) return started;
    }
  }
}
