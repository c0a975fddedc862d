/**
 * The service-KPI report: volume, response and resolution times, SLA compliance and retention for a range,
 * per group and in total. Every figure is an SQL aggregate (src/reports/*-figures.ts); Node only merges
 * the groups. Facts are brought up to date first, so the report never lags behind the cases.
 */
import type { Db } from '../../db/client.js';
import { backlogAt, closedCounts, createdCounts, firstResponses, reopenedCounts, resolutions, TOTAL, type ByGroup, type DurationFigures, type GroupKey, type ReportQuery } from './case-figures.js';
import { complianceByKpi, emptyCompliance, type Compliance } from './compliance-figures.js';
import { refreshReportFacts } from './refresh-facts.js';
import { groupLabels } from './report-dimensions.js';
import { checkReportRange, isTimeGrouping, timeBuckets, type Grouping } from './report-range.js';
import { retention, type Retention } from './retention.js';
import { surveyFiguresByGroup, type SurveyFigures } from './survey-groups.js';

export interface KpiFigures {
  volume: { created: number; resolved: number; reopened: number; backlog: number };
  firstResponse: DurationFigures;
  resolution: DurationFigures;
  /** Per KPI name (first_response, resolve, custom KPIs). */
  compliance: Record<string, Compliance>;
  /** CSAT, NPS and engagement (absent from goal computations, which are scoped to owners). */
  surveys: SurveyFigures | null;
}

export interface ReportGroup extends KpiFigures {
  key: string | null;
  label: string;
}

export interface ServiceKpiReport {
  from: string;
  to: string;
  groupBy: Grouping;
  groups: ReportGroup[];
  total: KpiFigures;
  retention: Retention | null;
}

const noTimes = (): DurationFigures => ({
  businessMinutes: { count: 0, median: null, p90: null, mean: null },
  calendarMinutes: { count: 0, median: null, p90: null, mean: null },
});

/** Computes the figures (without retention and surveys when `withRetention` is false, e.g. for a goal's actual). */
export async function serviceKpiFigures(db: Db, q: ReportQuery, options: { withRetention?: boolean } = {}): Promise<ServiceKpiReport> {
  const whole = options.withRetention !== false && !q.scope;
  checkReportRange(q.range);
  await refreshReportFacts(db);
  const time = isTimeGrouping(q.groupBy);
  const [created, closed, resolved, responses, reopened, compliance, backlogEnd, backlogStart, kept, surveys] = await Promise.all([
    createdCounts(db, q),
    closedCounts(db, q),
    resolutions(db, q),
    firstResponses(db, q),
    reopenedCounts(db, q),
    complianceByKpi(db, q),
    backlogAt(db, q, q.range.to),
    time ? backlogAt(db, q, q.range.from) : Promise.resolve(new Map() as ByGroup<number>),
    whole ? retention(db, q.range) : Promise.resolve(null),
    whole ? surveyFiguresByGroup(db, q) : Promise.resolve(null),
  ]);
  const kpis = [...(compliance.get(TOTAL)?.keys() ?? [])].sort();
  const figures = (key: GroupKey, backlog: number): KpiFigures => {
    const r = resolved.get(key);
    const perKpi = compliance.get(key);
    return {
      volume: { created: created.get(key) ?? 0, resolved: r?.resolved ?? 0, reopened: reopened.get(key) ?? 0, backlog },
      firstResponse: responses.get(key) ?? noTimes(),
      resolution: r?.time ?? noTimes(),
      compliance: Object.fromEntries(kpis.map((kpi) => [kpi, perKpi?.get(kpi) ?? emptyCompliance()])),
      surveys: surveys ? surveys.of(key) : null,
    };
  };

  let groups: ReportGroup[];
  if (time) {
    let backlog = backlogStart.get(TOTAL) ?? 0;
    groups = timeBuckets(q.range, q.groupBy as 'day').map((b) => {
      backlog += (created.get(b.key) ?? 0) - (closed.get(b.key) ?? 0);
      return { key: b.key, label: b.label, ...figures(b.key, backlog) };
    });
  } else {
    const keys = new Set<GroupKey>();
    for (const m of [created, resolved, responses, reopened, compliance, backlogEnd] as Array<ByGroup<unknown>>) for (const k of m.keys()) if (k !== TOTAL) keys.add(k);
    for (const k of surveys?.keys ?? []) keys.add(k);
    const labels = await groupLabels(db, q.groupBy, [...keys]);
    groups = [...keys]
      .map((key) => ({ key, label: labels.get(key) ?? String(key), ...figures(key, backlogEnd.get(key) ?? 0) }))
      .sort((a, b) => (a.key === null ? 1 : b.key === null ? -1 : a.label.localeCompare(b.label) || a.key.localeCompare(b.key)));
  }
  return {
    from: q.range.from.toISOString(),
    to: q.range.to.toISOString(),
    groupBy: q.groupBy,
    groups,
    total: figures(TOTAL, backlogEnd.get(TOTAL) ?? 0),
    retention: kept,
  };
}
