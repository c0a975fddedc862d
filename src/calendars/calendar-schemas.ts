/**
 * TypeBox schemas of the calendar, holiday-list and business-time APIs. The definition schema mirrors the
 * calendar JSON format documented in src/calendar/calendar-definition.ts: it checks the SHAPE (keys, types;
 * unknown keys are refused, so a misspelt "holiday" cannot silently drop every holiday). The values (time
 * zone, "HH:MM" times, dates, no open time at all, ...) are checked by the engine's validateCalendar, whose
 * problems come back as 400 CALENDAR_INVALID with a path into the definition.
 */
import { Type, type Static, type TArray, type TSchema, type TString } from '@sinclair/typebox';
import { INT4_MAX } from '../column-limits.js';

const Uuid = Type.String({ format: 'uuid' });
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const StringEnum = <const T extends readonly string[]>(values: T, options: { description?: string; default?: T[number] } = {}) =>
  Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...options });

const Clock = Type.String({ maxLength: 5, description: 'Local wall time "HH:MM", 00:00..23:59, and "24:00" as an end', examples: ['08:00'] });
const CalendarDate = Type.String({ maxLength: 10, description: 'Local date "YYYY-MM-DD" (1900-01-01..2399-12-31)', examples: ['2025-12-25'] });
const Interval = Type.Array(Clock, {
  minItems: 2,
  maxItems: 2,
  description: 'Half-open [open, close) in local wall time; an end at or before the start runs past midnight (weekly hours only)',
  examples: [['08:00', '17:00']],
});
const Intervals = Type.Array(Interval, { maxItems: 48 });

const Weekly = Type.Object(
  {
    mon: Type.Optional(Intervals),
    tue: Type.Optional(Intervals),
    wed: Type.Optional(Intervals),
    thu: Type.Optional(Intervals),
    fri: Type.Optional(Intervals),
    sat: Type.Optional(Intervals),
    sun: Type.Optional(Intervals),
  },
  { additionalProperties: false, description: 'Open intervals per ISO weekday (mon..sun); a missing day is closed' },
);

export const HolidayEntry = Type.Object(
  { date: CalendarDate, name: Type.Optional(Type.String({ maxLength: 200 })) },
  { additionalProperties: false, description: 'Closes the whole local date' },
);

const Closure = Type.Object(
  { date: CalendarDate, from: Clock, to: Clock, reason: Type.Optional(Type.String({ maxLength: 200 })) },
  { additionalProperties: false, description: 'Closes [from, to) on one date' },
);

const SpecialHours = Type.Object(
  { date: CalendarDate, intervals: Intervals, name: Type.Optional(Type.String({ maxLength: 200 })) },
  { additionalProperties: false, description: 'Replaces the weekly hours of one date; an empty list closes it' },
);

/** The calendar JSON (src/calendar/calendar-definition.ts). */
export const CalendarDefinitionSchema = Type.Object(
  {
    timeZone: Type.String({ maxLength: 100, description: 'IANA time zone, e.g. "America/New_York" (fixed offsets are refused)' }),
    is24x7: Type.Optional(Type.Boolean({ description: 'Open all day every day ("weekly" must then be empty); holidays, closures and special hours still apply' })),
    weekly: Type.Optional(Weekly),
    holidays: Type.Optional(Type.Array(HolidayEntry, { maxItems: 5000 })),
    closures: Type.Optional(Type.Array(Closure, { maxItems: 5000 })),
    specialHours: Type.Optional(Type.Array(SpecialHours, { maxItems: 5000 })),
    businessDayMinutes: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 1440, description: 'Length of one business day in minutes (1..1440); default: the most common weekly day length (1440 for 24x7)' }),
    ),
    id: Type.Optional(Type.String({ maxLength: 200, description: 'Metadata; on stored calendars it is the calendar id' })),
    version: Type.Optional(Type.Union([Type.Integer({ minimum: 0, maximum: INT4_MAX }), Type.String({ maxLength: 100 })], { description: 'Metadata; on stored calendars it is the version number' })),
    name: Type.Optional(Type.String({ maxLength: 200 })),
    description: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  {
    additionalProperties: false,
    description: 'A business-hours calendar (spec §1.1)',
    examples: [{ timeZone: 'America/New_York', weekly: { mon: [['08:00', '17:00']], tue: [['08:00', '17:00']] }, holidays: [{ date: '2025-07-04', name: 'Independence Day' }] }],
  },
);
export type CalendarDefinitionInput = Static<typeof CalendarDefinitionSchema>;

