import type { Tx } from '../../db/client.js';
import { runAfterCommit } from '../../db/request-transaction.js';
import type { cases } from '../../db/schema/index.js';
import type { Actor } from '../audit/actor.js';

export type CaseRow = typeof cases.$inferSelect;

/**
 * What the cases module tells the rest of the system, inside the transaction that changes the case.
 * Listeners (entitlements, SLA clocks) may write in the same transaction or throw an AppError to refuse
 * the change; either everything is written or nothing. `afterCommit` runs once the transaction committed
 * (e.g. to deliver SLA commands to Temporal right away). `actor` is who made the change: listeners that
 * write case events of their own record it on them (absent: the system).
 */
export interface CaseLifecycleListener {
  name: string;
  /** Before the case row is inserted: may adjust the draft (e.g. choose the entitlement and SLA). */
  beforeCreate?(tx: Tx, draft: CaseDraft, at: Date, actor?: Actor): Promise<void>;
  onCreated?(tx: Tx, c: CaseRow, at: Date, actor?: Actor): Promise<void>;
  /** Fields changed (not status); `changed` lists the case fields that differ. */
  onUpdated?(tx: Tx, before: CaseRow, after: CaseRow, changed: string[], at: Date, actor?: Actor): Promise<void>;
  /** Any status change between active statuses (pause/resume handled by listeners). */
  onStatusChanged?(tx: Tx, before: CaseRow, after: CaseRow, at: Date, actor?: Actor): Promise<void>;
  onFirstResponse?(tx: Tx, c: CaseRow, at: Date, actor?: Actor): Promise<void>;
  onResolved?(tx: Tx, before: CaseRow, after: CaseRow, at: Date, actor?: Actor): Promise<void>;
  onCancelled?(tx: Tx, before: CaseRow, after: CaseRow, at: Date, actor?: Actor): Promise<void>;
  onReopened?(tx: Tx, before: CaseRow, after: CaseRow, at: Date, actor?: Actor): Promise<void>;
  /**
   * An imported case (POST /v1/cases/import) has been created and its history replayed through the events
   * above, in this transaction, at `importedAt`. Listeners may settle what the replay queued.
   */
  onImported?(tx: Tx, c: CaseRow, info: CaseImportInfo): Promise<void>;
  /** After the commit: must only hand work off (e.g. wake the SLA dispatcher), the request does not wait for it. */
  afterCommit?(caseId: string): void | Promise<void>;
}

/** Where `afterCommit` reports a listener that failed (the request has committed and answers anyway). */
export interface LifecycleLogger {
  error(obj: object, msg: string): void;
}

export interface CaseImportInfo {
  importedAt: Date;
  /** Run the SLA actions that came due before the import (default: record them as due before import). */
  fireOverdueActions: boolean;
}

/** The insert values for a new case, mutable by beforeCreate listeners. */
export type CaseDraft = typeof cases.$inferInsert;

export class CaseLifecycle {
  constructor(
    private readonly listeners: CaseLifecycleListener[],
    private readonly log: LifecycleLogger = { error: (obj, msg) => console.error(msg, obj) },
  ) {}

  async emit<K extends Exclude<keyof CaseLifecycleListener, 'name' | 'afterCommit'>>(
    event: K,
    ...args: Parameters<NonNullable<CaseLifecycleListener[K]>>
  ): Promise<void> {
    for (const l of this.listeners) {
      const fn = l[event] as ((...a: unknown[]) => Promise<void>) | undefined;
      if (fn) await fn.apply(l, args);
    }
  }

  /**
   * Runs every listener's `afterCommit` without waiting for it; a failure is logged with the case id. Inside
   * a request-wide transaction (a POST with Idempotency-Key) that is once that transaction has committed.
   */
  afterCommit(caseId: string): void {
    runAfterCommit(() => this.notifyCommitted(caseId));
  }

  private notifyCommitted(caseId: string): void {
    const report = (l: CaseLifecycleListener, err: unknown) =>
      this.log.error({ caseId, listener: l.name, err: err instanceof Error ? err.message : String(err) }, 'after-commit listener failed');
    for (const l of this.listeners) {
      if (!l.afterCommit) continue;
      try {
        void Promise.resolve(l.afterCommit(caseId)).catch((err) => report(l, err));
      } catch (err) {
        report(l, err);
      }
    }
  }
}
