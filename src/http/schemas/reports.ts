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

const Percent = Nullable(Type.Number());
export const SurveyFiguresView = Type.Object(
  {
    csat: Type.Object({
      answers: Type.Integer(),
      average: Nullable(Type.Number({ description: 'Mean score 1-5' })),
      satisfied: Type.Integer({ description: 'Answers of 4 or 5' }),
      satisfiedPercent: Percent,
      issued: Type.Integer(),
      answeredOfIssued: Type.Integer(),
      responseRate: Percent,
    }),
    nps: Nullable(
      Type.Object({
        answers: Type.Integer(),
        promoters: Type.Integer(),
        passives: Type.Integer(),
        detractors: Type.Integer(),
        promoterPercent: Percent,
        detractorPercent: Percent,
        nps: Nullable(Type.Number({ description: '% promoters - % detractors' })),
      }),
    ),
    engagement: Nullable(Type.Object({ answers: Type.Integer(), score: Nullable(Type.Number()), anonymous: Type.Boolean({ description: 'Score withheld below 5 answers' }) })),
  },
  { description: 'CSAT, NPS and engagement (NPS and engagement only in time groups and the total)' },
);

export const KpiFiguresView = Type.Object({
  volume: Type.Object({ created: Type.Integer(), resolved: Type.Integer(), reopened: Type.Integer(), backlog: Type.Integer() }),
  firstResponse: DurationView,
  resolution: DurationView,
  compliance: Type.Record(Type.String(), ComplianceView, { description: 'Per KPI name' }),
  surveys: Nullable(SurveyFiguresView),
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
