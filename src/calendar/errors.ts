/**
 * Errors thrown by the calendar engine. Each carries a stable `code` that callers (HTTP layer,
 * workflows) can switch on; the message is for humans and may change.
 */

export type CalendarErrorCode =
  /** The calendar definition failed validation; `problems` lists every problem with its path. */
  | 'CALENDAR_INVALID'
  /** No business time was found within the search horizon (e.g. only special hours in the past). */
  | 'NO_BUSINESS_TIME'
  /** An ISO instant without an explicit offset (`Z` or `±HH:MM`) was given (spec §1.6). */
  | 'INSTANT_WITHOUT_OFFSET'
  /** A string that is not an ISO-8601 instant, or names a date that does not exist. */
  | 'INSTANT_INVALID'
  /** An instant, duration or pause that is not a finite, non-negative, whole number of ms. */
  | 'ARGUMENT_INVALID'
  /** An instant or result outside the supported years 1900..2399. */
  | 'OUT_OF_RANGE'
  /** The budget is not used up before an open-ended pause starts, so there is no deadline yet. */
  | 'DEADLINE_UNDEFINED';

/** One validation problem: `path` points into the calendar JSON, e.g. `weekly.mon[1][0]`. */
export interface CalendarProblem {
  readonly path: string;
  readonly message: string;
}

export class CalendarError extends Error {
  override readonly name = 'CalendarError';

  constructor(
    readonly code: CalendarErrorCode,
    message: string,
    readonly problems: readonly CalendarProblem[] = [],
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
  }
}

export function invalidCalendar(problems: readonly CalendarProblem[]): CalendarError {
  const summary = problems.map((p) => `${p.path || '(root)'}: ${p.message}`).join('; ');
  return new CalendarError('CALENDAR_INVALID', `invalid calendar: ${summary}`, problems);
}

export function invalidArgument(message: string): CalendarError {
  return new CalendarError('ARGUMENT_INVALID', message);
}
