import type { DurationInput } from './sla-schemas.js';

/**
 * Business minutes for an API duration (spec §1.7). `businessDayMinutes` is the calendar's declared
 * working-day length (1440 for 24x7). Fractions of a minute are rounded to the nearest minute.
 */
export function durationToMinutes(d: DurationInput, businessDayMinutes: number): number {
  if ('minutes' in d) return d.minutes;
  if ('hours' in d) return Math.round(d.hours * 60);
  return Math.round(d.businessDays * businessDayMinutes);
}
