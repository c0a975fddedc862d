/**
 * The calendar JSON format (input of `validateCalendar` / `compileCalendar`).
 *
 * ```jsonc
 * {
 *   "timeZone": "Europe/Paris",            // IANA zone name; fixed offsets such as "+01:00" are refused
 *   "is24x7": false,                       // true: open all day every day ("weekly" must then be empty/absent);
 *                                          //   holidays, closures and special hours still apply
 *   "weekly": {                            // mon tue wed thu fri sat sun; a missing day is closed
 *     "mon": [["08:00", "12:00"], ["13:00", "17:00"]],   // half-open [open, close) in local wall time
 *     "fri": [["22:00", "06:00"]],         // end <= start: runs past midnight; split at local midnight,
 *                                          //   22:00-24:00 belongs to Friday, 00:00-06:00 to Saturday
 *     "sun": []
 *   },
 *   "holidays": [{ "date": "2025-12-25", "name": "Christmas" }],        // closes the whole local date
 *   "closures": [{ "date": "2025-12-24", "from": "12:00", "to": "24:00", "reason": "Christmas Eve" }],
 *   "specialHours": [{ "date": "2025-12-31", "intervals": [["08:00", "12:00"]], "name": "New Year's Eve" }],
 *   "businessDayMinutes": 480              // optional; see below
 * }
 * ```
 *
 * Rules (spec §1.1; decisions the spec leaves open are marked *):
 * - Times are "HH:MM", 00:00..23:59, plus "24:00" as an end. Seconds are not accepted.
 * - Weekly intervals may overlap or be unsorted: they are merged. An interval whose end is at or
 *   before its start runs past midnight ("22:00"-"06:00"; "08:00"-"08:00" is 24 h from 08:00).
 * - Every part of an interval belongs to its own local date*: a holiday, closure or special hours on
 *   Tuesday affects the 00:00-06:00 part of Monday's 22:00-06:00 shift, not its Monday part.
 * - Holidays close the local date [00:00, next 00:00), 23 or 25 h long on DST days.
 * - Closures close [from, to) on one date (from < to; "24:00" allowed as `to`).
 * - Special hours replace the weekly hours of one date (including any part spilling in from the
 *   previous date's overnight interval)*. Their intervals must lie within the date (end after start,
 *   "24:00" allowed); an empty list closes the date. Several entries for one date are merged.
 * - A date may not be both a holiday and have special hours* (ambiguous: it is reported).
 * - Closures apply on top of special hours; a closure on a holiday changes nothing.
 * - A calendar with no open time at all (no weekly hours, not 24x7, no special hours) is rejected.
 * - `businessDayMinutes`* (1..1440): the length of one business day (spec §1.7). When absent it is
 *   1440 for 24x7 calendars, otherwise the most common non-zero weekly day length, where a day's
 *   length is the merged length of the intervals declared on it (an overnight shift counts whole on
 *   the day it starts, so Mon-Fri 22:00-06:00 gives 480); ties go to the longer length.
 * - Optional metadata `id`, `version`, `name`, `description` is carried along; any other key is an error
 *   (a misspelt "holiday" must not silently drop every holiday).
 * - Dates are "YYYY-MM-DD" between 1900-01-01 and 2399-12-31.
 */

export type WeekdayKey = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';

/** ["HH:MM", "HH:MM"] in local wall time. */
export type TimeIntervalDefinition = readonly [string, string];

export interface HolidayDefinition {
  readonly date: string;
  readonly name?: string;
}

export interface ClosureDefinition {
  readonly date: string;
  readonly from: string;
  readonly to: string;
  readonly reason?: string;
}

export interface SpecialHoursDefinition {
  readonly date: string;
  readonly intervals: readonly TimeIntervalDefinition[];
  readonly name?: string;
}

export interface CalendarDefinition {
  readonly timeZone: string;
  readonly is24x7?: boolean;
  readonly weekly?: Readonly<Partial<Record<WeekdayKey, readonly TimeIntervalDefinition[]>>>;
  readonly holidays?: readonly HolidayDefinition[];
  readonly closures?: readonly ClosureDefinition[];
  readonly specialHours?: readonly SpecialHoursDefinition[];
  readonly businessDayMinutes?: number;
  readonly id?: string;
  readonly version?: number | string;
  readonly name?: string;
  readonly description?: string;
}

/** [start, end) in minutes of the local day, 0 <= start < end <= 1440. */
export type MinuteInterval = readonly [number, number];

/**
 * A validated calendar: what the engine runs on and what "merged on save" means (spec §1.1).
 * JSON-serialisable; minutes of the day and ISO dates.
 */
export interface NormalisedCalendar {
  readonly id?: string;
  readonly version?: number | string;
  readonly name?: string;
  readonly timeZone: string;
  readonly is24x7: boolean;
  /** Index 0 = Monday .. 6 = Sunday: the merged open intervals of each weekday's own date
   *  (overnight intervals already split; a Monday 22:00-06:00 shift appears as Monday [1320,1440]
   *  and Tuesday [0,360]). */
  readonly weekly: readonly (readonly MinuteInterval[])[];
  readonly holidays: readonly { readonly date: string; readonly name: string }[];
  readonly closures: readonly { readonly date: string; readonly from: number; readonly to: number; readonly reason: string }[];
  readonly specialHours: readonly { readonly date: string; readonly name: string; readonly intervals: readonly MinuteInterval[] }[];
  readonly businessDayMinutes: number;
}
