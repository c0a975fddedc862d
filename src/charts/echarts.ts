/**
 * ECharts, loaded on the first picture rather than at start: importing it costs a process about 80 MB of
 * RSS (measured on Node 24), which the worker and an API that never draws should not carry.
 */
type ECharts = typeof import('echarts');

let loading: Promise<ECharts> | null = null;

export function loadEcharts(): Promise<ECharts> {
  loading ??= import('echarts');
  return loading;
}
