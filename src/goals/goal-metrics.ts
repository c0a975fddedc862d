import type { KpiFigures } from '../reports/service-kpis.js';

/**
 * What a goal can measure: a figure of the service-KPI report. `count` metrics add up over days and
 * over child goals; the others are recomputed over the combined scope.
 */
export interface GoalMetric {
  description: string;
  better: 'higher' | 'lower';
  count: boolean;
  of(f: KpiFigures): number | null;
}

export const goalMetrics = {
  cases_created: { description: 'Cases created in the period', better: 'higher', count: true, of: (f) => f.volume.created },
  cases_resolved: { description: 'Cases resolved in the period', better: 'higher', count: true, of: (f) => f.volume.resolved },
  first_response_median_business_minutes: {
    description: 'Median first response time in business minutes',
    better: 'lower',
    count: false,
    of: (f) => f.firstResponse.businessMinutes.median,
  },
  resolution_median_business_minutes: {
    description: 'Median resolution time in business minutes',
    better: 'lower',
    count: false,
    of: (f) => f.resolution.businessMinutes.median,
  },
  first_response_compliance_rate: {
    description: 'First Response By compliance rate, percent',
    better: 'higher',
    count: false,
    of: (f) => f.compliance.first_response?.complianceRate ?? null,
  },
  resolve_compliance_rate: { description: 'Resolve By compliance rate, percent', better: 'higher', count: false, of: (f) => f.compliance.resolve?.complianceRate ?? null },
} satisfies Record<string, GoalMetric>;

export type GoalMetricName = keyof typeof goalMetrics;
export const goalMetricNames = Object.keys(goalMetrics) as GoalMetricName[];
