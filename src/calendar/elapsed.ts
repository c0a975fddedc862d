/**
 * Business time in [fromMs, toMs) (spec §1.5), for fromMs <= toMs. Partial first and last days,
 * exception days one by one, and runs of plain days in between from the weekly totals.
 */
import { weekdayIndex } from './civil-date.js';
import type { CompiledCalendar } from './compile-calendar.js';
import type { WalkStrategy } from './deadline.js';

/** Receives what the walk counted (used by explanations; `null` in normal use). */
export interface ElapsedTrace {
  /** An open interval [from, to) of day `day` that was counted. */
  interval(day: number, from: number, to: number): void;
  /** Plain days [fromDay, toDay) counted whole from the weekly template. */
  plainRun(fromDay: number, toDay: number, ms: number): void;
  /** Day `day` is an exception day (holiday, closure, special hours, UTC-offset change). */
  exceptionDay(day: number): void;
}

export function elapsedCore(
  cal: CompiledCalendar,
  fromMs: number,
  toMs: number,
  strategy: WalkStrategy = 'jump',
  trace: ElapsedTrace | null = null,
): number {
  if (toMs <= fromMs) return 0;
  if (cal.alwaysOpen && strategy === 'jump' && trace === null) return toMs - fromMs;
  const days = cal.days;
  const jumps = strategy === 'jump';
  const firstDay = days.dayOf(fromMs);
  const lastDay = days.dayOf(toMs);
  let total = 0;
  let dn = firstDay;
  let next = strategy === 'resolve-all' ? dn : cal.nextExceptionDay(dn);
  while (dn <= lastDay) {
    let base: number;
    let iv: Float64Array;
    if (dn >= next) {
      if (dn > next) {
        next = strategy === 'resolve-all' ? dn : cal.nextExceptionDay(dn);
        continue;
      }
      base = 0;
      iv = cal.dayIntervals(dn).instants;
      if (trace !== null && (cal.exceptions.has(dn) || days.isIrregular(dn))) trace.exceptionDay(dn);
      next = strategy === 'resolve-all' ? dn + 1 : cal.nextExceptionDay(dn + 1);
    } else {
      if (jumps && dn > firstDay && dn < lastDay) {
        const end = next < lastDay ? next : lastDay;
        const ms = cal.plainSpanMs(dn, end - dn);
        total += ms;
        if (trace !== null) trace.plainRun(dn, end, ms);
        dn = end;
        continue;
      }
      base = days.dayStart(dn);
      iv = cal.template[weekdayIndex(dn)];
    }
    for (let i = 0; i < iv.length; i += 2) {
      let a = base + iv[i];
      let b = base + iv[i + 1];
      if (a < fromMs) a = fromMs;
      if (b > toMs) b = toMs;
      if (b > a) {
        total += b - a;
        if (trace !== null) trace.interval(dn, a, b);
      }
    }
    dn++;
  }
  return total;
}
