/**
 * Structured explanations of a deadline or an elapsed time: the open intervals counted (with the
 * minutes taken from each), the exception days met (holidays, closures, special hours, UTC-offset
 * changes, with their names), runs of plain days collapsed into one entry, and the pauses
 * subtracted. Built by re-running the elapsed walk with a trace over [start, result), so an
 * explanation can never disagree with the result it explains.
 */
import { checkInstant, checkPauses, minutesToMs } from './arguments.js';
import { MS_PER_MINUTE, formatClock, formatDate } from './civil-date.js';
import type { CompiledCalendar } from './compile-calendar.js';
import { type DeadlineOptions, type ElapsedOptions, deadline, nextOpen } from './business-time.js';
import { type ElapsedTrace, elapsedCore } from './elapsed.js';
import { formatOffset } from './local-time.js';
import type { Pause } from './pauses.js';

export interface InstantView {
  readonly ms: number;
  /** ISO 8601 in UTC. */
  readonly utc: string;
  /** ISO 8601 in the calendar's zone, with offset. */
  readonly local: string;
}

export type ExplanationStep =
  | { readonly kind: 'open'; readonly date: string; readonly from: InstantView; readonly to: InstantView; readonly minutes: number }
  | {
      readonly kind: 'plain-days';
      readonly fromDate: string;
      readonly toDate: string;
      readonly days: number;
      readonly wholeWeeks: number;
      readonly minutes: number;
    }
  | { readonly kind: 'holiday'; readonly date: string; readonly name: string }
  | { readonly kind: 'closure'; readonly date: string; readonly from: string; readonly to: string; readonly reason: string }
  | { readonly kind: 'special-hours'; readonly date: string; readonly name: string; readonly hours: readonly string[] }
  | {
      readonly kind: 'utc-offset-change';
      readonly date: string;
      readonly dayLengthMinutes: number;
      readonly offsetAtStart: string;
      readonly offsetAtEnd: string;
    };

export interface PauseView {
  readonly from: InstantView;
  readonly to: InstantView | null;
  /** Business minutes of this pause inside the explained span. */
  readonly businessMinutes: number;
}

export interface DeadlineExplanation {
  readonly kind: 'deadline';
  readonly timeZone: string;
  readonly calendar: { readonly id?: string; readonly version?: number | string };
  readonly start: InstantView;
  readonly businessMinutes: number;
  readonly boundary: 'fill' | 'next-open';
  readonly firstOpen: InstantView;
  readonly result: InstantView;
  readonly steps: readonly ExplanationStep[];
  readonly pauses: readonly PauseView[];
  /** openMinutes - pausedMinutes = businessMinutes. */
  readonly openMinutes: number;
  readonly pausedMinutes: number;
}

export interface ElapsedExplanation {
  readonly kind: 'elapsed';
  readonly timeZone: string;
  readonly calendar: { readonly id?: string; readonly version?: number | string };
  readonly from: InstantView;
  readonly to: InstantView;
  /** Steps cover [min(from, to), max(from, to)). */
  readonly steps: readonly ExplanationStep[];
  readonly pauses: readonly PauseView[];
  readonly openMinutes: number;
  readonly pausedMinutes: number;
  /** Signed: negative when `to` is before `from`. */
  readonly businessMinutes: number;
}

export function explainDeadline(
  cal: CompiledCalendar,
  startMs: number,
  businessMinutes: number,
  options: DeadlineOptions = {},
): DeadlineExplanation {
  const result = deadline(cal, startMs, businessMinutes, options);
  const budgetMs = minutesToMs(businessMinutes, 'businessMinutes');
  const pauses = checkPauses(options.pauses);
  const { steps, openMs } = traceSpan(cal, startMs, result);
  const pauseViews = viewPauses(cal, startMs, result, pauses);
  return {
    kind: 'deadline',
    timeZone: cal.timeZone,
    calendar: calendarRef(cal),
    start: view(cal, startMs),
    businessMinutes: budgetMs / MS_PER_MINUTE,
    boundary: options.boundary ?? 'fill',
    firstOpen: view(cal, nextOpen(cal, startMs)),
    result: view(cal, result),
    steps,
    pauses: pauseViews,
    openMinutes: openMs / MS_PER_MINUTE,
    pausedMinutes: pauseViews.reduce((s, p) => s + p.businessMinutes, 0),
  };
}

