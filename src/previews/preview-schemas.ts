import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { CalendarInput, HolidayListInput } from '../calendars/calendar-schemas.js';
import { SlaInput } from '../sla/sla-schemas.js';

const Uuid = Type.String({ format: 'uuid' });
const InstantView = Type.String({ format: 'date-time' });
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

const Instants = Type.Object({
  warningAt: Nullable(InstantView),
  failureAt: Nullable(InstantView),
  breached: Type.Boolean({ description: 'Failure reached (fired, or due at the preview instant; for a paused clock: before its pause)' }),
});

export const PreviewChange = Type.Object({
  instanceId: Uuid,
  caseId: Uuid,
  caseNumber: Type.String(),
  kpi: Type.String(),
  movement: Type.Union([Type.Literal('earlier'), Type.Literal('later'), Type.Literal('ended')], {
    description: 'earlier / later: the failure instant (or, with the same failure, the warning) moves; ended: no item of the new SLA version applies to this KPI, its clock ends',
  }),
  old: Instants,
  new: Nullable(Instants),
  newlyBreached: Type.Boolean(),
  noLongerBreached: Type.Boolean(),
});

export const PreviewTotalsView = Type.Object({
  instances: Type.Integer({ description: 'Running KPI instances in scope (applying touches exactly these)' }),
  movedEarlier: Type.Integer(),
  movedLater: Type.Integer(),
  unchanged: Type.Integer(),
  ended: Type.Integer(),
  newlyBreached: Type.Integer(),
  noLongerBreached: Type.Integer(),
});

export const PreviewView = Type.Object({
  id: Uuid,
  kind: Type.Union([Type.Literal('calendar'), Type.Literal('holiday_list'), Type.Literal('sla')]),
  subjectId: Uuid,
  baseVersion: Type.Integer({ description: 'The version of the calendar, holiday list or SLA the preview was made on' }),
  proposed: Type.Boolean({ description: 'True when applying first writes the proposed definition (as its PUT would)' }),
  target: Type.Object({
    calendars: Type.Array(Type.Object({ id: Uuid, version: Type.Integer() }), { description: 'Calendar versions the instances move to' }),
    slaVersion: Type.Optional(Type.Integer({ description: 'SLA change: the version the cases are re-pinned to' })),
  }),
  asOf: InstantView,
  createdAt: InstantView,
  appliedAt: Nullable(InstantView),
  totals: PreviewTotalsView,
  changes: Type.Array(PreviewChange, { description: 'The instances that would change (unchanged ones are only counted), a page of them' }),
  changesTotal: Type.Integer(),
  nextOffset: Nullable(Type.Integer({ description: 'Offset of the next page of changes (GET /v1/previews/{id}?offset=), null on the last' })),
});
export type PreviewView = Static<typeof PreviewView>;

export const ChangesPage = {
  offset: Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 }),
  limit: Type.Integer({ minimum: 1, maximum: 1000, default: 100, description: 'Changes per page' }),
};

export const CalendarPreviewRequest = Type.Object(
  { proposed: Type.Optional(CalendarInput) },
  { additionalProperties: false, description: 'Without `proposed`: applying the current version to running instances on older ones (as apply-to-running)' },
);
export type CalendarPreviewRequest = Static<typeof CalendarPreviewRequest>;
export const HolidayListPreviewRequest = Type.Object(
  { proposed: Type.Optional(HolidayListInput) },
  { additionalProperties: false, description: 'Without `proposed`: applying the current versions of the calendars that include the list' },
);
export type HolidayListPreviewRequest = Static<typeof HolidayListPreviewRequest>;
export const SlaPreviewRequest = Type.Object(
  { proposed: Type.Optional(SlaInput) },
  { additionalProperties: false, description: 'Without `proposed`: re-pinning the cases on older versions to the current one' },
);
export type SlaPreviewRequest = Static<typeof SlaPreviewRequest>;
