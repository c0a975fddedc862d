/**
 * Business-hours calendar engine: pure (no I/O, no host time zone, no "now"), safe to import from
 * Temporal workflow code. Instants are epoch ms; durations are business minutes. Parsing and
 * formatting ISO strings lives apart, in ./instant-text.js (it uses luxon).
 */
export type {
  CalendarDefinition,
  ClosureDefinition,
  HolidayDefinition,
  MinuteInterval,
  NormalisedCalendar,
  SpecialHoursDefinition,
  TimeIntervalDefinition,
  WeekdayKey,
} from './calendar-definition.js';
export { validateCalendar, type CalendarValidation } from './validate-calendar.js';
export { compileCalendar, CompiledCalendar, type CompileOptions } from './compile-calendar.js';
export {
  deadline,
  elapsed,
  elapsedMs,
  nextOpen,
  isOpen,
  type Boundary,
  type DeadlineOptions,
  type ElapsedOptions,
} from './business-time.js';
export type { Pause } from './pauses.js';
export { businessDayMinutes, businessDaysToMinutes } from './business-days.js';
export {
  explainDeadline,
  explainElapsed,
  type DeadlineExplanation,
  type ElapsedExplanation,
  type ExplanationStep,
  type InstantView,
  type PauseView,
} from './explain.js';
export { CalendarError, type CalendarErrorCode, type CalendarProblem } from './errors.js';
export { NO_BUSINESS_TIME_HORIZON_DAYS } from './deadline.js';