export function explainElapsed(cal: CompiledCalendar, fromMs: number, toMs: number, options: ElapsedOptions = {}): ElapsedExplanation {
  checkInstant(fromMs, 'fromMs');
  checkInstant(toMs, 'toMs');
  const pauses = checkPauses(options.pauses);
  const [a, b] = fromMs <= toMs ? [fromMs, toMs] : [toMs, fromMs];
  const { steps, openMs } = traceSpan(cal, a, b);
  const pauseViews = viewPauses(cal, a, b, pauses);
  const pausedMinutes = pauseViews.reduce((s, p) => s + p.businessMinutes, 0);
  const minutes = openMs / MS_PER_MINUTE - pausedMinutes;
  return {
    kind: 'elapsed',
    timeZone: cal.timeZone,
    calendar: calendarRef(cal),
    from: view(cal, fromMs),
    to: view(cal, toMs),
    steps,
    pauses: pauseViews,
    openMinutes: openMs / MS_PER_MINUTE,
    pausedMinutes,
    businessMinutes: fromMs <= toMs ? minutes : 0 - minutes,
  };
}

function traceSpan(cal: CompiledCalendar, fromMs: number, toMs: number): { steps: ExplanationStep[]; openMs: number } {
  const steps: ExplanationStep[] = [];
  const trace: ElapsedTrace = {
    interval(day, from, to) {
      steps.push({ kind: 'open', date: formatDate(day), from: view(cal, from), to: view(cal, to), minutes: (to - from) / MS_PER_MINUTE });
    },
    plainRun(fromDay, toDay, ms) {
      const days = toDay - fromDay;
      steps.push({
        kind: 'plain-days',
        fromDate: formatDate(fromDay),
        toDate: formatDate(toDay - 1),
        days,
        wholeWeeks: Math.floor(days / 7),
        minutes: ms / MS_PER_MINUTE,
      });
    },
    exceptionDay(day) {
      steps.push(...describeDay(cal, day));
    },
  };
  const openMs = elapsedCore(cal, fromMs, toMs, 'jump', trace);
  return { steps, openMs };
}

function describeDay(cal: CompiledCalendar, day: number): ExplanationStep[] {
  const date = formatDate(day);
  const out: ExplanationStep[] = [];
  const rules = cal.exceptions.get(day);
  if (rules?.holiday !== undefined) out.push({ kind: 'holiday', date, name: rules.holiday });
  if (rules?.special) {
    out.push({
      kind: 'special-hours',
      date,
      name: rules.special.name,
      hours: rules.special.intervals.map(([s, e]) => `${formatClock(s)}-${formatClock(e)}`),
    });
  }
  for (const c of rules?.closures ?? []) {
    out.push({ kind: 'closure', date, from: formatClock(c.from), to: formatClock(c.to), reason: c.reason });
  }
  if (cal.days.isIrregular(day)) {
    const start = cal.days.dayStart(day);
    const end = cal.days.dayStart(day + 1);
    out.push({
      kind: 'utc-offset-change',
      date,
      dayLengthMinutes: (end - start) / MS_PER_MINUTE,
      offsetAtStart: formatOffset(cal.days.offsets.offsetAt(start)),
      offsetAtEnd: formatOffset(cal.days.offsets.offsetAt(end - 1)),
    });
  }
  return out;
}

function viewPauses(cal: CompiledCalendar, fromMs: number, toMs: number, pauses: readonly Pause[]): PauseView[] {
  return pauses
    .filter((p) => p.to > fromMs && p.from < toMs)
    .map((p) => {
      const a = Math.max(p.from, fromMs);
      const b = Math.min(p.to, toMs);
      return {
        from: view(cal, p.from),
        to: p.to === Infinity ? null : view(cal, p.to),
        businessMinutes: elapsedCore(cal, a, b) / MS_PER_MINUTE,
      };
    });
}

function view(cal: CompiledCalendar, ms: number): InstantView {
  return { ms, utc: utcIso(ms), local: cal.days.formatIso(ms) };
}

function utcIso(ms: number): string {
  return new Date(ms).toISOString();
}

function calendarRef(cal: CompiledCalendar): { id?: string; version?: number | string } {
  return { ...(cal.id !== undefined ? { id: cal.id } : {}), ...(cal.version !== undefined ? { version: cal.version } : {}) };
}
