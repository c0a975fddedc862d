/**
 * What applying a change does to one running KPI instance, decided without I/O: its new warning and
 * failure instants on the new calendar version and/or the new item's durations, and how they compare
 * with the instants it has now. Calendars are compiled once per version for a whole batch.
 *
 * The rules follow the KPI workflow exactly (workflows/sla-kpi.workflow.ts, src/sla/kpi-state.ts):
 * - deadlines are computed from the clock's start with its closed pauses (as `computeKpiDeadlines`);
 * - a failure that already fired is final: a new calendar does not move it, and a replacement instance
 *   inherits it (spec §2.10: its actions never run again, a breach is never erased);
 * - "breached" is judged at the preview instant, or for a paused clock at its pause start (a paused
 *   clock only fires what came due before it paused).
 */
import { compileCalendar, deadline, type CalendarDefinition, type CompiledCalendar } from '../calendar/index.js';
import { KpiMachine } from '../sla/kpi-state.js';
import type { KpiWorkflowInput, PauseInterval } from '../../workflows/contract.js';
import type { PreviewDecision, PreviewTotals } from '../../db/schema/previews.js';

const ALWAYS_OPEN: CalendarDefinition = { timeZone: 'UTC', is24x7: true };

export type PinnedCalendar = KpiWorkflowInput['calendar'];

/** Compiles each calendar version once (a batch of 10,000 instances shares a handful of versions). */
export class CalendarCache {
  private readonly compiled = new Map<string, CompiledCalendar>();

  get(calendar: PinnedCalendar): CompiledCalendar {
    const key = calendar ? `${calendar.id}@${calendar.version}` : '24x7';
    let cal = this.compiled.get(key);
    if (!cal) {
      cal = compileCalendar((calendar?.definition ?? ALWAYS_OPEN) as CalendarDefinition);
      this.compiled.set(key, cal);
    }
    return cal;
  }
}

/** The instance as the preview sees it (a row of `sla_kpi_instances` with its case). */
export interface RunningInstance {
  id: string;
  caseId: string;
  caseNumber: string;
  kpi: string;
  applicableFrom: Date;
  pauses: PauseInterval[];
  pausedSince: Date | null;
  warningAt: Date | null;
  failureAt: Date | null;
  failedAt: Date | null;
  fingerprint: string;
}

export interface NewTerms {
  calendar: PinnedCalendar;
  warningMinutes: number | null;
  failureMinutes: number;
}

/** The closed pauses exactly as the workflow's machine keeps them (sorted, clamped to the start). */
function closedPauses(inst: RunningInstance): Array<{ from: number; to: number }> {
  if (inst.pauses.length === 0) return [];
  const m = new KpiMachine({ applicableFrom: inst.applicableFrom.toISOString(), pauses: inst.pauses } as KpiWorkflowInput, '', 0);
  return m.closedPauseIntervals().map((p) => ({ from: Date.parse(p.from), to: Date.parse(p.to) }));
}

/** `computeKpiDeadlines` without labels, on an already compiled calendar (same instants). */
export function newInstants(cache: CalendarCache, inst: RunningInstance, terms: NewTerms): { warningAt: number | null; failureAt: number } {
  const cal = cache.get(terms.calendar);
  const start = inst.applicableFrom.getTime();
  const pauses = closedPauses(inst).filter((p) => p.to > p.from);
  const failureAt = deadline(cal, start, terms.failureMinutes, { pauses });
  const warningAt = terms.warningMinutes === null ? null : deadline(cal, start, terms.warningMinutes, { pauses });
  return { warningAt, failureAt };
}

const iso = (ms: number | null | undefined) => (ms === null || ms === undefined ? null : new Date(ms).toISOString());

/** When a due instant fires at the latest: now, or for a paused clock its pause start. */
const horizonOf = (inst: RunningInstance, asOf: number) => (inst.pausedSince ? inst.pausedSince.getTime() : asOf);

function movementOf(oldW: number | null, oldF: number | null, newW: number | null, newF: number): PreviewDecision['movement'] {
  if (oldF === null) return 'later'; // it had no instants (unusable calendar): it gets some
  if (newF !== oldF) return newF < oldF ? 'earlier' : 'later';
  if (oldW === newW) return 'unchanged';
  if (oldW === null) return 'earlier'; // a warning appears before the same failure
  if (newW === null) return 'later';
  return newW < oldW ? 'earlier' : 'later';
}

export interface DecideOptions {
  /** True for a calendar change: a clock that failed keeps its instants (the workflow no longer moves them). */
  failureIsFinal: boolean;
  calendarOut: { id: string; version: number } | null;
  newItemPosition?: number;
}

/** One instance's decision; `terms` null means the clock ends (no item of the new version applies). */
export function decide(cache: CalendarCache, inst: RunningInstance, terms: NewTerms | null, asOf: number, opts: DecideOptions): PreviewDecision {
  const oldW = inst.warningAt?.getTime() ?? null;
  const oldF = inst.failureAt?.getTime() ?? null;
  const horizon = horizonOf(inst, asOf);
  const failed = inst.failedAt !== null;
  const old = { warningAt: iso(oldW), failureAt: iso(oldF), breached: failed || (oldF !== null && oldF <= horizon) };
  const base = { instanceId: inst.id, caseId: inst.caseId, caseNumber: inst.caseNumber, kpi: inst.kpi, fingerprint: inst.fingerprint, old };
  if (terms === null) return { ...base, new: null, movement: 'ended', calendar: null };
  const extra = { calendar: opts.calendarOut, ...(opts.newItemPosition !== undefined ? { newItemPosition: opts.newItemPosition } : {}) };
  if (failed && opts.failureIsFinal) return { ...base, new: { ...old }, movement: 'unchanged', ...extra };
  const next = newInstants(cache, inst, terms);
  const newF = next.failureAt;
  return {
    ...base,
    new: { warningAt: iso(next.warningAt), failureAt: iso(newF), breached: failed || newF <= horizon },
    movement: movementOf(oldW, oldF, next.warningAt, newF),
    ...extra,
  };
}

export function totalsOf(decisions: readonly PreviewDecision[]): PreviewTotals {
  const t: PreviewTotals = { instances: decisions.length, movedEarlier: 0, movedLater: 0, unchanged: 0, ended: 0, newlyBreached: 0, noLongerBreached: 0 };
  for (const d of decisions) {
    if (d.movement === 'earlier') t.movedEarlier++;
    else if (d.movement === 'later') t.movedLater++;
    else if (d.movement === 'unchanged') t.unchanged++;
    else t.ended++;
    const after = d.new?.breached ?? false;
    if (after && !d.old.breached) t.newlyBreached++;
    if (!after && d.old.breached && d.new !== null) t.noLongerBreached++;
  }
  return t;
}

/** Whether applying changes anything visible for the instance (the answer lists only those). */
export const changes = (d: PreviewDecision) => d.movement !== 'unchanged';