const HolidayListIds = Type.Array(Uuid, {
  uniqueItems: true,
  maxItems: 50,
  description: 'Holiday lists to include: their holidays are resolved into every version; changing a list adds a version to this calendar',
});

export const CalendarInput = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    definition: CalendarDefinitionSchema,
    holidayListIds: Type.Optional(HolidayListIds),
  },
  { additionalProperties: false },
);
export type CalendarInput = Static<typeof CalendarInput>;

const InstantView = Type.String({ format: 'date-time' });

const ResolvedHolidayList = Type.Object({ id: Uuid, name: Type.String(), version: Type.Integer() });

export const CalendarVersionSummary = Type.Object({
  version: Type.Integer(),
  reason: Nullable(Type.String()),
  createdAt: InstantView,
});

export const CalendarVersionView = Type.Object({
  calendarId: Uuid,
  version: Type.Integer(),
  current: Type.Boolean({ description: 'True for the version new KPI instances pin' }),
  reason: Nullable(Type.String({ description: 'Why this version exists' })),
  createdAt: InstantView,
  holidayLists: Type.Array(ResolvedHolidayList, { description: 'The holiday lists (and their versions) resolved into this version' }),
  definition: Type.Unsafe<Record<string, unknown>>({ ...CalendarDefinitionSchema, description: 'What the engine runs: the definition with holiday lists resolved in; never changes' }),
  sourceDefinition: Type.Unsafe<Record<string, unknown>>({ ...CalendarDefinitionSchema, description: 'The definition as written (holiday lists not resolved): send this back in a PUT' }),
});
export type CalendarVersionView = Static<typeof CalendarVersionView>;

export const CalendarSummary = Type.Object({
  id: Uuid,
  name: Type.String(),
  version: Type.Integer({ description: 'The current version (also the ETag)' }),
  timeZone: Type.String(),
  holidayListIds: Type.Array(Uuid),
  createdAt: InstantView,
  updatedAt: InstantView,
});
export type CalendarSummary = Static<typeof CalendarSummary>;

export const CalendarView = Type.Object({
  ...CalendarSummary.properties,
  definition: CalendarVersionView.properties.definition,
  sourceDefinition: CalendarVersionView.properties.sourceDefinition,
  holidayLists: CalendarVersionView.properties.holidayLists,
  businessDayMinutes: Nullable(Type.Number({ description: 'Minutes in one business day (spec §1.7)' })),
  weeklyOpenHours: Nullable(
    Type.Object(
      Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, Type.Array(Type.String())])) as Record<
        'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun',
        TArray<TString>
      >,
      { description: 'The weekly hours as the engine runs them: overlaps merged, overnight intervals split at midnight (each part on its own day), e.g. "08:00-17:00"' },
    ),
  ),
  versions: Type.Array(CalendarVersionSummary, { description: 'Every version, oldest first; old versions never change' }),
});
export type CalendarView = Static<typeof CalendarView>;

export const ApplyToRunningResult = Type.Object({
  calendarId: Uuid,
  version: Type.Integer({ description: 'The version now applied' }),
  count: Type.Integer({ description: 'Open KPI instances moved to this version' }),
  instanceIds: Type.Array(Uuid),
});

export const InUseSla = Type.Object({ id: Uuid, name: Type.String() });

// Holiday lists ---------------------------------------------------------------------------------------

