/**
 * Draws a case's SLA timeline (./timeline-model.ts) with ECharts' server-side SVG renderer: one row per
 * KPI instance on a time axis labelled in the calendar's zone; behind the rows the open business hours,
 * holidays and closures; on each row the clock, its pauses, the warning and failure instants (dashed),
 * what happened (warned, breached, succeeded, stale-pause alerts), the actions that ran, and "now".
 * Every mark carries `data-mark="<kind>"` (and `data-row` for a row's marks) so it can be found in the
 * SVG: ECharts tags each element with its series index, which this file maps back to the mark kind.
 */
import { loadEcharts } from '../charts/echarts.js';
import { DateTime } from 'luxon';
import type { Span } from './calendar-spans.js';
import type { TimelineModel } from './timeline-model.js';
import { xmlSafe } from '../svg-text.js';

export type MarkKind =
  | 'business-hours'
  | 'holiday'
  | 'closure'
  | 'clock'
  | 'pause'
  | 'warning-due'
  | 'failure-due'
  | 'warned'
  | 'breached'
  | 'succeeded'
  | 'late-succeeded'
  | 'pause-stale'
  | 'action'
  | 'now';

interface MarkStyle {
  name: string;
  color: string;
  /** span: [from, to, row] (row -1: full height); instant: [at, row]; line: [at, row] as a tick. */
  shape: 'band' | 'bar' | 'overlay' | 'tick' | 'dot' | 'cross' | 'triangle' | 'diamond' | 'line';
}

const MARKS: Record<MarkKind, MarkStyle> = {
  'business-hours': { name: 'Business hours', color: '#e3f2e6', shape: 'band' },
  holiday: { name: 'Holiday', color: '#f8d7da', shape: 'band' },
  closure: { name: 'Closure', color: '#ffe8c2', shape: 'band' },
  clock: { name: 'Clock', color: '#90a4ae', shape: 'bar' },
  pause: { name: 'Paused', color: '#ff9800', shape: 'overlay' },
  'warning-due': { name: 'Warning due', color: '#f9a825', shape: 'tick' },
  'failure-due': { name: 'Failure due', color: '#c62828', shape: 'tick' },
  warned: { name: 'Warned', color: '#f9a825', shape: 'dot' },
  breached: { name: 'Breached', color: '#c62828', shape: 'cross' },
  succeeded: { name: 'Succeeded', color: '#2e7d32', shape: 'dot' },
  'late-succeeded': { name: 'Succeeded late', color: '#6d4c41', shape: 'dot' },
  'pause-stale': { name: 'Stale-pause alert', color: '#8e24aa', shape: 'triangle' },
  action: { name: 'Action ran', color: '#1a237e', shape: 'diamond' },
  now: { name: 'Now', color: '#1565c0', shape: 'line' },
};

export interface PictureSize {
  width: number;
  height: number;
}

const HOUR = 3_600_000;
const STEPS = [HOUR, 2 * HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, 24 * HOUR, 48 * HOUR, 7 * 24 * HOUR];

/** Axis ticks: about one per 110 px, on whole hours or (a day and more) local midnights of `zone`. */
function axis(from: number, to: number, width: number, zone: string) {
  const wanted = (to - from) / Math.max(2, Math.floor(width / 110));
  const step = STEPS.find((s) => s >= wanted) ?? STEPS[STEPS.length - 1];
  const min = step >= 24 * HOUR ? DateTime.fromMillis(from, { zone }).startOf('day').toMillis() : Math.floor(from / step) * step;
  const fmt = step >= 24 * HOUR ? 'ccc d LLL' : 'ccc HH:mm';
  return { min, max: to, interval: step, label: (v: number) => DateTime.fromMillis(v, { zone }).setLocale('en-GB').toFormat(fmt) };
}

type Datum = number[];
type RenderApi = { value(i: number): number; coord(p: number[]): number[]; size(p: number[]): number[] };
type RenderParams = { coordSys: { x: number; y: number; width: number; height: number } };

