/**
 * Client side of the SLA KPI workflow: start it (idempotently, by business key) and send it its
 * messages. Imports the contract and the workflow's type only, never its code.
 */
import type { Client, WorkflowHandle } from '@temporalio/client';
import type { SearchAttributePair } from '@temporalio/common';
import { slaSearchAttributes as SA } from '../temporal/search-attributes.js';
import type { slaKpiWorkflow } from '../../workflows/sla-kpi.workflow.js';
import {
  applyCalendarSignal,
  cancelSignal,
  KPI_WORKFLOW_TYPE,
  kpiWorkflowId,
  pauseUpdate,
  resumeUpdate,
  statusQuery,
  succeedUpdate,
  type AtPayload,
  type CancelPayload,
  type KpiStatus,
  type KpiWorkflowInput,
  type SuccessPayload,
  type SuccessResult,
} from '../../workflows/contract.js';
import { initialKpiState } from './kpi-start.js';
import { kpiLabel } from './kpis.js';

export type KpiWorkflowHandle = WorkflowHandle<typeof slaKpiWorkflow>;

/** `1h`, `4h`, `1h 30m`, `45m`: business time, compact. */
export function formatBusinessMinutes(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = Math.round(minutes - h * 60);
  return [h ? `${h}h` : '', m || !h ? `${m}m` : ''].filter(Boolean).join(' ');
}

/** One line for the Temporal UI, e.g. `First Response By · CAS-000042 · Premium High: 1h`. */
export function kpiStaticSummary(input: KpiWorkflowInput): string {
  return `${kpiLabel(input.kpi)} · ${input.caseNumber} · ${input.itemName}: ${formatBusinessMinutes(input.failureMinutes)}`;
}

/** Markdown shown on the workflow page: what this clock is and what it runs on. */
export function kpiStaticDetails(input: KpiWorkflowInput): string {
  const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
  return [
    `### ${kpiLabel(input.kpi)} for case ${input.caseNumber}`,
    '',
    `- Case: ${input.caseNumber} (\`${input.caseId}\`)`,
    `- SLA: ${input.slaName} (\`${input.slaId}\`), item **${input.itemName}** (\`${input.slaItemId}\`)`,
    `- Instance: \`${input.instanceId}\`, generation ${input.generation}`,
    `- Clock starts: ${input.applicableFrom}`,
    `- Warning after: ${input.warningMinutes === null ? 'none' : `${formatBusinessMinutes(input.warningMinutes)} (${input.warningMinutes} business min)`}`,
    `- Failure after: ${formatBusinessMinutes(input.failureMinutes)} (${input.failureMinutes} business min)`,
    `- Calendar: ${input.calendar ? `\`${input.calendar.id}\` version ${input.calendar.version}` : '24x7 (no calendar)'}`,
    `- Pausing: ${input.allowPause ? 'allowed' : 'not allowed'}${input.pauses.length ? `; ${count(input.pauses.length, 'pause')} carried over` : ''}`,
    `- Actions: ${count(input.actions.warning.length, 'warning action')}, ${count(input.actions.failure.length, 'failure action')}, ${count(input.actions.success.length, 'success action')}`,
    ...(input.stalePause
      ? [`- Stale-pause alert: after ${input.stalePause.afterMinutes} ${input.stalePause.time} min paused, ${count(input.stalePause.actions.length, 'action')} (once per pause)`]
      : []),
    ...(input.alreadyWarned || input.alreadyFailed
      ? [`- Replaces an instance that already ${input.alreadyFailed ? 'failed' : 'warned'} (those actions do not run again)`]
      : []),
  ].join('\n');
}

/**
 * Every search attribute the clock has at start, so the workflow upserts none until something changes
 * (it compares with what it started with); the deadlines are known when the API recorded the start.
 */
export function initialSearchAttributes(input: KpiWorkflowInput): SearchAttributePair[] {
  const deadlines = input.recordedStart?.deadlines;
  return [
    { key: SA.caseId, value: input.caseId },
    { key: SA.caseNumber, value: input.caseNumber },
    { key: SA.kpi, value: input.kpi },
    { key: SA.state, value: initialKpiState(input) },
    { key: SA.breached, value: input.alreadyFailed === true },
    ...(deadlines?.warningAt ? [{ key: SA.warningAt, value: new Date(deadlines.warningAt) }] : []),
    ...(deadlines ? [{ key: SA.failureAt, value: new Date(deadlines.failureAt) }] : []),
  ];
}

/**
 * Starts the KPI's workflow, or returns the running one with the same business key (a re-delivered
 * start command). A key whose workflow already closed is refused with
 * `WorkflowExecutionAlreadyStartedError` (it was delivered before).
 */
export async function startKpiWorkflow(client: Client, options: { taskQueue: string }, input: KpiWorkflowInput): Promise<KpiWorkflowHandle> {
  return client.workflow.start<typeof slaKpiWorkflow>(KPI_WORKFLOW_TYPE, {
    taskQueue: options.taskQueue,
    workflowId: kpiWorkflowId(input.caseId, input.kpi, input.generation),
    args: [input],
    workflowIdConflictPolicy: 'USE_EXISTING',
    workflowIdReusePolicy: 'REJECT_DUPLICATE',
    staticSummary: kpiStaticSummary(input),
    staticDetails: kpiStaticDetails(input),
    typedSearchAttributes: initialSearchAttributes(input),
  });
}

const handleOf = (client: Client, workflowId: string): KpiWorkflowHandle => client.workflow.getHandle<typeof slaKpiWorkflow>(workflowId);

/** Options of the message helpers: `updateId` deduplicates a re-sent command (pass the command id). */
export interface KpiMessageOptions {
  updateId?: string;
}

export function pauseKpi(client: Client, workflowId: string, payload: AtPayload, options: KpiMessageOptions = {}): Promise<KpiStatus> {
  return handleOf(client, workflowId).executeUpdate(pauseUpdate, { args: [payload], updateId: options.updateId });
}

export function resumeKpi(client: Client, workflowId: string, payload: AtPayload, options: KpiMessageOptions = {}): Promise<KpiStatus> {
  return handleOf(client, workflowId).executeUpdate(resumeUpdate, { args: [payload], updateId: options.updateId });
}

export function succeedKpi(client: Client, workflowId: string, payload: SuccessPayload, options: KpiMessageOptions = {}): Promise<SuccessResult> {
  return handleOf(client, workflowId).executeUpdate(succeedUpdate, { args: [payload], updateId: options.updateId });
}

export function cancelKpi(client: Client, workflowId: string, payload: CancelPayload): Promise<void> {
  return handleOf(client, workflowId).signal(cancelSignal, payload);
}

export function applyCalendarToKpi(client: Client, workflowId: string, calendar: KpiWorkflowInput['calendar']): Promise<void> {
  return handleOf(client, workflowId).signal(applyCalendarSignal, { calendar });
}

/** Needs a running worker (queries are answered by workflow code). */
export function kpiStatus(client: Client, workflowId: string): Promise<KpiStatus> {
  return handleOf(client, workflowId).query(statusQuery);
}
