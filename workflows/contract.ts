/**
 * Messages shared by the SLA KPI workflow and its callers (API dispatcher, tests). Importable from
 * workflow code: depends only on @temporalio/workflow and types.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { SlaActionDefinition } from '../db/schema/slas.js';

export const KPI_WORKFLOW_TYPE = 'slaKpiWorkflow';

/** Business key: one workflow per (case, KPI, generation). Generation grows on re-evaluation/reopen. */
export function kpiWorkflowId(caseId: string, kpi: string, generation: number): string {
  return `sla:${caseId}:${kpi}:${generation}`;
}

export type KpiState = 'in_progress' | 'nearing_noncompliance' | 'noncompliant' | 'succeeded' | 'paused' | 'canceled';

/** A half-open pause interval [from, to) as ISO instants; `to` null while still paused. */
export interface PauseInterval {
  from: string;
  to: string | null;
}

export interface KpiWorkflowInput {
  instanceId: string;
  caseId: string;
  caseNumber: string;
  caseTitle: string;
  slaId: string;
  slaName: string;
  slaItemId: string;
  itemName: string;
  /** 'first_response', 'resolve' or a custom KPI name. */
  kpi: string;
  generation: number;
  /** ISO instant the clock starts from (spec §2.4). */
  applicableFrom: string;
  warningMinutes: number | null;
  failureMinutes: number;
  /** The pinned calendar version (JSON definition); null means 24x7. */
  calendar: { id: string; version: number; definition: unknown } | null;
  /** Pauses carried over from a replaced instance (re-evaluation, §2.9) or the case's current hold. */
  pauses: PauseInterval[];
  /** Whether this SLA allows pausing at all. */
  allowPause: boolean;
  actions: { warning: SlaActionDefinition[]; failure: SlaActionDefinition[]; success: SlaActionDefinition[] };
  /**
   * Stale-pause alert of the item (issue 16): once per pause, when the clock has been paused longer than
   * `afterMinutes` of business time (the pinned calendar) or calendar time, `actions` run. Clocks started
   * before it existed have none (patch STALE_PAUSE_PATCH in the workflow).
   */
  stalePause?: StalePauseSetting | null;
  /** Warning/failure that already happened on a replaced instance: do not act again (§2.9, §2.10). */
  alreadyWarned?: boolean;
  alreadyFailed?: boolean;
  /** When the replaced instance warned / failed (ISO); recorded as this instance's warnedAt / failedAt. Default: start time. */
  alreadyWarnedAt?: string | null;
  alreadyFailedAt?: string | null;
  /**
   * Only on clocks of a case imported from another helpdesk (POST /v1/cases/import): the import instant
   * (ISO). Actions of a phase that came due before it are recorded as 'due before import', not run. No
   * recorded history carries it, so the branch it enables needs no patch.
   */
  importedAt?: string;
  /**
   * Set by the API when it starts the clock (src/sla/kpi-start.ts): it computed the deadlines with the
   * pinned calendar and recorded the 'started' transition itself, in the transaction that created the
   * instance (row with the deadlines and `mirror_seq` 1, timeline event), and started the workflow with
   * every search attribute. A run with the cheap-clock patch then computes and writes nothing at start:
   * from start to its first timer it is one workflow task.
   */
  recordedStart?: { deadlines: ComputedDeadlines };
  /**
   * Set only by the workflow itself when it continues as new (history safety valve): what the previous
   * run of this same instance had reached. The other fields then describe the instance as it stood
   * (`calendar` as currently applied, `pauses` with every closed pause and an open one); `alreadyWarned`
   * / `alreadyFailed` keep their meaning (the *replaced* instance), this run's own warning/failure is here.
   */
  carried?: KpiCarriedState;
}

export interface StalePauseSetting {
  afterMinutes: number;
  time: 'business' | 'calendar';
  actions: SlaActionDefinition[];
}

