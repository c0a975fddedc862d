/**
 * The public business-time functions: argument checks, then the engine (deadline.ts, elapsed.ts,
 * pauses.ts). Instants are epoch ms; durations are business minutes; results are exact to the ms.
 */
import { checkInstant, checkPauses, minutesToMs } from './arguments.js';
import { MS_PER_MINUTE } from './civil-date.js';
import type { CompiledCalendar } from './compile-calendar.js';
import { type WalkStrategy, deadlineCore } from './deadline.js';
import { elapsedCore } from './elapsed.js';
import { invalidArgument } from './errors.js';
import { type Pause, deadlineAroundPauses, pausedBusinessMs } from './pauses.js';

/**
 * What a budget used up exactly at a closing time gives (spec §1.4):
 * 'fill' (default): that closing time (13:00 + 4 h on 08:00-17:00 is 17:00);
 * 'next-open': the next opening instant (08:00 the next business day).
 */
export type Boundary = 'fill' | 'next-open';

export interface DeadlineOptions {
  readonly boundary?: Boundary;
  /** Business time inside these [from, to) instants does not count (spec §2.8). */
  readonly pauses?: readonly Pause[];
  /** @internal testing only: how plain days are walked. */
  readonly strategy?: WalkStrategy;
}

export interface ElapsedOptions {
  readonly pauses?: readonly Pause[];
  /** @internal testing only. */
  readonly strategy?: WalkStrategy;
}

/**
 * The earliest instant t at or after the first open instant at or after `startMs` such that
 * `businessMinutes` of business time lie in [startMs, t) outside pauses (spec §1.4, §2.8).
 * `businessMinutes = 0` gives the first open (unpaused) instant.
 * @throws CalendarError DEADLINE_UNDEFINED when an open-ended pause (`to: Infinity`) starts before
 *   the budget is used up; NO_BUSINESS_TIME when the calendar has no more business time.
 */
export function deadline(cal: CompiledCalendar, startMs: number, businessMinutes: number, options: DeadlineOptions = {}): number {
  checkInstant(startMs, 'startMs');
  const budget = minutesToMs(businessMinutes, 'businessMinutes');
  const boundary = options.boundary ?? 'fill';
  if (boundary !== 'fill' && boundary !== 'next-open') throw invalidArgument(`boundary must be 'fill' or 'next-open'`);
  const pauses = checkPauses(options.pauses);
  if (pauses.length > 0) return deadlineAroundPauses(cal, startMs, budget, boundary === 'fill', pauses);
  return deadlineCore(cal, startMs, budget, boundary === 'fill', options.strategy);
}

/** Business ms in [fromMs, toMs) outside pauses; negative when toMs < fromMs (spec §1.5). */
export function elapsedMs(cal: CompiledCalendar, fromMs: number, toMs: number, options: ElapsedOptions = {}): number {
  checkInstant(fromMs, 'fromMs');
  checkInstant(toMs, 'toMs');
  const pauses = checkPauses(options.pauses);
  const [a, b] = fromMs <= toMs ? [fromMs, toMs] : [toMs, fromMs];
  let ms = elapsedCore(cal, a, b, options.strategy);
  if (pauses.length > 0) ms -= pausedBusinessMs(cal, a, b, pauses);
  return fromMs <= toMs ? ms : 0 - ms;
}

/** Business minutes in [fromMs, toMs) outside pauses (fractional when the span is not whole minutes). */
export function elapsed(cal: CompiledCalendar, fromMs: number, toMs: number, options: ElapsedOptions = {}): number {
  return elapsedMs(cal, fromMs, toMs, options) / MS_PER_MINUTE;
}

/** The first open instant at or after `ms`. */
export function nextOpen(cal: CompiledCalendar, ms: number): number {
  checkInstant(ms, 'ms');
  return deadlineCore(cal, ms, 0, true);
}

/** True if `ms` lies inside an open interval. */
export function isOpen(cal: CompiledCalendar, ms: number): boolean {
  return nextOpen(cal, ms) === ms;
}
