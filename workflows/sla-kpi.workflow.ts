/**
 * One SLA KPI on one case (spec §2.4-2.11) as a durable clock.
 *
 * - The warning and failure instants come from the `computeDeadlines` activity (business time with
 *   the pinned calendar), so they are in the history and a replay never recomputes them. They are
 *   recomputed on resume (later by exactly the paused business time) and on `applyCalendar`.
 * - One pending timer at a time: `condition(changed, untilNext, { summary })`. Any message bumps the
 *   machine's version, which wakes the loop and cancels the timer.
 * - Message handlers only change the pure `KpiMachine` (src/sla/kpi-state.ts); the main loop records
 *   every transition (DB mirror + case timeline, search attributes, current details) and runs the
 *   warning / failure / success actions as activities, one at a time, each with a stable key.
 * - Ends on success (on time or late) or cancel, after pending email deliveries and handlers finish.
 * - History safety valve: at a quiescent point of the loop, when the server suggests it (or the history
 *   passes CONTINUE_AS_NEW_HISTORY_LENGTH events), the run waits for its email deliveries and handlers
 *   and continues as new with `carried` state (same instance, calendar, pauses, warning/failure, actions
 *   run, mirror seq). The new run records no 'started' transition and recomputes its deadlines through
 *   `computeDeadlines` exactly as on resume. Old histories never reach that branch (no patch needed).
 *
 * Sandbox: imports only @temporalio/workflow, the contract, pure modules and activity types.
 * Any change to the commands this code issues needs `patched()` (histories in test/histories replay
 * against it in CI).
 */
import {
  ActivityFailure,
  ApplicationFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  log,
  proxyActivities,
  setCurrentDetails,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { ActionContext, SlaActivities } from '../activities/index.js';
import { actionSummary } from '../src/sla/action-summary.js';
import { DUE_BEFORE_IMPORT, dueBeforeImport } from '../src/sla/import-cutoff.js';
import { KpiMachine, type ActionPhase, type DuePhase, type KpiTransition } from '../src/sla/kpi-state.js';
import { kpiLabel } from '../src/sla/kpis.js';
import { slaSearchAttributes as SA } from '../src/temporal/search-attributes.js';
import {
  applyCalendarSignal,
  cancelSignal,
  KPI_TRANSITION_REJECTED,
  pauseUpdate,
  resumeUpdate,
  statusQuery,
  succeedUpdate,
  type KpiState,
  type KpiStatus,
  type KpiWorkflowInput,
} from './contract.js';

const { computeDeadlines, mirrorInstance } = proxyActivities<SlaActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});
// Retried until they work, except for configuration errors (non-retryable), which are noted and skipped.
const { runAction } = proxyActivities<SlaActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '2 minutes' },
});
// SMTP outages: retry for about four hours; the outbox row keeps the last error.
const { deliverEmail } = proxyActivities<SlaActivities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes', maximumAttempts: 30 },
});

const STATE_LABELS: Record<KpiState, string> = {
  in_progress: 'In Progress',
  nearing_noncompliance: 'Nearing Noncompliance',
  noncompliant: 'Noncompliant',
  succeeded: 'Succeeded',
  paused: 'Paused',
  canceled: 'Canceled',
};

const TRANSITION_TEXT: Record<KpiTransition['kind'], string> = {
  started: 'clock started',
  paused: 'clock paused',
  resumed: 'clock resumed',
  warning: 'warning reached (nearing noncompliance)',
  failed: 'failure reached (noncompliant)',
  succeeded: 'succeeded',
  late_succeeded: 'succeeded late (stays noncompliant)',
  canceled: 'canceled',
  calendar_applied: 'new calendar version applied',
};

const iso = (ms: number) => new Date(ms).toISOString();

/** Belt and braces next to the server's `continueAsNewSuggested` (4,096 events by default). */
export const CONTINUE_AS_NEW_HISTORY_LENGTH = 2_000;

function continueAsNewDue(): boolean {
  const info = workflowInfo();
  return info.continueAsNewSuggested || info.historyLength > CONTINUE_AS_NEW_HISTORY_LENGTH;
}

function rejectIf(reason: string | null): void {
  if (reason) throw ApplicationFailure.create({ type: KPI_TRANSITION_REJECTED, message: reason, nonRetryable: true });
}

