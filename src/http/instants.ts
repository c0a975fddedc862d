import { CalendarError } from '../calendar/errors.js';
import { parseInstant as parseIsoInstant } from '../calendar/instant-text.js';
import { invalidField } from '../errors.js';

/**
 * An instant from the request, or `fallback` when absent. The rule for what an instant is (an ISO 8601
 * time with its offset, spec §1.6) lives in the calendar edge; here a violation becomes a 400 naming the field.
 */
export function parseInstant(value: string | undefined, field: string, fallback: Date): Date {
  if (value === undefined) return fallback;
  try {
    return new Date(parseIsoInstant(value));
  } catch (err) {
    if (err instanceof CalendarError) throw invalidField(field, err.message);
    throw err;
  }
}