function renderer(style: MarkStyle) {
  return (params: RenderParams, api: RenderApi) => {
    const cs = params.coordSys;
    const band = api.size([0, 1])[1];
    const x0 = Math.max(cs.x, api.coord([api.value(0), 0])[0]);
    const row = style.shape === 'band' || style.shape === 'line' ? -1 : api.value(style.shape === 'bar' || style.shape === 'overlay' ? 2 : 1);
    const yMid = row >= 0 ? api.coord([0, row])[1] : 0;
    const fill = { fill: style.color };
    switch (style.shape) {
      case 'band': {
        const x1 = Math.min(cs.x + cs.width, api.coord([api.value(1), 0])[0]);
        return { type: 'rect', shape: { x: x0, y: cs.y, width: Math.max(x1 - x0, 0.5), height: cs.height }, style: fill, silent: true };
      }
      case 'bar':
      case 'overlay': {
        const x1 = api.coord([api.value(1), 0])[0];
        const h = band * (style.shape === 'bar' ? 0.18 : 0.34);
        return { type: 'rect', shape: { x: x0, y: yMid - h / 2, width: Math.max(x1 - x0, 1), height: h }, style: fill };
      }
      case 'tick':
        return { type: 'line', shape: { x1: x0, y1: yMid - band * 0.36, x2: x0, y2: yMid + band * 0.36 }, style: { stroke: style.color, lineWidth: 2, lineDash: [4, 3] } };
      case 'line':
        return { type: 'line', shape: { x1: x0, y1: cs.y, x2: x0, y2: cs.y + cs.height }, style: { stroke: style.color, lineWidth: 2 } };
      case 'dot':
        return { type: 'circle', shape: { cx: x0, cy: yMid, r: 6 }, style: { ...fill, stroke: '#fff', lineWidth: 1.5 } };
      case 'cross': {
        const r = 6;
        return { type: 'path', shape: { pathData: `M${x0 - r} ${yMid - r}L${x0 + r} ${yMid + r}M${x0 - r} ${yMid + r}L${x0 + r} ${yMid - r}` }, style: { stroke: style.color, lineWidth: 3, fill: 'none' } };
      }
      case 'triangle': {
        const y = yMid - band * 0.3;
        return { type: 'polygon', shape: { points: [[x0, y + 7], [x0 - 7, y - 5], [x0 + 7, y - 5]] }, style: fill };
      }
      case 'diamond': {
        const y = yMid + band * 0.3;
        return { type: 'polygon', shape: { points: [[x0, y - 6], [x0 + 5, y], [x0, y + 6], [x0 - 5, y]] }, style: fill };
      }
    }
  };
}

/** The model as mark data per kind: spans [from, to, row], instants [at, row]. */
function markData(m: TimelineModel): Array<[MarkKind, Datum[]]> {
  const spans = (list: Span[]) => list.map((s) => [s.from, s.to, -1]);
  const rows = (pick: (k: TimelineModel['kpis'][number]) => Array<number | null>) =>
    m.kpis.flatMap((k, row) => pick(k).filter((t): t is number => t !== null).map((t) => [t, row]));
  return [
    ['business-hours', spans(m.spans.open)],
    ['holiday', spans(m.spans.holidays)],
    ['closure', spans(m.spans.closures)],
    ['clock', m.kpis.map((k, row) => [k.start, k.end, row])],
    ['pause', m.kpis.flatMap((k, row) => k.pauses.map((p) => [p.from, p.to, row]))],
    ['warning-due', rows((k) => [k.warningAt])],
    ['failure-due', rows((k) => [k.failureAt])],
    ['warned', rows((k) => [k.warnedAt])],
    ['breached', rows((k) => [k.failedAt])],
    ['succeeded', rows((k) => [k.succeededAt])],
    ['late-succeeded', rows((k) => [k.lateSucceededAt])],
    ['pause-stale', rows((k) => k.staleAlerts)],
    ['action', rows((k) => k.actions.map((a) => a.at))],
    ['now', [[m.now, -1]]],
  ];
}

