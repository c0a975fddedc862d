import type { KpiFigures } from '../reports/service-kpis.js';
import type { ScopedSurveyFigures } from './goal-surveys.js';

/**
 * What a goal can measure: a figure of the service-KPI report. `count` metrics add up over days and
 * over child goals; the others are recomputed over the combined scope. Survey metrics read the scope's
 * survey figures (goal-surveys.ts); `unscoped` names why no agent or queue can own the metric.
 */
interface MetricBase {
  description: string;
  better: 'higher' | 'lower';
  count: boolean;
}
export interface CaseGoalMetric extends MetricBase {
  source: 'cases';
  of(f: KpiFigures): number | null;
}
export interface SurveyGoalMetric extends MetricBase {
  source: 'surveys';
  unscoped?: string;
  of(f: ScopedSurveyFigures): number | null;
}
export type GoalMetric = CaseGoalMetric | SurveyGoalMetric;

export const goalMetrics = {
  cases_created: { description: 'Cases created in the period', better: 'higher', count: true, source: 'cases', of: (f) => f.volume.created },
  cases_resolved: { description: 'Cases resolved in the period', better: 'higher', count: true, source: 'cases', of: (f) => f.volume.resolved },
  first_response_median_business_minutes: {
    description: 'Median first response time in business minutes',
    better: 'lower',
    count: false,
    source: 'cases',
    of: (f) => f.firstResponse.businessMinutes.median,
  },
  resolution_median_business_minutes: {
    description: 'Median resolution time in business minutes',
    better: 'lower',
    count: false,
    source: 'cases',
    of: (f) => f.resolution.businessMinutes.median,
  },
  first_response_compliance_rate: {
    description: 'First Response By compliance rate, percent',
    better: 'higher',
    count: false,
    source: 'cases',
    of: (f) => f.compliance.first_response?.complianceRate ?? null,
  },
  resolve_compliance_rate: { description: 'Resolve By compliance rate, percent', better: 'higher', count: false, source: 'cases', of: (f) => f.compliance.resolve?.complianceRate ?? null },
  csat_average: {
    description: 'Mean CSAT score (1-5) of the CSAT answers given in the period on the cases of the scope',
    better: 'higher',
    count: false,
    source: 'surveys',
    of: (f) => f.csat.average,
  },
  csat_satisfied_percent: {
    description: 'Percent of those CSAT answers that are 4 or 5',
    better: 'higher',
    count: false,
    source: 'surveys',
    of: (f) => f.csat.satisfiedPercent,
  },
  nps: {
    description: 'NPS (-100 to 100) of the NPS answers given in the period by contacts who had a case of the scope created before answering',
    better: 'higher',
    count: false,
    source: 'surveys',
    of: (f) => f.nps.nps,
  },
  engagement_score: {
    description: 'Employee engagement score (0-10); pulse answers are anonymous, so no agent or queue goal can measure it',
    better: 'higher',
    count: false,
    source: 'surveys',
    unscoped:
      'Engagement pulse answers are anonymous: they carry no agent and no queue, so a goal owned by an agent or a queue cannot measure engagement_score. Read the organisation-wide engagement score in the service-KPI report (GET /v1/reports/service-kpis), or choose another metric.',
    of: () => null,
  },
} satisfies Record<string, GoalMetric>;

export type GoalMetricName = keyof typeof goalMetrics;
export const goalMetricNames = Object.keys(goalMetrics) as GoalMetricName[];
