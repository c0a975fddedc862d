import { loadEcharts } from '../charts/echarts.js';
import { successorsOf, type ProcessDefinition } from './definition.js';
import type { CaseProcessView, StageState } from './case-process-view.js';
import { xmlSafe } from '../svg-text.js';

/**
 * The picture of a case's process (GET /v1/cases/{id}/process.svg): the stages as a left-to-right
 * flow (a stage's column is its longest distance from the first stage), the path taken in green, the
 * active stage in blue, the stages ahead outlined, and branches the path does not take in grey, dashed.
 * Drawn with the echarts graph series, rendered server side to SVG.
 */
export const STAGE_COLOURS: Record<StageState, string> = {
  done: '#2da44e',
  active: '#0969da',
  ahead: '#ffffff',
  not_taken: '#d0d7de',
};

/** Edges differ in shade from the stages, so a stage's colour marks only stages. */
export const EDGE_TAKEN = '#1a7f37';
export const EDGE_NOT_TAKEN = '#6e7781';

const COLUMN = 190;
const ROW = 110;

function columns(def: ProcessDefinition): Map<string, number> {
  const col = new Map<string, number>(def.stages.map((s) => [s.key, 0]));
  // Stages are acyclic; relaxing the edges once per stage settles the longest distances.
  for (let round = 0; round < def.stages.length; round++) {
    def.stages.forEach((s, i) => {
      for (const next of successorsOf(def.stages, i)) col.set(next, Math.max(col.get(next)!, col.get(s.key)! + 1));
    });
  }
  return col;
}

export async function processPicture(def: ProcessDefinition, view: CaseProcessView): Promise<string> {
  const echarts = await loadEcharts();
  const col = columns(def);
  const rows = new Map<number, number>();
  const state = new Map(view.stages.map((s) => [s.key, s.state]));
  const nodes = def.stages.map((s) => {
    const c = col.get(s.key)!;
    const r = rows.get(c) ?? 0;
    rows.set(c, r + 1);
    const st = state.get(s.key) ?? 'not_taken';
    return {
      id: s.key,
      name: s.name,
      x: 60 + c * COLUMN,
      y: 80 + r * ROW,
      symbol: 'roundRect',
      symbolSize: [130, 46],
      itemStyle: {
        color: STAGE_COLOURS[st],
        borderColor: st === 'ahead' ? '#0969da' : st === 'not_taken' ? '#8c959f' : STAGE_COLOURS[st],
        borderWidth: st === 'active' ? 4 : 2,
        borderType: st === 'ahead' ? ('dashed' as const) : ('solid' as const),
      },
      label: { show: true, color: st === 'done' || st === 'active' ? '#ffffff' : '#24292f', fontWeight: st === 'active' ? ('bold' as const) : ('normal' as const), fontSize: 13 },
    };
  });
  const path = view.path.map((p) => p.key);
  const onPath = new Set(path.slice(1).map((k, i) => `${path[i]}>${k}`));
  const links = def.stages.flatMap((s, i) =>
    successorsOf(def.stages, i).map((next) => {
      const taken = onPath.has(`${s.key}>${next}`);
      const branch = (s.branches ?? []).find((b) => b.next === next);
      return {
        source: s.key,
        target: next,
        // Edges that jump a column bend further, so they pass around the stages between.
        lineStyle: {
          color: taken ? EDGE_TAKEN : EDGE_NOT_TAKEN,
          opacity: 1,
          width: taken ? 3 : 1.5,
          type: taken ? ('solid' as const) : ('dashed' as const),
          curveness: col.get(next)! - col.get(s.key)! > 1 ? -0.35 : 0.12,
        },
        label: { show: Boolean(branch?.label), formatter: branch?.label ?? '', fontSize: 11, color: '#57606a' },
      };
    }),
  );
  const width = 180 + Math.max(1, Math.max(...col.values())) * COLUMN;
  const height = 160 + Math.max(1, Math.max(...rows.values())) * ROW;
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption({
      animation: false,
      backgroundColor: '#ffffff',
      title: {
        text: `${view.processName} (v${view.processVersion})`,
        subtext: view.activeStage ? `Active stage: ${view.activeStage.name}` : `Process ${view.status}`,
        left: 10,
        top: 6,
        textStyle: { fontSize: 14 },
      },
      series: [{ type: 'graph', layout: 'none', coordinateSystem: undefined, roam: false, edgeSymbol: ['none', 'arrow'], edgeSymbolSize: 9, data: nodes, links, left: 90, right: 90, top: 110, bottom: 50 }],
    });
    return xmlSafe(chart.renderToSVGString());
  } finally {
    chart.dispose();
  }
}