const escapeXml = (s: string) => s.replace(/[<>&"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

export async function renderTimelineSvg(m: TimelineModel, size: PictureSize = { width: 1000, height: 0 }): Promise<string> {
  const echarts = await loadEcharts();
  const height = size.height || 150 + Math.max(1, m.kpis.length) * 56;
  const series = markData(m).filter(([, data]) => data.length > 0);
  const ax = axis(m.from, m.to, size.width, m.spans.zone);
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: size.width, height });
  try {
    chart.setOption({
      animation: false,
      backgroundColor: '#ffffff',
      textStyle: { fontFamily: 'DejaVu Sans, Arial, sans-serif' },
      title: {
        text: `${m.caseNumber} SLA timeline`,
        subtext: `${m.caseTitle} · ${m.calendar ? `calendar v${m.calendar.version}, ${m.spans.zone}` : '24x7 (UTC)'} · now ${DateTime.fromMillis(m.now, { zone: m.spans.zone }).setLocale('en-GB').toFormat('ccc d LLL HH:mm')}`,
        left: 12,
        top: 6,
        textStyle: { fontSize: 15 },
        subtextStyle: { fontSize: 11 },
      },
      legend: { bottom: 4, left: 'center', itemWidth: 12, itemHeight: 10, textStyle: { fontSize: 10 }, data: series.map(([kind]) => MARKS[kind].name) },
      grid: { left: 130, right: 24, top: 62, bottom: 64 },
      xAxis: { type: 'value', min: ax.min, max: ax.max, interval: ax.interval, axisLabel: { formatter: ax.label, fontSize: 10, showMaxLabel: false }, splitLine: { show: true, lineStyle: { color: '#eceff1' } } },
      yAxis: { type: 'category', inverse: true, data: m.kpis.map((k) => `${k.label}\n${k.state.replace(/_/g, ' ')}`), axisLabel: { fontSize: 11 }, axisTick: { show: false } },
      series: series.map(([kind, data]) => ({
        type: 'custom',
        name: MARKS[kind].name,
        color: MARKS[kind].color,
        clip: true,
        renderItem: renderer(MARKS[kind]),
        encode: MARKS[kind].shape === 'band' || MARKS[kind].shape === 'bar' || MARKS[kind].shape === 'overlay' ? { x: [0, 1], y: 2 } : { x: 0, y: 1 },
        data,
      })),
    });
    const svg = xmlSafe(chart.renderToSVGString());
    return tagMarks(svg, series, m);
  } finally {
    chart.dispose();
  }
}

/** Adds `data-mark` (and `data-row`) to every element ECharts drew for a mark, `data-legend` to legend entries; labels the root. */
function tagMarks(svg: string, series: Array<[MarkKind, Datum[]]>, m: TimelineModel): string {
  const tagged = svg.replace(/ecmeta_series_index="(\d+)" ecmeta_data_index="(\d+)" ecmeta_ssr_type="(\w+)"/g, (all, s: string, d: string, type: string) => {
    const entry = series[Number(s)];
    if (!entry) return all;
    const [kind, data] = entry;
    if (type !== 'chart') return `${all} data-legend="${kind}"`;
    const datum = data[Number(d)];
    const row = datum ? datum[datum.length - 1] : -1;
    return `${all} data-mark="${kind}"${row >= 0 ? ` data-row="${row}"` : ''}`;
  });
  const title = `<title>${escapeXml(`${m.caseNumber} SLA timeline`)}</title>`;
  return tagged.replace(/<svg ([^>]*)>/, (_all, attrs: string) => `<svg ${attrs} class="sla-timeline" data-case="${escapeXml(m.caseNumber)}" data-now="${new Date(m.now).toISOString()}">${title}`);
}

/** The names and colours of the marks (README legend, tests). */
export const MARK_KINDS = Object.keys(MARKS) as MarkKind[];
