import { Type, type Static } from '@sinclair/typebox';

/** A business duration as the API accepts it (spec §1.7); stored as business minutes. */
export const DurationInput = Type.Union(
  [
    Type.Object({ minutes: Type.Integer({ minimum: 0, maximum: 10_000_000 }) }, { additionalProperties: false }),
    Type.Object({ hours: Type.Number({ minimum: 0, maximum: 100_000 }) }, { additionalProperties: false }),
    Type.Object({ businessDays: Type.Number({ minimum: 0, maximum: 10_000 }) }, { additionalProperties: false }),
  ],
  { description: 'Business time: {minutes}, {hours} or {businessDays} (a business day is the calendar’s working-day length)' },
);
export type DurationInput = Static<typeof DurationInput>;

const Recipient = Type.Union([
  Type.Literal('owner'),
  Type.Literal('manager'),
  Type.Literal('customer'),
  Type.Object({ address: Type.String({ format: 'email' }) }, { additionalProperties: false }),
]);

export const SlaAction = Type.Union([
  Type.Object(
    {
      type: Type.Literal('send_email'),
      to: Type.Array(Recipient, { minItems: 1 }),
      subject: Type.String({ minLength: 1, maxLength: 300 }),
      body: Type.String({ minLength: 1, maxLength: 20_000 }),
    },
    { additionalProperties: false },
  ),
  Type.Object({ type: Type.Literal('escalate_to_queue'), queue: Type.Optional(Type.String({ minLength: 1 })) }, { additionalProperties: false }),
  Type.Object(
    {
      type: Type.Literal('set_case_field'),
      field: Type.String({ pattern: '^[A-Za-z_][\\w-]{0,63}$' }),
      value: Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Null()]),
    },
    { additionalProperties: false },
  ),
]);

/**
 * "Alert when a clock has been paused longer than X" (issue 16): the actions run once per pause, when the
 * pause has lasted `after` in business time (the item's calendar) or calendar time (wall-clock).
 */
export const StalePauseAlertInput = Type.Object(
  {
    after: DurationInput,
    time: Type.Optional(
      Type.Union([Type.Literal('business'), Type.Literal('calendar')], {
        description: 'business (when absent): paused business time on the SLA’s calendar; calendar: wall-clock time since the pause began',
      }),
    ),
    actions: Type.Array(SlaAction, { minItems: 1, maxItems: 20 }),
  },
  { additionalProperties: false },
);
export type StalePauseAlertInput = Static<typeof StalePauseAlertInput>;

/** JSON condition, validated by src/sla/conditions.ts (the schema only says "object or null"). */
const ConditionJson = Type.Union([Type.Object({}, { additionalProperties: true }), Type.Null()], {
  description: 'Condition over case fields: {field, op, value} | {and: [...]} | {or: [...]} | {not: ...}; null = always',
});

export const SlaItemInput = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    kpi: Type.String({ pattern: '^[a-z][a-z0-9_]{1,63}$', description: "'first_response', 'resolve' or a custom KPI name" }),
    applicableWhen: Type.Optional(ConditionJson),
    successCriteria: Type.Optional(ConditionJson),
    applicableFrom: Type.Optional(
      Type.Union([Type.Literal('createdAt'), Type.Literal('firstResponseAt'), Type.String({ pattern: '^stage:[a-z][a-z0-9_-]{0,63}$' })], {
        description: "When the clock starts: createdAt, firstResponseAt, or stage:<key> (when the case enters that process stage; it succeeds when the stage is completed)",
      }),
    ),
    warning: Type.Optional(Type.Union([DurationInput, Type.Null()])),
    failure: DurationInput,
    warningActions: Type.Optional(Type.Array(SlaAction)),
    failureActions: Type.Optional(Type.Array(SlaAction)),
    successActions: Type.Optional(Type.Array(SlaAction)),
    stalePauseAlert: Type.Optional(Type.Union([StalePauseAlertInput, Type.Null()], { description: 'null or absent: no stale-pause alert' })),
  },
  { additionalProperties: false },
);
export type SlaItemInput = Static<typeof SlaItemInput>;

export const caseStatusValues = ['in_progress', 'on_hold', 'waiting_for_details', 'researching'] as const;

export const SlaInput = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    description: Type.Optional(Type.String({ maxLength: 2000 })),
    calendarId: Type.Optional(Type.Union([Type.String({ format: 'uuid' }), Type.Null()], { description: 'null = 24x7' })),
    allowPause: Type.Optional(Type.Boolean({ default: true })),
    pausingStatuses: Type.Optional(Type.Array(Type.Union(caseStatusValues.map((s) => Type.Literal(s))), { uniqueItems: true })),
    isDefault: Type.Optional(Type.Boolean()),
    items: Type.Array(SlaItemInput, { maxItems: 100 }),
  },
  { additionalProperties: false },
);
export type SlaInput = Static<typeof SlaInput>;

export const SlaItemView = Type.Object({
  id: Type.String({ format: 'uuid' }),
  position: Type.Integer(),
  name: Type.String(),
  kpi: Type.String(),
  kpiLabel: Type.String(),
  applicableWhen: Type.Unknown(),
  successCriteria: Type.Unknown(),
  applicableFrom: Type.String(),
  warningMinutes: Type.Union([Type.Integer(), Type.Null()]),
  failureMinutes: Type.Integer(),
  warningActions: Type.Array(SlaAction),
  failureActions: Type.Array(SlaAction),
  successActions: Type.Array(SlaAction),
  stalePauseAlert: Type.Union([
    Type.Object({
      afterMinutes: Type.Integer({ description: 'minutes of `time` (business or calendar)' }),
      time: Type.Union([Type.Literal('business'), Type.Literal('calendar')]),
      actions: Type.Array(SlaAction),
    }),
    Type.Null(),
  ]),
});

export const SlaView = Type.Object({
  id: Type.String({ format: 'uuid' }),
  name: Type.String(),
  description: Type.Union([Type.String(), Type.Null()]),
  calendarId: Type.Union([Type.String(), Type.Null()]),
  allowPause: Type.Boolean(),
  pausingStatuses: Type.Array(Type.String()),
  isDefault: Type.Boolean(),
  version: Type.Integer(),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
  items: Type.Array(SlaItemView),
});
export type SlaView = Static<typeof SlaView>;

/** One version of an SLA, unchanged forever: the settings and items the clocks of the cases that pinned it follow. */
export const SlaVersionView = Type.Object({
  id: Type.String({ format: 'uuid' }),
  version: Type.Integer(),
  current: Type.Boolean({ description: 'whether this is the SLA’s current version (the one new cases get)' }),
  currentVersion: Type.Integer(),
  deleted: Type.Boolean({ description: 'the SLA was deleted: no new case gets it, cases that pinned a version keep following it' }),
  name: Type.String(),
  description: Type.Union([Type.String(), Type.Null()]),
  calendarId: Type.Union([Type.String(), Type.Null()]),
  allowPause: Type.Boolean(),
  pausingStatuses: Type.Array(Type.String()),
  createdAt: Type.String({ format: 'date-time' }),
  items: Type.Array(SlaItemView),
});
export type SlaVersionView = Static<typeof SlaVersionView>;