export const HolidayListInput = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    holidays: Type.Array(
      Type.Object(
        { date: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD', examples: ['2025-12-25'] }), name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })) },
        { additionalProperties: false },
      ),
      { maxItems: 5000, description: 'One entry per date (a date may appear once)' },
    ),
  },
  { additionalProperties: false },
);
export type HolidayListInput = Static<typeof HolidayListInput>;

const CalendarRef = Type.Object({ id: Uuid, name: Type.String(), version: Type.Integer({ description: 'The calendar’s current version' }) });

export const HolidayListView = Type.Object({
  id: Uuid,
  name: Type.String(),
  holidays: Type.Array(Type.Object({ date: Type.String(), name: Type.Optional(Type.String()) })),
  version: Type.Integer({ description: 'Increments on every update (also the ETag)' }),
  usedBy: Type.Array(CalendarRef, { description: 'Calendars that include this list' }),
  createdAt: InstantView,
  updatedAt: InstantView,
});
export type HolidayListView = Static<typeof HolidayListView>;

export const HolidayListUpdateView = Type.Object({
  ...HolidayListView.properties,
  calendarVersionsCreated: Type.Array(Type.Object({ calendarId: Uuid, version: Type.Integer() }), {
    description: 'The new calendar versions this change created (one per calendar whose holidays changed)',
  }),
});
export type HolidayListUpdateView = Static<typeof HolidayListUpdateView>;

// Business time (what-if) -----------------------------------------------------------------------------

const InstantText = Type.String({
  maxLength: 64,
  description: 'ISO 8601 instant WITH an offset, e.g. 2025-06-12T15:00:00-04:00 or 2025-06-12T19:00:00Z; without one: 400 INSTANT_WITHOUT_OFFSET',
});

/** One schema with `type: [string, null]` (not anyOf): with ajv's type coercion, anyOf would turn null into "". */
const OpenEndInstant = Type.Unsafe<string | null>({ ...InstantText, type: ['string', 'null'], description: `${InstantText.description} (null: still running)` });

const PauseInput = Type.Object(
  { from: InstantText, to: Type.Optional(OpenEndInstant) },
  { additionalProperties: false, description: 'Business time in [from, to) does not count; `to` null or absent: the pause is still running' },
);

const CalendarChoice = {
  calendarId: Type.Optional(Type.String({ format: 'uuid', description: 'A stored calendar (its current version unless `version` is given)' })),
  version: Type.Optional(Type.Integer({ minimum: 1, maximum: INT4_MAX, description: 'A version of `calendarId`' })),
  calendar: Type.Optional(Type.Unsafe<CalendarDefinitionInput>({ ...CalendarDefinitionSchema, description: 'An inline calendar definition (instead of calendarId)' })),
};

export const DeadlineRequest = Type.Object(
  {
    ...CalendarChoice,
    start: InstantText,
    duration: Type.Union(
      [
        Type.Object({ minutes: Type.Number({ minimum: 0, maximum: 100_000_000 }) }, { additionalProperties: false }),
        Type.Object({ hours: Type.Number({ minimum: 0, maximum: 1_000_000 }) }, { additionalProperties: false }),
        Type.Object({ businessDays: Type.Number({ minimum: 0, maximum: 100_000 }) }, { additionalProperties: false }),
      ],
      { description: 'Business time: {minutes}, {hours} or {businessDays} (a business day is the calendar’s working-day length, spec §1.7)' },
    ),
    pauses: Type.Optional(Type.Array(PauseInput, { maxItems: 1000 })),
    boundary: Type.Optional(StringEnum(['fill', 'next-open'] as const, { description: "A budget used up at a closing time: 'fill' (default) gives the closing time, 'next-open' the next opening" })),
  },
  { additionalProperties: false, description: 'Give calendarId (optionally with version) or an inline calendar; neither means 24x7 in UTC' },
);
export type DeadlineRequest = Static<typeof DeadlineRequest>;