export async function slaKpiWorkflow(input: KpiWorkflowInput): Promise<KpiStatus> {
  const m = new KpiMachine(input, workflowInfo().workflowId, Date.now());
  const label = kpiLabel(input.kpi);
  const deliveries: Promise<void>[] = [];
  let pendingDeliveries = 0;
  /** The machine version the main loop has fully recorded; update handlers wait for it. */
  let recordedVersion = -1;
  const recorded = (version: number) => condition(() => recordedVersion >= version);
  /** A calendar the deadlines cannot be computed with (non-retryable error) waits for a new version or cancel. */
  let unusableCalendarEpoch = -1;
  let calendarProblem: string | null = null;

  setHandler(statusQuery, () => m.status());

  setHandler(
    pauseUpdate,
    async ({ at }) => {
      m.pause(at);
      await recorded(m.version);
      return m.status();
    },
    { validator: (p) => rejectIf(m.validatePause(p?.at)), description: 'Pause the clock (the case entered a pausing status).' },
  );

  setHandler(
    resumeUpdate,
    async ({ at }) => {
      m.resume(at);
      await recorded(m.version); // the result carries the recomputed deadlines
      return m.status();
    },
    { validator: (p) => rejectIf(m.validateResume(p?.at)), description: 'Resume the clock; the deadlines move by the paused business time.' },
  );

  setHandler(
    succeedUpdate,
    async ({ at, reason }) => {
      // On time or late is decided against current deadlines (e.g. right after a resume).
      await condition(() => !m.deadlinesStale || m.closed || m.deadlinesEpoch === unusableCalendarEpoch);
      rejectIf(m.validateSucceed(at));
      const result = m.succeed(at, reason || 'success criteria met');
      await recorded(m.version);
      return result;
    },
    { validator: (p) => rejectIf(m.validateSucceed(p?.at)), description: 'The success criteria were met at `at`.' },
  );

  setHandler(cancelSignal, (p) => {
    if (!m.cancel(p?.at ?? '', p?.reason || 'canceled', Date.now())) log.info('cancel ignored: the KPI is already closed', { state: m.state });
  });

  setHandler(applyCalendarSignal, (p) => {
    m.applyCalendar(p?.calendar ?? null, Date.now());
  });

  const context = (): ActionContext => ({
    instanceId: input.instanceId,
    caseId: input.caseId,
    caseNumber: input.caseNumber,
    caseTitle: input.caseTitle,
    kpi: input.kpi,
    itemName: input.itemName,
    slaName: input.slaName,
    zone: m.labels.zone,
    warningAt: m.warningAt === null ? null : iso(m.warningAt),
    failureAt: m.failureAt === null ? null : iso(m.failureAt),
  });

  function dueText(phase: DuePhase): string {
    const l = m.labels;
    return `${phase === 'warning' ? 'Warning' : 'Failure'}: ${label} due ${(phase === 'warning' ? l.warning : l.failure) ?? '?'}`;
  }

  function showDetails(status: KpiStatus): void {
    const l = m.labels;
    const due = m.nextDue();
    const lines = [
      `**${label}** · ${input.caseNumber} · ${input.slaName} / ${input.itemName}`,
      '',
      `- State: **${STATE_LABELS[status.state]}**${status.endReason ? ` (${status.endReason})` : ''}`,
      `- Next: ${m.closed ? 'nothing (ended)' : m.paused ? `clock paused since ${status.pausedSince}; deadlines move on resume` : due ? dueText(due.phase) : 'waiting for a late success or cancel'}`,
      `- Warning: ${l.warning ?? 'none'}${status.warnedAt ? ` (reached ${status.warnedAt})` : ''}`,
      `- Failure: ${l.failure ?? 'not computed yet'}${status.failedAt ? ` (reached ${status.failedAt})` : ''}`,
      `- Paused: ${Math.round(status.pausedBusinessMinutes * 100) / 100} business min in ${status.pauses.filter((p) => p.to).length} pause(s)`,
      ...(status.succeededAt ? [`- Succeeded: ${status.succeededAt}`] : []),
      ...(status.lateSucceededAt ? [`- Late success: ${status.lateSucceededAt}`] : []),
      `- Actions run: ${status.actionsRun.length}`,
      ...(calendarProblem ? [`- **Deadlines cannot be computed:** ${calendarProblem}. Apply a valid calendar version (applyCalendar) or cancel.`] : []),
    ];
    setCurrentDetails(lines.join('\n'));
  }

  function upsertAttributes(status: KpiStatus): void {
    upsertSearchAttributes([
      { key: SA.caseId, value: input.caseId },
      { key: SA.caseNumber, value: input.caseNumber },
      { key: SA.kpi, value: input.kpi },
      { key: SA.state, value: status.state },
      { key: SA.warningAt, value: status.warningAt ? new Date(status.warningAt) : null },
      { key: SA.failureAt, value: status.failureAt ? new Date(status.failureAt) : null },
      { key: SA.breached, value: m.breached },
    ]);
  }

  async function record(t: KpiTransition): Promise<void> {
    m.seq += 1;
    const status = m.status();
    showDetails(status);
    upsertAttributes(status);
    const l = m.labels;
    const when = t.kind === 'started' || t.kind === 'resumed' || t.kind === 'calendar_applied' || t.kind === 'warning' ? ` (failure due ${l.failure})` : '';
    const summary = `SLA ${label}: ${TRANSITION_TEXT[t.kind]}${when}`;
    await mirrorInstance.executeWithOptions({ summary: `Record: ${input.caseNumber} ${label} ${TRANSITION_TEXT[t.kind]}` }, [
      {
        seq: m.seq,
        status,
        transition: { kind: t.kind, at: iso(t.at), summary, note: t.note },
        instance: {
          instanceId: input.instanceId,
          caseId: input.caseId,
          slaId: input.slaId,
          slaItemId: input.slaItemId,
          kpi: input.kpi,
          generation: input.generation,
          itemName: input.itemName,
          warningMinutes: input.warningMinutes,
          failureMinutes: input.failureMinutes,
          calendar: m.calendar,
        },
      },
    ]);
  }

  async function deliver(outboxId: string, summary: string): Promise<void> {
    pendingDeliveries += 1;
    try {
      await deliverEmail.executeWithOptions({ summary: `Deliver: ${summary}` }, [outboxId]);
    } catch (err) {
      if (!(err instanceof ActivityFailure)) throw err;
      log.warn('email not delivered; it stays in the outbox', { outboxId, error: err.cause?.message ?? err.message });
    } finally {
      pendingDeliveries -= 1;
    }
  }

  /** This instance exactly as it stands, for the next run (see `KpiWorkflowInput.carried`). */
  function carriedInput(): KpiWorkflowInput {
    return { ...input, calendar: m.calendar, pauses: m.status().pauses, carried: m.carry() };
  }

  async function runPhase(phase: ActionPhase, at: number): Promise<void> {
    const actions = input.actions[phase] ?? [];
    // Imported case: a phase that came due before the import is recorded, not run. Only clocks started
    // by an import carry `importedAt` (no recorded history does), so this needs no patch.
    const dueAt = phase === 'warning' ? m.warningAt : phase === 'failure' ? m.failureAt : at;
    const notRun = dueBeforeImport(input.importedAt, dueAt) ? DUE_BEFORE_IMPORT : undefined;
    for (const [index, action] of actions.entries()) {
      if (m.isCanceled) break; // a canceled case gets no further actions (spec §2.11)
      const summary = actionSummary(action, { caseNumber: input.caseNumber, kpiLabel: label, phase });
      let note: string | undefined;
      try {
        const result = await runAction.executeWithOptions({ summary: notRun ? `Not run (${notRun}): ${summary}` : summary }, [
          { key: `${input.instanceId}:${phase}:${index}`, phase, index, action, at: iso(at), context: context(), ...(notRun ? { notRun } : {}) },
        ]);
        note = result.note;
        if (result.outboxId) deliveries.push(deliver(result.outboxId, summary));
      } catch (err) {
        if (!(err instanceof ActivityFailure)) throw err;
        note = `failed: ${err.cause?.message ?? err.message}`;
        log.warn('SLA action failed permanently; continuing', { phase, index, type: action.type, error: note });
      }
      m.recordAction({ phase, index, type: action.type, at: iso(at), ...(note ? { note } : {}) });
    }
  }

  function computeDeadlinesNow() {
    return computeDeadlines.executeWithOptions(
      { summary: `Compute deadlines: ${input.caseNumber} ${label} (${m.calendar ? `calendar v${m.calendar.version}` : '24x7'})` },
      [
        {
          calendar: m.calendar,
          applicableFrom: input.applicableFrom,
          warningMinutes: input.warningMinutes,
          failureMinutes: input.failureMinutes,
          pauses: m.closedPauseIntervals(),
        },
      ],
    );
  }

  if (input.carried) showDetails(m.status());

  for (;;) {
    if (m.deadlinesStale && m.deadlinesEpoch !== unusableCalendarEpoch) {
      const epoch = m.deadlinesEpoch;
      try {
        m.applyDeadlines(await computeDeadlinesNow(), epoch);
      } catch (err) {
        if (!(err instanceof ActivityFailure)) throw err;
        unusableCalendarEpoch = epoch;
        calendarProblem = err.cause?.message ?? err.message;
        log.error('cannot compute the SLA deadlines; waiting for another calendar version', { error: calendarProblem });
        showDetails(m.status());
        continue;
      }
      calendarProblem = null;
      continue;
    }
    const transition = m.takeTransition();
    if (transition) {
      await record(transition);
      if (transition.runs) await runPhase(transition.runs, transition.at);
      continue;
    }
    recordedVersion = m.version;
    if (m.closed) break;

    const now = Date.now();
    const due = m.nextDue();
    if (due && due.at <= m.dueHorizon(now)) {
      m.fire(due.phase, now); // also deadlines already past at start (spec §2.9)
      continue;
    }
    const seen = m.version;
    // Quiescent: deadlines current (or unusable), every transition recorded, no action phase running,
    // nothing due now. Only taken when the history is long, so recorded histories replay unchanged.
    if (m.canCarryOver && continueAsNewDue()) {
      const ready = () => pendingDeliveries === 0 && allHandlersFinished();
      if (ready()) {
        log.info('continuing as new (history safety valve)', { historyLength: workflowInfo().historyLength, seq: m.seq });
        await continueAsNew<typeof slaKpiWorkflow>(carriedInput());
      }
      // Wait for deliveries and handlers, but handle any message or due instant first; then look again.
      if (due && !m.paused) await condition(() => m.version !== seen || ready(), due.at - now, { summary: dueText(due.phase) });
      else await condition(() => m.version !== seen || ready());
      continue;
    }
    if (due && !m.paused) await condition(() => m.version !== seen, due.at - now, { summary: dueText(due.phase) });
    else await condition(() => m.version !== seen);
  }

  await Promise.all(deliveries);
  await condition(allHandlersFinished);
  return m.status();
}
