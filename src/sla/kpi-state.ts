/**
 * The state of one SLA KPI instance (spec §2.5-2.9) as a pure, deterministic machine. The Temporal
 * workflow (workflows/sla-kpi.workflow.ts) owns one and drives it: message handlers call the
 * transition methods, the main loop asks `nextDue()` what to wait for, fires it, and drains the
 * queued `KpiTransition`s to record them (DB mirror, case timeline, actions). No I/O, no clock: every
 * method takes the instant it works with.
 *
 * Instants are epoch milliseconds here and ISO strings at the edges (contract types).
 */
import type { ComputedDeadlines, KpiCarriedState, KpiState, KpiStatus, KpiWorkflowInput, PauseInterval } from '../../workflows/contract.js';

export type ActionPhase = 'warning' | 'failure' | 'success' | 'pause_stale';

export type { ComputedDeadlines } from '../../workflows/contract.js';

export type KpiTransitionKind =
  | 'started'
  | 'paused'
  | 'resumed'
  | 'warning'
  | 'failed'
  | 'succeeded'
  | 'late_succeeded'
  | 'canceled'
  | 'calendar_applied'
  | 'pause_stale';

export interface KpiTransition {
  kind: KpiTransitionKind;
  /** The instant the transition happened (business instant of the message, or workflow time). */
  at: number;
  /** The phase whose actions this transition triggers, if any. */
  runs: ActionPhase | null;
  note?: string;
  /** For 'pause_stale': the ordinal of the pause (1 = the instance's first), part of its actions' keys. */
  pause?: number;
}

export type DuePhase = 'warning' | 'failure';

interface Interval {
  from: number;
  to: number;
}

/** An ISO-8601 instant with an explicit offset (spec §1.6), or null. */
export function parseInstant(text: unknown): number | null {
  if (typeof text !== 'string' || !/^\d{4}-\d{2}-\d{2}T[\d:.]+(Z|[+-]\d{2}:\d{2})$/i.test(text)) return null;
  const ms = Date.parse(text);
  return Number.isFinite(ms) ? ms : null;
}

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

export class KpiMachine {
  readonly applicableFrom: number;
  calendar: KpiWorkflowInput['calendar'];
  /** Bumped by every change a waiting loop or handler must notice. */
  version = 0;
  /** Monotonic counter of recorded transitions (the DB mirror's `mirror_seq`). */
  seq = 0;
  /** True while the deadlines must be (re)computed: at start, after a resume or a new calendar. */
  deadlinesStale = true;
  private staleEpoch = 0;

  private readonly closedPauses: Interval[] = [];
  private pausedFrom: number | null = null;
  private deadlines: ComputedDeadlines | null = null;
  private warned = false;
  private failed = false;
  private readonly inheritedFailure: boolean;
  private warnedAt: number | null = null;
  private failedAt: number | null = null;
  private succeededAt: number | null = null;
  private lateSucceededAt: number | null = null;
  private endedAt: number | null = null;
  private endReason: string | null = null;
  private canceled = false;
  private pendingLateSuccess: { at: number; reason: string } | null = null;
  private readonly queue: KpiTransition[] = [];
  /** Pause ordinals whose stale-pause alert fired (once per pause). */
  private readonly stalePausesAlerted = new Set<number>();
  readonly actionsRun: KpiStatus['actionsRun'] = [];

  constructor(
    private readonly input: KpiWorkflowInput,
    readonly workflowId: string,
    startedAt: number,
  ) {
    const from = parseInstant(input.applicableFrom);
    if (from === null) throw new TypeError(`applicableFrom must be an ISO instant with an offset, got "${input.applicableFrom}"`);
    this.applicableFrom = from;
    this.calendar = input.calendar;
    for (const p of [...input.pauses].sort((a, b) => a.from.localeCompare(b.from))) {
      const pFrom = parseInstant(p.from);
      if (pFrom === null) continue;
      const start = Math.max(pFrom, this.applicableFrom, this.lastPauseEnd());
      if (p.to === null) {
        this.pausedFrom = start;
        break; // an open pause is the last one
      }
      const pTo = parseInstant(p.to);
      if (pTo !== null && pTo > start) this.closedPauses.push({ from: start, to: pTo });
    }
    this.inheritedFailure = input.alreadyFailed === true;
    if (input.carried) {
      // A continued-as-new run: the previous run's state, and no second 'started' transition.
      this.restore(input.carried);
      return;
    }
    const notes: string[] = [];
    if (input.alreadyWarned) {
      this.warned = true;
      this.warnedAt = parseInstant(input.alreadyWarnedAt) ?? startedAt;
      notes.push('warning already reached on the replaced instance (its actions do not run again)');
    }
    if (this.inheritedFailure) {
      this.failed = true;
      this.failedAt = parseInstant(input.alreadyFailedAt) ?? startedAt;
      notes.push('failure already reached on the replaced instance (its actions do not run again)');
    }
    this.push({ kind: 'started', at: startedAt, runs: null, note: notes.join('; ') || undefined });
  }

