/** Sets of half-open [start, end) intervals kept sorted, disjoint and non-touching. */
import type { MinuteInterval } from './calendar-definition.js';

/** Sorts, drops empty intervals, and merges overlapping or touching ones. */
export function mergeIntervals(intervals: readonly MinuteInterval[]): MinuteInterval[] {
  const sorted = intervals.filter(([s, e]) => e > s).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out: [number, number][] = [];
  for (const [s, e] of sorted) {
    const last = out[out.length - 1];
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else out.push([s, e]);
  }
  return out;
}

/** `base` minus `cut` (both merged). */
export function subtractIntervals(base: readonly MinuteInterval[], cut: readonly MinuteInterval[]): MinuteInterval[] {
  let out: MinuteInterval[] = [...base];
  for (const [cs, ce] of cut) {
    const next: MinuteInterval[] = [];
    for (const [s, e] of out) {
      if (ce <= s || cs >= e) next.push([s, e]);
      else {
        if (s < cs) next.push([s, cs]);
        if (ce < e) next.push([ce, e]);
      }
    }
    out = next;
  }
  return out;
}

export function totalLength(intervals: readonly MinuteInterval[]): number {
  let sum = 0;
  for (const [s, e] of intervals) sum += e - s;
  return sum;
}
