import { Type } from '@sinclair/typebox';
import { groupings } from '../../reports/report-range.js';
import { InstantInput, Nullable, StringEnum } from './common.js';

const Minutes = Nullable(Type.Number());
export const TimeStatsView = Type.Object({
  count: Type.Integer({ description: 'Cases measured' }),
  median: Minutes,
  p90: Minutes,
  mean: Minutes,
});
export const DurationView = Type.Object({ businessMinutes: TimeStatsView, calendarMinutes: TimeStatsView });

export const ComplianceView = Type.Object({
  met: Type.Integer(),
  pausedAtResolution: Type.Integer({ description: 'Succeeded on time while the clock was paused (resolved from a pausing status)' }),
  breached: Type.Integer(),
  lateSuccess: Type.Integer(),
  open: Type.Integer(),
  decided: Type.Integer(),
  complianceRate: Nullable(Type.Number({ description: '(met + pausedAtResolution) / decided, percent' })),
});

export const SurveyFiguresView = Type.Object({}, { additionalProperties: true, description: 'CSAT, NPS and engagement figures (see README)' });

export const KpiFiguresView = Type.Object({
  volume: Type.Object({ created: Type.Integer(), resolved: Type.Integer(), reopened: Type.Integer(), backlog: Type.Integer() }),
  firstResponse: DurationView,
  resolution: DurationView,
  compliance: Type.Record(Type.String(), ComplianceView, { description: 'Per KPI name' }),
});

export const RetentionView = Type.Object({
  previousFrom: Type.String({ format: 'date-time' }),
  previousTo: Type.String({ format: 'date-time' }),
  previousCustomers: Type.Integer(),
  retainedCustomers: Type.Integer(),
  rate: Nullable(Type.Number()),
});

export const ServiceKpiReportView = Type.Object({
  from: Type.String({ format: 'date-time' }),
  to: Type.String({ format: 'date-time' }),
  groupBy: StringEnum(groupings),
  groups: Type.Array(Type.Object({ key: Nullable(Type.String()), label: Type.String(), ...KpiFiguresView.properties })),
  total: KpiFiguresView,
  retention: Nullable(RetentionView),
});

export const ReportQueryString = {
  from: InstantInput,
  to: InstantInput,
  groupBy: StringEnum(groupings, { default: 'month', description: 'Time buckets are UTC; dimensions are the cases’ current values' }),
};
