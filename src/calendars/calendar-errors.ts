/**
 * The HTTP edge of the calendar engine: every CalendarError becomes an AppError with the engine's stable
 * code and a 4xx status (never a 500), naming the request field where one is known.
 */
import { CalendarError, validateCalendar, type CalendarErrorCode, type CalendarProblem, type NormalisedCalendar } from '../calendar/index.js';
import { parseInstant } from '../calendar/instant-text.js';
import { AppError } from '../errors.js';

/** Input problems are 400; a well-formed question without an answer (no business time, ...) is 422. */
const STATUS: Record<CalendarErrorCode, number> = {
  CALENDAR_INVALID: 400,
  INSTANT_WITHOUT_OFFSET: 400,
  INSTANT_INVALID: 400,
  ARGUMENT_INVALID: 400,
  NO_BUSINESS_TIME: 422,
  DEADLINE_UNDEFINED: 422,
  OUT_OF_RANGE: 422,
};

/** A field path for an engine problem path inside the definition at `definitionField` (e.g. `body.definition`). */
export function problemField(definitionField: string, path: string): string {
  if (!path) return definitionField;
  return path.startsWith('[') ? `${definitionField}${path}` : `${definitionField}.${path}`;
}

/** 400 CALENDAR_INVALID listing every problem with its path in the definition and the request field. */
export function calendarInvalid(problems: readonly CalendarProblem[], definitionField: string, context?: string): AppError {
  const list = problems.map((p) => ({ path: p.path, field: problemField(definitionField, p.path), message: p.message }));
  const summary = list.map((p) => `${p.field}: ${p.message}`).join('; ');
  return new AppError('CALENDAR_INVALID', 400, `The calendar is invalid${context ? ` ${context}` : ''}: ${summary}`, {
    field: list[0]?.field ?? definitionField,
    problems: list,
  });
}

/**
 * The engine's error as an AppError. `field` names the request field an input error (400) is about; a 422
 * (no business time, deadline undefined, result out of range) is about the question, not one field.
 */
export function fromCalendarError(err: CalendarError, options: { field?: string; definitionField?: string } = {}): AppError {
  if (err.code === 'CALENDAR_INVALID') return calendarInvalid(err.problems, options.definitionField ?? 'body.calendar');
  const status = STATUS[err.code] ?? 400;
  const field = status === 400 ? options.field : undefined;
  const details: Record<string, unknown> = { ...err.details };
  // Same shape as a schema validation failure: the field, and `errors` listing it with the message.
  if (field) Object.assign(details, { field, errors: [{ field, message: err.message }] });
  return new AppError(err.code, status, field ? `${field}: ${err.message}` : err.message, details);
}

/** Runs engine code, turning a CalendarError into an AppError. */
export function withCalendarErrors<T>(fn: () => T, options: { field?: string; definitionField?: string } = {}): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof CalendarError) throw fromCalendarError(err, options);
    throw err;
  }
}

const MIN_MS = Date.UTC(1900, 0, 1);
const END_MS = Date.UTC(2400, 0, 1);

/**
 * An ISO instant from the request (spec §1.6): without an offset it is 400 INSTANT_WITHOUT_OFFSET naming the
 * field; unparsable is 400 INSTANT_INVALID; outside the engine's years 1900..2399 is 400 OUT_OF_RANGE.
 */
export function instantField(text: string, field: string): number {
  const ms = withCalendarErrors(() => parseInstant(text), { field });
  if (ms < MIN_MS || ms >= END_MS) {
    const message = `"${text}" is outside the supported years 1900..2399`;
    throw new AppError('OUT_OF_RANGE', 400, `${field}: ${message}`, { field, errors: [{ field, message }] });
  }
  return ms;
}

/** Validates a definition, throwing 400 CALENDAR_INVALID with paths under `definitionField`. */
export function checkDefinition(definition: unknown, definitionField: string, context?: string): NormalisedCalendar {
  const result = validateCalendar(definition);
  if (!result.ok) throw calendarInvalid(result.problems, definitionField, context);
  return result.calendar;
}
