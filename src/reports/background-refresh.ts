import type { Db } from '../../db/client.js';
import { refreshReportFacts } from './refresh-facts.js';

export interface BackgroundRefreshOptions {
  everyMs: number;
  log?: { warn(obj: object, msg: string): void };
}

// Small transactions: on PGlite (one connection) a request waits for the batch in progress, never for the whole build.
const CASES_PER_TRANSACTION = 500;
const DAYS_PER_TRANSACTION = 1;

/**
 * The worker keeps the report facts and the per-day rollup current in the background: at start (after an
 * upgrade that queued every day of history for the rollup, the whole build) and every `everyMs`. Reports
 * and goals still drain what is left before they read, so their figures never depend on this; it only
 * moves the work off the first request that would otherwise do it all.
 */
export class BackgroundReportRefresh {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;

  constructor(
    private readonly db: Db,
    private readonly options: BackgroundRefreshOptions,
  ) {}

  start(): void {
    if (this.timer || this.stopped) return;
    this.timer = setInterval(() => void this.refresh(), this.options.everyMs);
    this.timer.unref();
    void this.refresh();
  }

  /** Returns after the transaction in progress; what is left stays queued for the next reader or start. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  /** One pass (also what tests call); a pass already running is awaited instead of overlapped. */
  refresh(): Promise<void> {
    this.running ??= refreshReportFacts(this.db, { batchSize: CASES_PER_TRANSACTION, dayBatch: DAYS_PER_TRANSACTION, stopping: () => this.stopped })
      .then(
        () => undefined,
        (err: unknown) => this.options.log?.warn({ err: err instanceof Error ? err.message : String(err) }, 'background report refresh failed; retrying at the next pass'),
      )
      .finally(() => (this.running = null));
    return this.running;
  }
}