/** The state a continued-as-new run of `slaKpiWorkflow` resumes from (see `KpiWorkflowInput.carried`). */
export interface KpiCarriedState {
  /** The last `mirror_seq` the previous run wrote; the new run's mirror writes continue above it. */
  mirrorSeq: number;
  /** The warning was reached (by this instance or inherited): its actions never run again. */
  warned: boolean;
  warnedAt: string | null;
  /** The failure was reached (by this instance or inherited): its actions never run again. */
  failed: boolean;
  failedAt: string | null;
  /** The actions already run (for the status query). */
  actionsRun: KpiStatus['actionsRun'];
  /**
   * The deadlines the previous run stood on (the `computeDeadlines` result; null if never computed).
   * The new run shows them until it recomputes them (unless failed: a failed clock's deadlines are final).
   */
  deadlines: ComputedDeadlines | null;
  /** The pauses (ordinals, 1 = the instance's first pause) whose stale-pause alert already fired. */
  stalePausesAlerted?: number[];
}

/** What the `computeDeadlines` activity returns (recorded in history, so replays never recompute). */
export interface ComputedDeadlines {
  /** IANA zone of the calendar ('UTC' for 24x7 without a calendar). */
  zone: string;
  warningAt: string | null;
  failureAt: string;
  /** Human labels in the calendar's zone, e.g. `Tue 24 Nov 10:00 Europe/Paris`. */
  warningLabel: string | null;
  failureLabel: string;
  /** Business minutes inside the closed pauses (may be fractional: nothing is rounded). */
  pausedBusinessMinutes: number;
}

export interface KpiStatus {
  instanceId: string;
  workflowId: string;
  kpi: string;
  state: KpiState;
  applicableFrom: string;
  warningAt: string | null;
  failureAt: string | null;
  warnedAt: string | null;
  failedAt: string | null;
  succeededAt: string | null;
  lateSucceededAt: string | null;
  pausedSince: string | null;
  pausedBusinessMinutes: number;
  pauses: PauseInterval[];
  endedAt: string | null;
  endReason: string | null;
  /** `pause`: the pause ordinal of a stale-pause alert's action. */
  actionsRun: Array<{ phase: 'warning' | 'failure' | 'success' | 'pause_stale'; index: number; type: string; at: string; note?: string; pause?: number }>;
}

/**
 * `ApplicationFailure.type` of a rejected update (the validator refused an impossible transition, e.g.
 * resuming a running clock). Callers get a `WorkflowUpdateFailedError` whose `cause.type` is this; it is
 * permanent: re-sending the same command is rejected again.
 */
export const KPI_TRANSITION_REJECTED = 'KpiTransitionRejected';

export interface AtPayload {
  /** Business instant of the event (ISO with offset), not the time the message was processed. */
  at: string;
}

export interface SuccessPayload extends AtPayload {
  /** Why it succeeded, e.g. 'first response recorded' or 'case resolved'. */
  reason: string;
}

export interface SuccessResult {
  state: KpiState;
  /** True when the success came at or before the failure instant. */
  met: boolean;
  failureAt: string | null;
}

export interface CancelPayload extends AtPayload {
  reason: string;
}

/** Pause the clock (case entered a pausing status). Rejected when already paused or closed. */
export const pauseUpdate = defineUpdate<KpiStatus, [AtPayload]>('pause');
/** Resume the clock. Rejected when it is not paused. */
export const resumeUpdate = defineUpdate<KpiStatus, [AtPayload]>('resume');
/** Success criteria met (first response sent, case resolved). Rejected when the KPI is closed. */
export const succeedUpdate = defineUpdate<SuccessResult, [SuccessPayload]>('succeed');
/** End without actions (case cancelled, item no longer applies, resolved without meeting criteria). */
export const cancelSignal = defineSignal<[CancelPayload]>('cancel');
/** Operator applies a newer calendar version to this running instance (spec §1.8). */
export const applyCalendarSignal = defineSignal<[{ calendar: { id: string; version: number; definition: unknown } | null }]>('applyCalendar');
export const statusQuery = defineQuery<KpiStatus>('status');
