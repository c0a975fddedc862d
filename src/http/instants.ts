import { instantField } from '../calendars/calendar-errors.js';

/**
 * An instant from the request, or `fallback` when absent. One rule for every instant of the API (spec §1.6),
 * the calendar edge's: without an offset it is 400 INSTANT_WITHOUT_OFFSET naming the field with an example,
 * unparsable 400 INSTANT_INVALID, outside the engine's years 400 OUT_OF_RANGE (see `instantField`).
 */
export function parseInstant(value: string | undefined, field: string, fallback: Date): Date {
  if (value === undefined) return fallback;
  return new Date(instantField(value, field));
}
