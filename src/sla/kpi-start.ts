/**
 * What the API records when it starts a KPI clock, so the workflow has nothing to compute or write
 * at start (see `KpiWorkflowInput.recordedStart`): the deadlines on the pinned calendar, the instance's
 * state as the workflow's machine would have it, and the 'started' transition (mirror seq 1). Pure.
 */
import { CalendarError } from '../calendar/index.js';
import { kpiWorkflowId, type KpiStatus, type KpiWorkflowInput } from '../../workflows/contract.js';
import { computeKpiDeadlines } from './kpi-deadlines.js';
import type { MirroredTransition } from './kpi-mirror-row.js';
import { KpiMachine } from './kpi-state.js';
import { transitionSummary } from './kpi-transition-text.js';
import { kpiLabel } from './kpis.js';

/** The mirror sequence number of the recorded 'started' (the workflow's next transition is 2). */
export const RECORDED_START_SEQ = 1;

export interface PlannedStart {
  recordedStart: NonNullable<KpiWorkflowInput['recordedStart']>;
  status: KpiStatus;
  transition: MirroredTransition;
}

/**
 * The start of `input`'s clock at `startedAtMs`, or null when its calendar cannot be used (the
 * workflow then computes the deadlines itself and reports the problem in the Temporal UI).
 */
export function planRecordedStart(input: KpiWorkflowInput, startedAtMs: number): PlannedStart | null {
  const m = new KpiMachine(input, kpiWorkflowId(input.caseId, input.kpi, input.generation), startedAtMs);
  let deadlines;
  try {
    deadlines = computeKpiDeadlines({
      calendar: input.calendar,
      applicableFrom: input.applicableFrom,
      warningMinutes: input.warningMinutes,
      failureMinutes: input.failureMinutes,
      pauses: m.closedPauseIntervals(),
    });
  } catch (err) {
    if (err instanceof CalendarError) return null;
    throw err;
  }
  m.applyDeadlines(deadlines, m.deadlinesEpoch);
  const started = m.takeTransition()!;
  m.seq = RECORDED_START_SEQ;
  return {
    recordedStart: { deadlines },
    status: m.status(),
    transition: {
      kind: 'started',
      at: new Date(started.at).toISOString(),
      summary: transitionSummary('started', kpiLabel(input.kpi), deadlines.failureLabel),
      ...(started.note ? { note: started.note } : {}),
    },
  };
}

/** The state search attribute a clock starts with (the machine's state before anything happens). */
export function initialKpiState(input: KpiWorkflowInput): KpiStatus['state'] {
  return new KpiMachine(input, kpiWorkflowId(input.caseId, input.kpi, input.generation), 0).state;
}
