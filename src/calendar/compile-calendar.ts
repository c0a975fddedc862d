/**
 * A compiled calendar: the normalised calendar turned into the integer tables the engine walks.
 * Compiled once per calendar version (memoised by content), then shared by every computation.
 */
import type { CalendarDefinition, MinuteInterval, NormalisedCalendar } from './calendar-definition.js';
import { MINUTES_PER_DAY, MS_PER_DAY, MS_PER_MINUTE, parseDate, weekdayIndex } from './civil-date.js';
import { invalidCalendar } from './errors.js';
import { LocalDays, localDays } from './local-time.js';
import { subtractIntervals } from './minute-intervals.js';
import { validateCalendar } from './validate-calendar.js';
import { stableJson } from './stable-json.js';

/** What makes one date differ from its weekday's template. */
export interface ExceptionRules {
  readonly holiday?: string;
  readonly special?: { readonly name: string; readonly intervals: readonly MinuteInterval[] };
  readonly closures: readonly { readonly from: number; readonly to: number; readonly reason: string }[];
}

/** Open intervals of one local day as instants: [a0, b0, a1, b1, ...], sorted, disjoint. */
export interface DayIntervals {
  readonly instants: Float64Array;
  readonly totalMs: number;
}

const NO_EXCEPTION = Number.MAX_SAFE_INTEGER;

export class CompiledCalendar {
  readonly timeZone: string;
  readonly businessDayMinutes: number;
  /** Local days of the calendar's zone (shared per zone). */
  readonly days: LocalDays;
  /** Per weekday (0 = Monday): template intervals as ms from local midnight, flat [s0, e0, ...]. */
  readonly template: readonly Float64Array[];
  /** Template business ms per weekday, per week, and a two-week prefix sum for partial weeks. */
  readonly dayMs: Float64Array;
  readonly weekMs: number;
  private readonly prefixMs: Float64Array;
  /** Sorted day numbers of holidays, closures and special hours. */
  readonly exceptionDays: Int32Array;
  readonly exceptions: ReadonlyMap<number, ExceptionRules>;
  /** Open all the time: every day 00:00-24:00 and no exception day (plain arithmetic). */
  readonly alwaysOpen: boolean;
  private readonly irregularCache = new Map<number, DayIntervals>();

  constructor(readonly calendar: NormalisedCalendar) {
    this.timeZone = calendar.timeZone;
    this.businessDayMinutes = calendar.businessDayMinutes;
    this.days = localDays(calendar.timeZone);
    this.template = calendar.weekly.map((list) => Float64Array.from(list.flat(), (m) => m * MS_PER_MINUTE));
    this.dayMs = Float64Array.from(this.template, (iv) => {
      let sum = 0;
      for (let i = 0; i < iv.length; i += 2) sum += iv[i + 1] - iv[i];
      return sum;
    });
    this.weekMs = this.dayMs.reduce((a, b) => a + b, 0);
    this.prefixMs = new Float64Array(15);
    for (let i = 0; i < 14; i++) this.prefixMs[i + 1] = this.prefixMs[i] + this.dayMs[i % 7];

    const rules = new Map<number, { holiday?: string; special?: ExceptionRules['special']; closures: { from: number; to: number; reason: string }[] }>();
    const rulesOf = (date: string) => {
      const dn = parseDate(date) as number;
      let r = rules.get(dn);
      if (!r) rules.set(dn, (r = { closures: [] }));
      return r;
    };
    for (const h of calendar.holidays) rulesOf(h.date).holiday = h.name;
    for (const s of calendar.specialHours) rulesOf(s.date).special = { name: s.name, intervals: s.intervals };
    for (const c of calendar.closures) rulesOf(c.date).closures.push({ from: c.from, to: c.to, reason: c.reason });
    this.exceptions = rules;
    this.exceptionDays = Int32Array.from([...rules.keys()].sort((a, b) => a - b));
    this.alwaysOpen = this.weekMs === 7 * MS_PER_DAY && this.exceptionDays.length === 0;
  }

  get id(): string | undefined {
    return this.calendar.id;
  }

  get version(): number | string | undefined {
    return this.calendar.version;
  }