  // ---- derived state ---------------------------------------------------------------------------

  get state(): KpiState {
    if (this.succeededAt !== null) return 'succeeded';
    if (this.failed) return 'noncompliant';
    if (this.canceled) return 'canceled';
    if (this.pausedFrom !== null) return 'paused';
    if (this.warned) return 'nearing_noncompliance';
    return 'in_progress';
  }

  get closed(): boolean {
    return this.endedAt !== null;
  }

  get paused(): boolean {
    return this.pausedFrom !== null;
  }

  get pausedSince(): number | null {
    return this.pausedFrom;
  }

  get isCanceled(): boolean {
    return this.canceled;
  }

  get breached(): boolean {
    return this.failed && this.succeededAt === null;
  }

  get warningAt(): number | null {
    const d = this.deadlines;
    return d?.warningAt ? Date.parse(d.warningAt) : null;
  }

  get failureAt(): number | null {
    const d = this.deadlines;
    return d ? Date.parse(d.failureAt) : null;
  }

  get labels(): { zone: string; warning: string | null; failure: string | null } {
    return { zone: this.deadlines?.zone ?? 'UTC', warning: this.deadlines?.warningLabel ?? null, failure: this.deadlines?.failureLabel ?? null };
  }

  /** Closed pauses as ISO intervals (the input of computeDeadlines). */
  closedPauseIntervals(): Array<{ from: string; to: string }> {
    return this.closedPauses.map((p) => ({ from: iso(p.from)!, to: iso(p.to)! }));
  }

  /**
   * The next instant the clock acts at, or null (closed, deadlines unknown, or noncompliant and only
   * waiting for a late success or cancel). A warning that is not strictly before the failure is skipped.
   */
  nextDue(): { phase: DuePhase; at: number } | null {
    if (this.closed || this.deadlines === null || this.failed) return null;
    const warningAt = this.warningAt;
    const failureAt = this.failureAt!;
    if (!this.warned && warningAt !== null && warningAt < failureAt) return { phase: 'warning', at: warningAt };
    return { phase: 'failure', at: failureAt };
  }

  /** The current pause's ordinal (1 = the instance's first pause, counting closed ones), or null when running. */
  get pauseOrdinal(): number | null {
    return this.pausedFrom === null ? null : this.closedPauses.length + 1;
  }

  /**
   * The pause whose stale-pause alert is still to fire, or null (no alert configured, running, closed,
   * or this pause already alerted). When it fires is the workflow's business (business or calendar time).
   */
  stalePauseDue(): { ordinal: number; from: number } | null {
    if (!this.input.stalePause || this.closed || this.pausedFrom === null) return null;
    const ordinal = this.closedPauses.length + 1;
    return this.stalePausesAlerted.has(ordinal) ? null : { ordinal, from: this.pausedFrom };
  }

  /** The current pause has lasted longer than the alert threshold: its actions run (once per pause). */
  firePauseStale(ordinal: number, at: number, note: string): void {
    if (this.stalePausesAlerted.has(ordinal) || this.pauseOrdinal !== ordinal) return;
    this.stalePausesAlerted.add(ordinal);
    this.push({ kind: 'pause_stale', at, runs: 'pause_stale', pause: ordinal, note });
  }

  /** Due instants at or before this horizon fire now: `now`, or while paused the pause start (§2.9). */
  dueHorizon(now: number): number {
    return this.pausedFrom ?? now;
  }

  // ---- validators (pure: return a reason to reject, or null) -----------------------------------

  private closedReason(): string | null {
    if (this.closed) return `the KPI is closed (${this.state}${this.endReason ? `: ${this.endReason}` : ''})`;
    if (this.pendingLateSuccess) return 'the KPI already recorded its (late) success';
    return null;
  }

