/**
 * The report as a trend chart for people: an SVG drawn server-side by Apache ECharts (SSR, no DOM), a line
 * per series over time groups, bars over dimension groups.
 */
import { loadEcharts } from '../charts/echarts.js';
import type { KpiFigures, ServiceKpiReport } from './service-kpis.js';
import { isTimeGrouping } from './report-range.js';
import { xmlSafe } from '../svg-text.js';

export const chartMetrics = ['sla_compliance', 'first_response_median', 'resolution_median', 'csat_average', 'nps', 'created', 'resolved', 'backlog'] as const;
export type ChartMetric = (typeof chartMetrics)[number];

interface Series {
  name: string;
  value(f: KpiFigures): number | null;
}

const kpiLabel: Record<string, string> = { first_response: 'First response', resolve: 'Resolve' };

function seriesOf(metric: ChartMetric, report: ServiceKpiReport): { title: string; unit: string; series: Series[] } {
  switch (metric) {
    case 'sla_compliance':
      return {
        title: 'SLA compliance',
        unit: '%',
        series: Object.keys(report.total.compliance).map((kpi) => ({ name: kpiLabel[kpi] ?? kpi, value: (f) => f.compliance[kpi]?.complianceRate ?? null })),
      };
    case 'first_response_median':
      return {
        title: 'First response, median',
        unit: 'min',
        series: [
          { name: 'Business minutes', value: (f) => f.firstResponse.businessMinutes.median },
          { name: 'Calendar minutes', value: (f) => f.firstResponse.calendarMinutes.median },
        ],
      };
    case 'resolution_median':
      return {
        title: 'Resolution, median',
        unit: 'min',
        series: [
          { name: 'Business minutes', value: (f) => f.resolution.businessMinutes.median },
          { name: 'Calendar minutes', value: (f) => f.resolution.calendarMinutes.median },
        ],
      };
    case 'csat_average':
      return { title: 'CSAT, average (1-5)', unit: '', series: [{ name: 'CSAT', value: (f) => f.surveys?.csat.average ?? null }] };
    case 'nps':
      return { title: 'NPS', unit: '', series: [{ name: 'NPS', value: (f) => f.surveys?.nps?.nps ?? null }] };
    case 'created':
    case 'resolved':
    case 'backlog':
      return { title: `Cases ${metric}`, unit: '', series: [{ name: metric, value: (f) => f.volume[metric] }] };
  }
}

export async function reportChartSvg(report: ServiceKpiReport, metric: ChartMetric, size: { width: number; height: number } = { width: 800, height: 400 }): Promise<string> {
  const echarts = await loadEcharts();
  const { title, unit, series } = seriesOf(metric, report);
  const time = isTimeGrouping(report.groupBy);
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: size.width, height: size.height });
  try {
    chart.setOption({
      animation: false,
      title: { text: title, subtext: `${report.from.slice(0, 10)} to ${report.to.slice(0, 10)}, by ${report.groupBy.replace('_', ' ')}`, left: 'center' },
      legend: { bottom: 0 },
      grid: { left: 60, right: 30, top: 70, bottom: 60 },
      xAxis: { type: 'category', data: report.groups.map((g) => g.label) },
      yAxis: { type: 'value', name: unit, ...(metric === 'sla_compliance' ? { min: 0, max: 100 } : {}) },
      series: series.map((s) => ({
        name: s.name,
        type: time ? 'line' : 'bar',
        connectNulls: true,
        showSymbol: true,
        data: report.groups.map((g) => s.value(g)),
      })),
    });
    return xmlSafe(chart.renderToSVGString());
  } finally {
    chart.dispose();
  }
}
