/**
 * When a pause becomes stale (issue 16): the instant a clock paused at `pausedFrom` has been paused for
 * `afterMinutes` of business time on the pinned calendar (src/calendar's `deadline`, no business-time
 * arithmetic of its own) or of calendar (wall-clock) time. Pure; the KPI workflow runs the business-time
 * case as a local activity, so its result is in the history and a replay never recomputes it.
 */
import { compileCalendar, deadline, type CalendarDefinition } from '../calendar/index.js';
import type { KpiWorkflowInput, StalePauseSetting } from '../../workflows/contract.js';

const ALWAYS_OPEN: CalendarDefinition = { timeZone: 'UTC', is24x7: true };

export interface StalePauseAlertAtInput {
  calendar: KpiWorkflowInput['calendar'];
  /** ISO instant the pause began. */
  pausedFrom: string;
  afterMinutes: number;
  time: StalePauseSetting['time'];
}

/** Calendar time needs no calendar (the workflow computes it itself, no activity). */
export function calendarTimeAlertAt(pausedFromMs: number, afterMinutes: number): number {
  return pausedFromMs + afterMinutes * 60_000;
}

/** The alert instant as ISO. Throws `CalendarError` for a calendar that cannot be compiled. */
export function stalePauseAlertAt(input: StalePauseAlertAtInput): string {
  const from = Date.parse(input.pausedFrom);
  if (input.time === 'calendar') return new Date(calendarTimeAlertAt(from, input.afterMinutes)).toISOString();
  const cal = compileCalendar((input.calendar?.definition ?? ALWAYS_OPEN) as CalendarDefinition);
  return new Date(deadline(cal, from, input.afterMinutes)).toISOString();
}

/** The timeline note of a stale-pause alert, e.g. `pause 2 (since 2026-11-26T15:00:00.000Z) lasted longer than 240 business minutes`. */
export function stalePauseNote(ordinal: number, pausedFrom: string, setting: Pick<StalePauseSetting, 'afterMinutes' | 'time'>): string {
  return `pause ${ordinal} (since ${pausedFrom}) lasted longer than ${setting.afterMinutes} ${setting.time} minutes`;
}