  validatePause(at: unknown): string | null {
    if (parseInstant(at) === null) return `"at" must be an ISO instant with an offset, got ${JSON.stringify(at)}`;
    const closed = this.closedReason();
    if (closed) return `cannot pause: ${closed}`;
    if (!this.input.allowPause) return 'cannot pause: this SLA does not allow pausing';
    if (this.paused) return `cannot pause: already paused since ${iso(this.pausedFrom)}`;
    return null;
  }

  validateResume(at: unknown): string | null {
    if (parseInstant(at) === null) return `"at" must be an ISO instant with an offset, got ${JSON.stringify(at)}`;
    const closed = this.closedReason();
    if (closed) return `cannot resume: ${closed}`;
    if (!this.paused) return 'cannot resume: the clock is running (not paused)';
    return null;
  }

  validateSucceed(at: unknown): string | null {
    if (parseInstant(at) === null) return `"at" must be an ISO instant with an offset, got ${JSON.stringify(at)}`;
    const closed = this.closedReason();
    if (closed) return `cannot succeed: ${closed}`;
    return null;
  }

  // ---- transitions -----------------------------------------------------------------------------

  /** The epoch to hand back to `applyDeadlines` (a later resume or calendar makes the result stale). */
  get deadlinesEpoch(): number {
    return this.staleEpoch;
  }

  applyDeadlines(d: ComputedDeadlines, epoch: number): void {
    this.deadlines = d;
    this.deadlinesStale = epoch !== this.staleEpoch;
    this.version++;
  }

  private markStale(): void {
    this.deadlinesStale = true;
    this.staleEpoch++;
  }

  /** Pause from `at`, never before the clock start or the previous pause's end. */
  pause(atIso: string): void {
    const at = Math.max(parseInstant(atIso)!, this.applicableFrom, this.lastPauseEnd());
    this.pausedFrom = at;
    this.push({ kind: 'paused', at, runs: null });
  }

  /** Resume at `at` (not before the pause start). A zero-length pause changes nothing. */
  resume(atIso: string): void {
    const from = this.pausedFrom!;
    const to = Math.max(parseInstant(atIso)!, from);
    this.pausedFrom = null;
    if (to > from) {
      this.closedPauses.push({ from, to });
      if (!this.failed) this.markStale();
    }
    this.push({ kind: 'resumed', at: to, runs: null, note: to > from ? undefined : 'zero-length pause: nothing changes' });
  }

  /** Warning or failure instant reached (at or after its deadline). */
  fire(phase: DuePhase, now: number): void {
    if (phase === 'warning') {
      this.warned = true;
      this.warnedAt = now;
      this.push({ kind: 'warning', at: now, runs: 'warning' });
      return;
    }
    this.warned = true;
    this.failed = true;
    this.failedAt = now;
    this.push({ kind: 'failed', at: now, runs: 'failure' });
    const late = this.pendingLateSuccess;
    if (late) {
      this.pendingLateSuccess = null;
      this.recordLateSuccess(late.at, late.reason);
    }
  }

  /**
   * Success criteria met at business instant `at` (§2.6). On time (at or before the failure instant,
   * or while the clock is paused before failing): Succeeded and the success actions run. After it:
   * stays/becomes Noncompliant and records the late success; if the failure has not fired yet (the
   * message was faster than the timer), the failure fires first, then the late success is recorded.
   * A failure inherited from a replaced instance is never undone.
   */
  succeed(atIso: string, reason: string): { state: KpiState; met: boolean; failureAt: string | null } {
    const at = parseInstant(atIso)!;
    const failureAt = this.failureAt;
    // No failure instant known (the calendar could not be used): nothing to be late against.
    const onTime = !this.inheritedFailure && (failureAt === null || at <= failureAt || (this.paused && !this.failed));
    if (onTime) {
      this.succeededAt = at;
      this.end(at, reason);
      this.push({
        kind: 'succeeded',
        at,
        runs: 'success',
        note: this.failed ? 'reported after the failure instant had fired; it happened before it' : undefined,
      });
    } else if (this.failed) {
      this.recordLateSuccess(at, reason);
    } else {
      this.pendingLateSuccess = { at, reason };
      this.version++;
    }
    return { state: this.onTimeOrPendingState(), met: onTime, failureAt: iso(failureAt) };
  }

  /** End without actions (§2.11). A noncompliant instance stays Noncompliant (a breach is never erased). */
  cancel(atIso: string, reason: string, now: number): boolean {
    if (this.closed || this.pendingLateSuccess) return false;
    const at = parseInstant(atIso) ?? now;
    this.canceled = true;
    this.end(at, reason);
    this.push({ kind: 'canceled', at, runs: null, note: reason });
    return true;
  }

