/**
 * Inputs and results of the SLA activities. Type-only for workflow code (it imports nothing else
 * from activities/).
 */
import type { SlaActionDefinition } from '../db/schema/slas.js';
import type { KpiStatus, KpiWorkflowInput } from '../workflows/contract.js';
import type { ActionPhase, ComputedDeadlines, KpiTransitionKind } from '../src/sla/kpi-state.js';

export type { ActionPhase, ComputedDeadlines };

export type { ComputeDeadlinesInput } from '../src/sla/kpi-deadlines.js';

/** The KPI facts an action needs (templates, summaries, the action run record). */
export interface ActionContext {
  instanceId: string;
  caseId: string;
  caseNumber: string;
  caseTitle: string;
  kpi: string;
  itemName: string;
  slaName: string;
  /** The calendar's zone ('UTC' for 24x7). */
  zone: string;
  warningAt: string | null;
  failureAt: string | null;
}

export interface RunActionInput {
  /** `${instanceId}:${phase}:${index}`: the action takes effect once per key. */
  key: string;
  phase: ActionPhase;
  index: number;
  action: SlaActionDefinition;
  /** Workflow time of the transition (recorded as the run's and the timeline event's instant). */
  at: string;
  context: ActionContext;
  /** Record the action with this reason instead of running it (e.g. 'due before import'). */
  notRun?: string;
}

export interface RunActionResult {
  /** False when an earlier attempt already took effect (nothing was done this time). */
  applied: boolean;
  /** For send_email: the outbox row to deliver (absent when every recipient was missing). */
  outboxId?: string;
  /** Human note, e.g. `skipped manager: owner has no manager`. */
  note?: string;
}

/**
 * One action of a `runActions` batch: its result (`delivered` when the batch sent its email, so the
 * workflow schedules no `deliverEmail`), or why it could not run as configured.
 */
export type RunActionsOutcome = (RunActionResult & { delivered?: boolean }) | { error: string };

export interface DeliverEmailResult {
  status: 'sent' | 'already_sent';
  messageId: string;
}

export interface MirrorInstanceInput {
  seq: number;
  status: KpiStatus;
  transition: { kind: KpiTransitionKind; at: string; summary: string; note?: string };
  /** Identity of the instance, to create its row if the orchestrator has not (direct starts). */
  instance: Pick<KpiWorkflowInput, 'instanceId' | 'caseId' | 'slaId' | 'slaItemId' | 'kpi' | 'generation' | 'calendar' | 'itemName' | 'warningMinutes' | 'failureMinutes'>;
}

export interface MirrorInstanceResult {
  /** False when a newer transition was already mirrored (this write was stale). */
  mirrored: boolean;
}

export interface UndeliveredCommandsInput {
  instanceId: string;
  /** ISO instant: only commands whose business instant is at or before it. */
  upTo: string;
}

export type { UndeliveredSlaCommand } from '../src/sla/late-commands.js';
