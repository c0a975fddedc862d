/**
 * What a KPI workflow shows in the Temporal UI: its current details (markdown) and the summary of the
 * timer it waits on, e.g. `Warning: First Response By due Thu 3 Dec 09:30 Europe/Paris`. Pure.
 */
import type { KpiState, KpiStatus, KpiWorkflowInput } from '../../workflows/contract.js';
import type { DuePhase, KpiMachine } from './kpi-state.js';

const STATE_LABELS: Record<KpiState, string> = {
  in_progress: 'In Progress',
  nearing_noncompliance: 'Nearing Noncompliance',
  noncompliant: 'Noncompliant',
  succeeded: 'Succeeded',
  paused: 'Paused',
  canceled: 'Canceled',
};

export function dueText(m: KpiMachine, label: string, phase: DuePhase): string {
  const l = m.labels;
  return `${phase === 'warning' ? 'Warning' : 'Failure'}: ${label} due ${(phase === 'warning' ? l.warning : l.failure) ?? '?'}`;
}

export function kpiDetails(m: KpiMachine, input: KpiWorkflowInput, label: string, status: KpiStatus, calendarProblem: string | null): string {
  const l = m.labels;
  const due = m.nextDue();
  const next = m.closed
    ? 'nothing (ended)'
    : m.paused
      ? `clock paused since ${status.pausedSince}; deadlines move on resume`
      : due
        ? dueText(m, label, due.phase)
        : 'waiting for a late success or cancel';
  return [
    `**${label}** · ${input.caseNumber} · ${input.slaName} / ${input.itemName}`,
    '',
    `- State: **${STATE_LABELS[status.state]}**${status.endReason ? ` (${status.endReason})` : ''}`,
    `- Next: ${next}`,
    `- Warning: ${l.warning ?? 'none'}${status.warnedAt ? ` (reached ${status.warnedAt})` : ''}`,
    `- Failure: ${l.failure ?? 'not computed yet'}${status.failedAt ? ` (reached ${status.failedAt})` : ''}`,
    `- Paused: ${Math.round(status.pausedBusinessMinutes * 100) / 100} business min in ${status.pauses.filter((p) => p.to).length} pause(s)`,
    ...(status.succeededAt ? [`- Succeeded: ${status.succeededAt}`] : []),
    ...(status.lateSucceededAt ? [`- Late success: ${status.lateSucceededAt}`] : []),
    `- Actions run: ${status.actionsRun.length}`,
    ...(calendarProblem ? [`- **Deadlines cannot be computed:** ${calendarProblem}. Apply a valid calendar version (applyCalendar) or cancel.`] : []),
  ].join('\n');
}
