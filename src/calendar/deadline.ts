/**
 * The deadline walk (spec §1.4): the earliest instant at which `budgetMs` of business time has
 * elapsed since `startMs`. Walks local days; runs of plain days (no holiday, closure, special
 * hours or UTC-offset change) between exception days are skipped in O(1) from the weekly totals,
 * so the cost grows with the exception days in the span, not with its length.
 */
import { END_DAY, weekdayIndex } from './civil-date.js';
import type { CompiledCalendar } from './compile-calendar.js';
import { CalendarError } from './errors.js';

/**
 * How the walk treats plain days (internal; the default is the fast one):
 * - 'jump': skip runs of plain days and whole plain weeks by arithmetic;
 * - 'walk': visit every day, plain days from the weekly template;
 * - 'resolve-all': visit every day and resolve every boundary from wall time (no template shortcut).
 */
export type WalkStrategy = 'jump' | 'walk' | 'resolve-all';

/** Days in a row without business time after which a search gives up with NO_BUSINESS_TIME. */
export const NO_BUSINESS_TIME_HORIZON_DAYS = 3_660;

/**
 * @param fill true: a budget used up exactly at a closing time gives that closing time;
 *             false ('next-open'): it gives the next opening instead.
 */
export function deadlineCore(
  cal: CompiledCalendar,
  startMs: number,
  budgetMs: number,
  fill: boolean,
  strategy: WalkStrategy = 'jump',
): number {
  if (cal.alwaysOpen && strategy === 'jump') return inRange(startMs + budgetMs);
  const days = cal.days;
  const jumps = strategy === 'jump';
  const startDay = days.dayOf(startMs);
  let dn = startDay;
  let rem = budgetMs;
  let next = strategy === 'resolve-all' ? dn : cal.nextExceptionDay(dn);
  let lastOpenDay = dn;
  for (;;) {
    let base: number;
    let iv: Float64Array;
    if (dn >= next) {
      if (dn > next) {
        next = strategy === 'resolve-all' ? dn : cal.nextExceptionDay(dn);
        continue;
      }
      base = 0;
      iv = cal.dayIntervals(dn).instants;
      next = strategy === 'resolve-all' ? dn + 1 : cal.nextExceptionDay(dn + 1);
    } else {
      if (jumps && dn > startDay) {
        const runMs = cal.plainSpanMs(dn, next - dn);
        if (runMs === 0 || rem > runMs) {
          // The whole run of plain days is used up (or has no business time): skip it.
          rem -= runMs;
          if (runMs > 0) lastOpenDay = next - 1;
          dn = next;
          checkProgress(cal, dn, lastOpenDay);
          continue;
        }
        if (rem > cal.weekMs) {
          // Land in the last week of the run: rem stays in (0, weekMs], so the walk below decides
          // the boundary (fill or next-open) in one place.
          const weeks = Math.floor((rem - 1) / cal.weekMs);
          rem -= weeks * cal.weekMs;
          dn += 7 * weeks;
          lastOpenDay = dn;
        }
      }
      base = days.dayStart(dn);
      iv = cal.template[weekdayIndex(dn)];
    }
    for (let i = 0; i < iv.length; i += 2) {
      const b = base + iv[i + 1];
      if (b <= startMs) continue;
      let a = base + iv[i];
      if (a < startMs) a = startMs;
      const len = b - a;
      if (rem < len || (rem === len && fill)) return a + rem;
      rem -= len;
      lastOpenDay = dn;
    }
    dn++;
    checkProgress(cal, dn, lastOpenDay);
  }
}

function checkProgress(cal: CompiledCalendar, dn: number, lastOpenDay: number): void {
  if (dn - lastOpenDay > NO_BUSINESS_TIME_HORIZON_DAYS) {
    throw new CalendarError(
      'NO_BUSINESS_TIME',
      `no business time in ${NO_BUSINESS_TIME_HORIZON_DAYS} days after the last open day (calendar in ${cal.timeZone})`,
    );
  }
  if (dn >= END_DAY) throw new CalendarError('OUT_OF_RANGE', 'the result would be after the year 2399');
}

function inRange(ms: number): number {
  if (ms >= END_DAY * 86_400_000) throw new CalendarError('OUT_OF_RANGE', 'the result would be after the year 2399');
  return ms;
}