export const ElapsedRequest = Type.Object(
  {
    ...CalendarChoice,
    from: InstantText,
    to: InstantText,
    pauses: Type.Optional(Type.Array(PauseInput, { maxItems: 1000 })),
  },
  { additionalProperties: false, description: 'Give calendarId (optionally with version) or an inline calendar; neither means 24x7 in UTC' },
);
export type ElapsedRequest = Static<typeof ElapsedRequest>;

const TimeView = Type.Object({
  utc: InstantView,
  local: Type.String({ description: 'ISO 8601 in the calendar’s zone, with offset' }),
  label: Type.String({ description: 'Human label, e.g. "Fri 13 Jun 10:00 America/New_York"' }),
});

const ExplainedInstant = Type.Object({ ms: Type.Number(), utc: Type.String(), local: Type.String() });

const Step = Type.Union([
  Type.Object({ kind: Type.Literal('open'), date: Type.String(), from: ExplainedInstant, to: ExplainedInstant, minutes: Type.Number() }, { description: 'An open interval counted' }),
  Type.Object(
    { kind: Type.Literal('plain-days'), fromDate: Type.String(), toDate: Type.String(), days: Type.Integer(), wholeWeeks: Type.Integer(), minutes: Type.Number() },
    { description: 'A run of ordinary days counted at once' },
  ),
  Type.Object({ kind: Type.Literal('holiday'), date: Type.String(), name: Type.String() }, { description: 'A holiday skipped' }),
  Type.Object({ kind: Type.Literal('closure'), date: Type.String(), from: Type.String(), to: Type.String(), reason: Type.String() }, { description: 'A partial closure' }),
  Type.Object({ kind: Type.Literal('special-hours'), date: Type.String(), name: Type.String(), hours: Type.Array(Type.String()) }, { description: 'Special hours used' }),
  Type.Object(
    { kind: Type.Literal('utc-offset-change'), date: Type.String(), dayLengthMinutes: Type.Number(), offsetAtStart: Type.String(), offsetAtEnd: Type.String() },
    { description: 'A daylight-saving change' },
  ),
]);

const PauseView = Type.Object({ from: ExplainedInstant, to: Nullable(ExplainedInstant), businessMinutes: Type.Number() });

const CalendarUsed = Type.Object({
  id: Type.Optional(Uuid),
  version: Type.Optional(Type.Integer()),
  timeZone: Type.String(),
  businessDayMinutes: Type.Number(),
});

const explanationCommon = {
  timeZone: Type.String(),
  calendar: Type.Object({ id: Type.Optional(Type.String()), version: Type.Optional(Type.Union([Type.Integer(), Type.String()])) }),
  steps: Type.Array(Step, { description: 'Open intervals counted, runs of plain days, holidays/closures/special hours met, DST changes' }),
  pauses: Type.Array(PauseView, { description: 'Pauses subtracted, with their business minutes inside the span' }),
  openMinutes: Type.Number(),
  pausedMinutes: Type.Number(),
};

export const DeadlineResponse = Type.Object({
  deadline: TimeView,
  businessMinutes: Type.Number({ description: 'The duration in business minutes' }),
  calendar: CalendarUsed,
  explanation: Type.Object({
    kind: Type.Literal('deadline'),
    start: ExplainedInstant,
    businessMinutes: Type.Number(),
    boundary: StringEnum(['fill', 'next-open'] as const),
    firstOpen: ExplainedInstant,
    result: ExplainedInstant,
    ...explanationCommon,
  }),
});

export const ElapsedResponse = Type.Object({
  businessMinutes: Type.Number({ description: 'Business minutes in [from, to) outside pauses; negative when `to` is before `from`' }),
  from: TimeView,
  to: TimeView,
  calendar: CalendarUsed,
  explanation: Type.Object({
    kind: Type.Literal('elapsed'),
    from: ExplainedInstant,
    to: ExplainedInstant,
    businessMinutes: Type.Number(),
    ...explanationCommon,
  }),
});
