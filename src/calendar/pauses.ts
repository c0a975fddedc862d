/**
 * Pauses (spec §2.8): half-open instant intervals [from, to) during which business time does not
 * count. They may overlap each other and the start; `to: Infinity` is a pause still in progress.
 */
import type { CompiledCalendar } from './compile-calendar.js';
import { deadlineCore } from './deadline.js';
import { elapsedCore } from './elapsed.js';
import { CalendarError } from './errors.js';

export interface Pause {
  readonly from: number;
  /** Exclusive end; `Infinity` while the pause is still in progress. */
  readonly to: number;
}

/** Sorted, merged, non-empty pauses. */
export function mergePauses(pauses: readonly Pause[]): Pause[] {
  const sorted = pauses.filter((p) => p.to > p.from).sort((a, b) => a.from - b.from);
  const out: { from: number; to: number }[] = [];
  for (const p of sorted) {
    const last = out[out.length - 1];
    if (last && p.from <= last.to) last.to = Math.max(last.to, p.to);
    else out.push({ from: p.from, to: p.to });
  }
  return out;
}

/**
 * Deadline that skips paused time: the earliest instant at which `budgetMs` of business time
 * outside the pauses has elapsed. Throws DEADLINE_UNDEFINED when the budget is not used up before
 * an open-ended pause starts. `pauses` must be merged (see mergePauses).
 */
export function deadlineAroundPauses(
  cal: CompiledCalendar,
  startMs: number,
  budgetMs: number,
  fill: boolean,
  pauses: readonly Pause[],
): number {
  let cursor = startMs;
  let rem = budgetMs;
  for (const p of pauses) {
    if (p.to <= cursor) continue;
    if (p.from > cursor) {
      const candidate = deadlineCore(cal, cursor, rem, fill);
      // Landing exactly on the pause start uses the budget up at a "closing" of the paused clock:
      // allowed for fill with a positive budget; d = 0 asks for an open, unpaused instant.
      if (candidate < p.from || (candidate === p.from && fill && rem > 0)) return candidate;
      rem -= elapsedCore(cal, cursor, p.from);
    }
    cursor = p.to;
    if (cursor === Infinity) {
      throw new CalendarError(
        'DEADLINE_UNDEFINED',
        `the deadline is undefined: ${rem / 60_000} business minutes remain when the open-ended pause from ${cal.days.formatIso(p.from)} starts`,
        [],
        { pausedFrom: p.from, remainingMinutes: rem / 60_000 },
      );
    }
  }
  return deadlineCore(cal, cursor, rem, fill);
}

/** Business ms inside the (merged) pauses within [fromMs, toMs). */
export function pausedBusinessMs(cal: CompiledCalendar, fromMs: number, toMs: number, pauses: readonly Pause[]): number {
  let sum = 0;
  for (const p of pauses) {
    const a = p.from > fromMs ? p.from : fromMs;
    const b = p.to < toMs ? p.to : toMs;
    if (b > a) sum += elapsedCore(cal, a, b);
  }
  return sum;
}
