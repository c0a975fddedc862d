/**
 * What the timeline picture shades behind the clocks: the open business hours, holidays and closures of
 * a pinned calendar version between two instants. Everything comes from the calendar engine
 * (src/calendar: compiled calendar, its local days and open intervals); nothing here does business-time
 * arithmetic. Pure.
 */
import { compileCalendar, type CalendarDefinition } from '../calendar/index.js';

export interface Span {
  from: number;
  to: number;
}

export interface CalendarSpans {
  zone: string;
  /** Open business hours (24x7: the whole range). */
  open: Span[];
  holidays: Array<Span & { name: string }>;
  closures: Array<Span & { reason: string }>;
}

/** A picture of more days than this shows no business hours (they would be hairlines anyway). */
export const MAX_SHADED_DAYS = 120;

const clip = (s: Span, from: number, to: number): Span | null => {
  const a = Math.max(s.from, from);
  const b = Math.min(s.to, to);
  return b > a ? { from: a, to: b } : null;
};

/** `definition` null: 24x7 (always open, no holidays). */
export function calendarSpans(definition: unknown, from: number, to: number): CalendarSpans {
  if (definition === null || definition === undefined) return { zone: 'UTC', open: [{ from, to }], holidays: [], closures: [] };
  const cal = compileCalendar(definition as CalendarDefinition);
  const days = cal.days;
  const first = days.dayOf(from);
  const last = days.dayOf(to);
  const open: Span[] = [];
  const holidays: CalendarSpans['holidays'] = [];
  const closures: CalendarSpans['closures'] = [];
  if (last - first > MAX_SHADED_DAYS) return { zone: cal.timeZone, open, holidays, closures };
  for (let day = first; day <= last; day++) {
    const { instants } = cal.dayIntervals(day);
    for (let i = 0; i < instants.length; i += 2) {
      const s = clip({ from: instants[i], to: instants[i + 1] }, from, to);
      if (s) open.push(s);
    }
    const rules = cal.exceptions.get(day);
    if (!rules) continue;
    const dayStart = days.dayStart(day);
    if (rules.holiday !== undefined) {
      const s = clip({ from: dayStart, to: days.dayStart(day + 1) }, from, to);
      if (s) holidays.push({ ...s, name: rules.holiday });
    }
    for (const c of rules.closures) {
      const wall0 = day * 86_400_000;
      const s = clip({ from: days.localToUtc(wall0 + c.from * 60_000), to: days.localToUtc(wall0 + c.to * 60_000) }, from, to);
      if (s) closures.push({ ...s, reason: c.reason });
    }
  }
  return { zone: cal.timeZone, open, holidays, closures };
}
