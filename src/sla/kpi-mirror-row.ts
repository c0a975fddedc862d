/**
 * What a KPI transition writes to the database: the instance row's state columns and the case
 * timeline event (`sla.<transition>`, deduplicated by `sla:<instanceId>:<seq>`). One definition for
 * the workflow's mirror activity and for the API, which records a clock's 'started' (seq 1) itself,
 * in the transaction that starts it.
 */
import { actorColumns, SLA_ENGINE } from '../audit/actor.js';
import type { KpiStatus, KpiWorkflowInput } from '../../workflows/contract.js';
import type { KpiTransitionKind } from './kpi-state.js';

const date = (iso: string | null): Date | null => (iso ? new Date(iso) : null);

export interface MirroredTransition {
  kind: KpiTransitionKind;
  at: string;
  summary: string;
  note?: string;
}

/** The `sla_kpi_instances` columns a transition sets (besides identity, pauses and end). */
export function kpiStateColumns(status: KpiStatus, calendar: KpiWorkflowInput['calendar'], seq: number, at: Date) {
  return {
    state: status.state,
    warningAt: date(status.warningAt),
    failureAt: date(status.failureAt),
    warnedAt: date(status.warnedAt),
    failedAt: date(status.failedAt),
    succeededAt: date(status.succeededAt),
    lateSucceededAt: date(status.lateSucceededAt),
    pausedBusinessMinutes: Math.round(status.pausedBusinessMinutes),
    calendarId: calendar?.id ?? null,
    calendarVersion: calendar?.version ?? null,
    mirrorSeq: seq,
    updatedAt: at,
  };
}

/** The `case_events` row of a transition. */
export function kpiTimelineEvent(instance: { instanceId: string; caseId: string; kpi: string }, status: KpiStatus, transition: MirroredTransition, seq: number) {
  return {
    caseId: instance.caseId,
    kind: `sla.${transition.kind}`,
    summary: transition.summary,
    data: {
      instanceId: instance.instanceId,
      kpi: instance.kpi,
      state: status.state,
      warningAt: status.warningAt,
      failureAt: status.failureAt,
      pausedBusinessMinutes: status.pausedBusinessMinutes,
      ...(transition.note ? { note: transition.note } : {}),
    },
    dedupeKey: `sla:${instance.instanceId}:${seq}`,
    occurredAt: new Date(transition.at),
    ...actorColumns(SLA_ENGINE),
  };
}
