import type { KpiFigures, ServiceKpiReport } from './service-kpis.js';

const cell = (v: unknown): string => {
  if (v === null || v === undefined) return '';
  const s = String(v);
  return /[",\r\n]/.test(s) || /^[=+\-@]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

const durations = ['firstResponse', 'resolution'] as const;
const clocks = ['businessMinutes', 'calendarMinutes'] as const;
const stats = ['median', 'p90', 'mean', 'count'] as const;
const outcomes = ['met', 'pausedAtResolution', 'breached', 'lateSuccess', 'open', 'complianceRate'] as const;

/** The report as CSV: one row per group and a last row `total`; one column per figure (RFC 4180, CRLF). */
export function reportCsv(report: ServiceKpiReport): string {
  const kpis = Object.keys(report.total.compliance);
  const header = [
    'group_key',
    'group',
    'created',
    'resolved',
    'reopened',
    'backlog',
    ...durations.flatMap((d) => clocks.flatMap((c) => stats.map((s) => `${d}.${c}.${s}`))),
    ...kpis.flatMap((k) => outcomes.map((o) => `compliance.${k}.${o}`)),
    'csat.answers',
    'csat.average',
    'csat.satisfiedPercent',
    'csat.responseRate',
    'nps.answers',
    'nps.nps',
    'engagement.answers',
    'engagement.score',
  ];
  const row = (key: string | null, label: string, f: KpiFigures) => [
    key,
    label,
    f.volume.created,
    f.volume.resolved,
    f.volume.reopened,
    f.volume.backlog,
    ...durations.flatMap((d) => clocks.flatMap((c) => stats.map((s) => f[d][c][s]))),
    ...kpis.flatMap((k) => outcomes.map((o) => f.compliance[k]?.[o] ?? null)),
    f.surveys?.csat.answers,
    f.surveys?.csat.average,
    f.surveys?.csat.satisfiedPercent,
    f.surveys?.csat.responseRate,
    f.surveys?.nps?.answers,
    f.surveys?.nps?.nps,
    f.surveys?.engagement?.answers,
    f.surveys?.engagement?.score,
  ];
  const lines = [header, ...report.groups.map((g) => row(g.key, g.label, g)), row('total', 'Total', report.total)];
  return lines.map((l) => l.map(cell).join(',')).join('\r\n') + '\r\n';
}
