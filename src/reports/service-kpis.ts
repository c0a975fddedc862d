/**
 * The service-KPI report: volume, response and resolution times, SLA compliance and retention for a range,
 * per group and in total. Every figure is an SQL aggregate; Node only merges the groups. The whole days of
 * the range are read from the per-day rollup (src/reports/rollup-figures.ts) when the grouping and scope
 * allow it, otherwise everything from the facts (src/reports/case-figures.ts). Facts and rollup are
 * brought up to date first, so the report never lags behind the cases.
 */
import type { Db } from '../../db/client.js';
import * as facts from './case-figures.js';
import { TOTAL, type ByGroup, type DurationFigures, type GroupKey, type ReportQuery } from './case-figures.js';
import { complianceByKpi, emptyCompliance, type Compliance } from './compliance-figures.js';
import * as rollup from './rollup-figures.js';
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
  /** CSAT, NPS and engagement (organisation-wide only; goals read their owner's in src/goals/goal-surveys.ts). */
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

/**
 * Computes the figures (without retention and surveys when `withRetention` is false, e.g. for a goal's
 * actual); `rollup: false` reads everything from the facts (the tests compare both).
 */
export async function serviceKpiFigures(db: Db, q: ReportQuery, options: { withRetention?: boolean; rollup?: boolean } = {}): Promise<ServiceKpiReport> {
  const whole = options.withRetention !== false && !q.scope;
  checkReportRange(q.range);
  await refreshReportFacts(db);
  const time = isTimeGrouping(q.groupBy);
  const f = figureSource(q, options.rollup !== false);
  const [created, closed, resolved, responses, reopened, compliance, backlogEnd, backlogStart, kept, surveys] = await Promise.all([
    f.createdCounts(db, q),
    f.closedCounts(db, q),
    f.resolutions(db, q),
    f.firstResponses(db, q),
    f.reopenedCounts(db, q),
    f.complianceByKpi(db, q),
    f.backlogAt(db, q, q.range.to),
    time ? f.backlogAt(db, q, q.range.from) : Promise.resolve(new Map() as ByGroup<number>),
    whole ? retention(db, q.range, { rollup: options.rollup }) : Promise.resolve(null),
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

type FigureSource = Pick<typeof facts, 'createdCounts' | 'closedCounts' | 'resolutions' | 'firstResponses' | 'reopenedCounts' | 'backlogAt'> & {
  complianceByKpi: typeof complianceByKpi;
};

/** The rollup's figures for `q` when its plan allows, else the facts'. */
function figureSource(q: ReportQuery, useRollup: boolean): FigureSource {
  const plan = useRollup ? rollup.rollupPlan(q) : null;
  if (!plan) return { ...facts, complianceByKpi };
  return {
    createdCounts: (db, q) => rollup.createdCounts(db, q, plan),
    closedCounts: (db, q) => rollup.closedCounts(db, q, plan),
    resolutions: (db, q) => rollup.resolutions(db, q, plan),
    firstResponses: (db, q) => rollup.firstResponses(db, q, plan),
    reopenedCounts: (db, q) => rollup.reopenedCounts(db, q, plan),
    complianceByKpi: (db, q) => rollup.complianceByKpi(db, q, plan),
    backlogAt: (db, q, at) => rollup.backlogAt(db, q, plan, at),
  };
}