  /**
   * First day >= dayNumber that is not plain (holiday, closure, special hours, UTC-offset change),
   * or a barrier day up to which all days are plain. Days before the answer follow the template.
   */
  nextExceptionDay(dayNumber: number): number {
    const ex = this.exceptionDays;
    let lo = 0;
    let hi = ex.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (ex[mid] < dayNumber) lo = mid + 1;
      else hi = mid;
    }
    const own = lo < ex.length ? ex[lo] : NO_EXCEPTION;
    const zone = this.days.nextIrregularDay(dayNumber);
    return own < zone ? own : zone;
  }

  /** Template business ms of `count` plain days starting at day `dayNumber`. */
  plainSpanMs(dayNumber: number, count: number): number {
    const weeks = Math.floor(count / 7);
    const wd = weekdayIndex(dayNumber);
    return weeks * this.weekMs + this.prefixMs[wd + count - weeks * 7] - this.prefixMs[wd];
  }

  /** The open intervals of a local date in local minutes, after holidays, special hours and closures. */
  localIntervals(dayNumber: number): readonly MinuteInterval[] {
    const rules = this.exceptions.get(dayNumber);
    if (!rules) return this.calendar.weekly[weekdayIndex(dayNumber)];
    if (rules.holiday !== undefined) return [];
    const base = rules.special ? rules.special.intervals : this.calendar.weekly[weekdayIndex(dayNumber)];
    return rules.closures.length ? subtractIntervals(base, rules.closures.map((c) => [c.from, c.to] as const)) : base;
  }

  /**
   * Open intervals of any day as instants, each wall-clock boundary resolved on its own
   * ('compatible'), clipped to the day. Cached: used for exception and irregular days.
   */
  dayIntervals(dayNumber: number): DayIntervals {
    let entry = this.irregularCache.get(dayNumber);
    if (entry) return entry;
    const days = this.days;
    const dayStart = days.dayStart(dayNumber);
    const dayEnd = days.dayStart(dayNumber + 1);
    const wall0 = dayNumber * MS_PER_DAY;
    const pairs: [number, number][] = [];
    for (const [s, e] of this.localIntervals(dayNumber)) {
      const a = s === 0 ? dayStart : Math.max(dayStart, days.localToUtc(wall0 + s * MS_PER_MINUTE));
      const b = e === MINUTES_PER_DAY ? dayEnd : Math.min(dayEnd, days.localToUtc(wall0 + e * MS_PER_MINUTE));
      if (b > a) pairs.push([a, b]);
    }
    // A gap can reorder boundaries (02:30 → 03:30 lies after 03:00): sort and merge again.
    pairs.sort((x, y) => x[0] - y[0]);
    const flat: number[] = [];
    let totalMs = 0;
    for (const [a, b] of pairs) {
      const n = flat.length;
      if (n > 0 && a <= flat[n - 1]) {
        if (b > flat[n - 1]) {
          totalMs += b - flat[n - 1];
          flat[n - 1] = b;
        }
      } else {
        flat.push(a, b);
        totalMs += b - a;
      }
    }
    entry = { instants: Float64Array.from(flat), totalMs };
    this.irregularCache.set(dayNumber, entry);
    return entry;
  }
}

export interface CompileOptions {
  /** Reuse the compiled calendar of an identical definition (default true). */
  readonly memo?: boolean;
}

const MEMO_LIMIT = 500;
const memo = new Map<string, CompiledCalendar>();

/**
 * Validates and compiles a calendar definition. Identical definitions (same content, e.g. the same
 * `id@version`) share one compiled calendar. Throws CalendarError CALENDAR_INVALID with `problems`.
 */
export function compileCalendar(definition: CalendarDefinition, options: CompileOptions = {}): CompiledCalendar {
  const useMemo = options.memo ?? true;
  const key = useMemo ? stableJson(definition) : '';
  if (useMemo) {
    const hit = memo.get(key);
    if (hit) return hit;
  }
  const result = validateCalendar(definition);
  if (!result.ok) throw invalidCalendar(result.problems);
  const compiled = new CompiledCalendar(result.calendar);
  if (useMemo) {
    if (memo.size >= MEMO_LIMIT) memo.delete(memo.keys().next().value as string);
    memo.set(key, compiled);
  }
  return compiled;
}
