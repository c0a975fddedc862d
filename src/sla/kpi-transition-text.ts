/**
 * How a KPI transition reads on the case timeline and in the Temporal UI, e.g.
 * `SLA Resolve By: clock started (failure due Wed 25 Nov 11:24 Europe/Paris)`. Pure (workflow-safe):
 * the workflow writes these for its transitions, the API for the 'started' it records itself.
 */
import type { KpiTransitionKind } from './kpi-state.js';

export const TRANSITION_TEXT: Record<KpiTransitionKind, string> = {
  started: 'clock started',
  paused: 'clock paused',
  resumed: 'clock resumed',
  warning: 'warning reached (nearing noncompliance)',
  failed: 'failure reached (noncompliant)',
  succeeded: 'succeeded',
  late_succeeded: 'succeeded late (stays noncompliant)',
  canceled: 'canceled',
  calendar_applied: 'new calendar version applied',
  pause_stale: 'paused longer than the alert threshold',
};

/** The timeline summary of a transition; `failureLabel` is the failure instant in the calendar's zone. */
export function transitionSummary(kind: KpiTransitionKind, kpiLabel: string, failureLabel: string | null): string {
  const when = kind === 'started' || kind === 'resumed' || kind === 'calendar_applied' || kind === 'warning' ? ` (failure due ${failureLabel})` : '';
  return `SLA ${kpiLabel}: ${TRANSITION_TEXT[kind]}${when}`;
}