  applyCalendar(calendar: KpiWorkflowInput['calendar'], now: number): void {
    this.calendar = calendar;
    if (!this.failed && !this.closed) this.markStale();
    this.push({ kind: 'calendar_applied', at: now, runs: null, note: calendar ? `calendar ${calendar.id} v${calendar.version}` : '24x7' });
  }

  recordAction(entry: KpiStatus['actionsRun'][number]): void {
    this.actionsRun.push(entry);
  }

  /** Next transition to record, oldest first. */
  takeTransition(): KpiTransition | undefined {
    return this.queue.shift();
  }

  get hasPendingTransitions(): boolean {
    return this.queue.length > 0;
  }

  status(): KpiStatus {
    const pauses: PauseInterval[] = this.closedPauses.map((p) => ({ from: iso(p.from)!, to: iso(p.to) }));
    if (this.pausedFrom !== null) pauses.push({ from: iso(this.pausedFrom)!, to: null });
    return {
      instanceId: this.input.instanceId,
      workflowId: this.workflowId,
      kpi: this.input.kpi,
      state: this.state,
      applicableFrom: iso(this.applicableFrom)!,
      warningAt: this.deadlines?.warningAt ?? null,
      failureAt: this.deadlines?.failureAt ?? null,
      warnedAt: iso(this.warnedAt),
      failedAt: iso(this.failedAt),
      succeededAt: iso(this.succeededAt),
      lateSucceededAt: iso(this.lateSucceededAt),
      pausedSince: iso(this.pausedFrom),
      pausedBusinessMinutes: this.deadlines?.pausedBusinessMinutes ?? 0,
      pauses,
      endedAt: iso(this.endedAt),
      endReason: this.endReason,
      actionsRun: [...this.actionsRun],
    };
  }

  // ---- continue-as-new -------------------------------------------------------------------------

  /**
   * True when nothing is in flight that a new run could not take over: not closed, no transition
   * waiting to be recorded, no late success waiting for the failure to fire.
   */
  get canCarryOver(): boolean {
    return !this.closed && this.queue.length === 0 && this.pendingLateSuccess === null;
  }

  /** What a continued-as-new run needs besides the pauses and calendar (see `restore`). */
  carry(): KpiCarriedState {
    return {
      mirrorSeq: this.seq,
      warned: this.warned,
      warnedAt: iso(this.warnedAt),
      failed: this.failed,
      failedAt: iso(this.failedAt),
      actionsRun: [...this.actionsRun],
      deadlines: this.deadlines ? { ...this.deadlines } : null,
      ...(this.stalePausesAlerted.size ? { stalePausesAlerted: [...this.stalePausesAlerted] } : {}),
    };
  }

  private restore(c: KpiCarriedState): void {
    this.seq = c.mirrorSeq;
    this.warned = c.warned;
    this.warnedAt = parseInstant(c.warnedAt);
    this.failed = c.failed;
    this.failedAt = parseInstant(c.failedAt);
    this.actionsRun.push(...c.actionsRun);
    this.deadlines = c.deadlines ? { ...c.deadlines } : null;
    for (const ordinal of c.stalePausesAlerted ?? []) this.stalePausesAlerted.add(ordinal);
    // Recomputed (same calendar, same closed pauses) exactly as after a resume; a failed clock's
    // deadlines are final (resumes and calendars no longer move them), so they are kept as they were.
    this.deadlinesStale = !this.failed || this.deadlines === null;
  }

  // ---- internals -------------------------------------------------------------------------------

  private onTimeOrPendingState(): KpiState {
    return this.pendingLateSuccess ? 'noncompliant' : this.state;
  }

  private recordLateSuccess(at: number, reason: string): void {
    this.lateSucceededAt = at;
    this.end(Math.max(at, this.failedAt ?? at), reason);
    this.push({ kind: 'late_succeeded', at, runs: null, note: reason });
  }

  private end(at: number, reason: string): void {
    this.endedAt = at;
    this.endReason = reason;
  }

  private lastPauseEnd(): number {
    return this.closedPauses.length ? this.closedPauses[this.closedPauses.length - 1].to : Number.NEGATIVE_INFINITY;
  }

  private push(t: KpiTransition): void {
    this.queue.push(t);
    this.version++;
  }
}
