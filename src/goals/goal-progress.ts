/**
 * A goal's progress, computed when read from the service-KPI figures (which refresh their facts first),
 * so it is never stale: the actual over the goal's period, % achieved, the status and the daily trend.
 * A parent goal rolls up its children: count metrics add up the children's actuals, the other metrics
 * are computed over the children's owners together.
 */
import type { Db } from '../../db/client.js';
import type { CaseScope } from '../reports/report-dimensions.js';
import { serviceKpiFigures } from '../reports/service-kpis.js';
import { goalMetrics, type GoalMetric, type GoalMetricName } from './goal-metrics.js';
import { periodRange } from './goal-periods.js';
import { scopedSurveyFigures } from './goal-surveys.js';
import { childGoals, type GoalRow } from './goals.js';

export type GoalStatus = 'in_progress' | 'achieved' | 'missed';

export interface TrendPoint {
  date: string;
  /** The metric for that day alone. */
  value: number | null;
  /** Count metrics: the running total since the period began (null for other metrics). */
  toDate: number | null;
}

export interface GoalProgress {
  actual: number | null;
  percentAchieved: number | null;
  status: GoalStatus;
  stretchAchieved: boolean;
  trend: TrendPoint[];
  children: Array<{ id: string; name: string; actual: number | null }>;
}

const round2 = (v: number) => Math.round(v * 100) / 100;
const MAX_DEPTH = 8;

export const metricOf = (goal: Pick<GoalRow, 'metric'>): GoalMetric => goalMetrics[goal.metric as GoalMetricName];

function meets(metric: GoalMetric, actual: number | null, target: number | null): boolean {
  if (actual === null || target === null) return false;
  return metric.better === 'higher' ? actual >= target : actual <= target;
}

export function percentAchieved(metric: GoalMetric, actual: number | null, target: number): number | null {
  if (actual === null) return null;
  if (metric.better === 'higher') return target === 0 ? 100 : round2((actual / target) * 100);
  return actual === 0 ? 100 : round2((target / actual) * 100);
}

async function scopeOf(db: Db, goal: GoalRow, depth: number): Promise<CaseScope> {
  const children = depth < MAX_DEPTH ? await childGoals(db, goal.id) : [];
  if (children.length === 0) return goal.ownerType === 'agent' ? { ownerIds: [goal.ownerId], queueIds: [] } : { ownerIds: [], queueIds: [goal.ownerId] };
  const scopes = await Promise.all(children.map((c) => scopeOf(db, c, depth + 1)));
  return { ownerIds: [...new Set(scopes.flatMap((s) => s.ownerIds ?? []))], queueIds: [...new Set(scopes.flatMap((s) => s.queueIds ?? []))] };
}

/** The actual and daily values of one goal (children summed for count metrics). */
async function measure(db: Db, goal: GoalRow, now: Date, depth: number): Promise<{ actual: number | null; daily: Map<string, number | null> }> {
  const metric = metricOf(goal);
  const children = depth < MAX_DEPTH ? await childGoals(db, goal.id) : [];
  if (metric.count && children.length > 0) {
    const parts = await Promise.all(children.map((c) => measure(db, c, now, depth + 1)));
    const daily = new Map<string, number | null>();
    for (const p of parts) for (const [d, v] of p.daily) daily.set(d, (daily.get(d) ?? 0) + (v ?? 0));
    return { actual: parts.reduce((sum, p) => sum + (p.actual ?? 0), 0), daily };
  }
  const scope = await scopeOf(db, goal, depth);
  const today = now.toISOString().slice(0, 10);
  if (metric.source === 'surveys') {
    const range = periodRange(goal.periodStart, goal.periodEnd);
    const figures = await scopedSurveyFigures(db, range, scope);
    const daily = new Map<string, number | null>();
    for (let d = range.from; d < range.to && d.toISOString().slice(0, 10) <= today; d = new Date(d.getTime() + 86_400_000)) {
      const key = d.toISOString().slice(0, 10);
      const f = figures.byDay.get(key);
      daily.set(key, f ? metric.of(f) : null);
    }
    return { actual: metric.of(figures.total), daily };
  }
  const report = await serviceKpiFigures(db, { range: periodRange(goal.periodStart, goal.periodEnd), groupBy: 'day', scope }, { withRetention: false });
  const daily = new Map(report.groups.filter((g) => g.key !== null && g.key <= today).map((g) => [g.key as string, metric.of(g)] as const));
  return { actual: metric.of(report.total), daily };
}

export async function goalProgress(db: Db, goal: GoalRow, now: Date): Promise<GoalProgress> {
  const metric = metricOf(goal);
  const { actual, daily } = await measure(db, goal, now, 0);
  const over = now.getTime() >= periodRange(goal.periodStart, goal.periodEnd).to.getTime();
  let running = 0;
  const trend = [...daily.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([date, value]): TrendPoint => {
      running += value ?? 0;
      return { date, value, toDate: metric.count ? running : null };
    });
  const children = await childGoals(db, goal.id);
  const childActuals = await Promise.all(children.map(async (c) => ({ id: c.id, name: c.name, actual: (await measure(db, c, now, 1)).actual })));
  return {
    actual,
    percentAchieved: percentAchieved(metric, actual, goal.target),
    status: !over ? 'in_progress' : meets(metric, actual, goal.target) ? 'achieved' : 'missed',
    stretchAchieved: meets(metric, actual, goal.stretchTarget),
    trend,
    children: childActuals,
  };
}
