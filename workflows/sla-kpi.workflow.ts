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
 * Cheap clock (patch CHEAP_CLOCK_PATCH; runs without its marker keep the first command sequence, so
 * their recorded histories replay unchanged):
 * - Started by the API with `recordedStart` (deadlines computed and 'started' recorded in the case's
 *   transaction, every search attribute set at start): nothing to compute or write, the first workflow
 *   task ends with the first timer (7 events: the patch marker and the SDK's TemporalChangeVersion
 *   upsert with it; no activity).
 * - `computeDeadlines` (pure, short) is a local activity: a marker in the history, no task-queue trip.
 * - Search attributes are upserted only when a value changes (compared with those it started with).
 * - Before a warning or failure fires, a local activity reads the commands the API committed for this
 *   instance but has not delivered yet (src/sla/late-commands.ts): a pause, success or cancel that
 *   happened before the due instant is applied at its own instant, so late delivery never fires a
 *   warning inside a hold (spec §2.8); the late delivery itself is then answered, not re-applied.
 * - Update handlers answer as soon as the machine has the change (resume and succeed: with current
 *   deadlines); they never wait for a database write. Transitions caused by messages are mirrored by an
 *   activity (the update's answer goes out with the task that schedules it); those the clock reaches by
 *   itself (started, warning, failed) by a local activity, in the workflow task of the timer that fired.
 * - A phase's actions are scheduled together (one workflow task for all of them, side by side with the
 *   transition's record) and recorded in their order. They stay activities: they change cases under a
 *   row lock and may wait on it, and a worker shutting down cancels them (a local activity would hold
 *   the workflow task). With patch BATCHED_ACTIONS_PATCH (asked at the first phase that has actions)
 *   they are one `runActions` activity that also delivers their emails; `deliverEmail` is scheduled
 *   only for an email it could not deliver.
 *
 * Stale-pause alert (patch STALE_PAUSE_PATCH, asked only by clocks whose item configures one, so no
 * recorded history of a clock without it changes): while paused, one timer until the pause has lasted the
 * item's threshold (business time: a local activity computes the instant on the pinned calendar, once per
 * pause and calendar; calendar time: plain arithmetic), then a 'pause_stale' transition is recorded like
 * 'warning' (mirror: case timeline `sla.pause_stale`) and the alert's actions run with keys
 * `${instanceId}:pause_stale:${pauseOrdinal}:${index}`: once per pause. A resume before it cancels the timer.
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
  currentUpdateInfo,
  log,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setCurrentDetails,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { ActionContext, RunActionsOutcome, SlaActivities } from '../activities/index.js';
import type { SlaActionDefinition } from '../db/schema/slas.js';
import { actionSummary } from '../src/sla/action-summary.js';
import { DUE_BEFORE_IMPORT, dueBeforeImport } from '../src/sla/import-cutoff.js';
import { dueText, kpiDetails } from '../src/sla/kpi-details.js';
import { KpiMachine, type ActionPhase, type DuePhase, type KpiTransition, type KpiTransitionKind } from '../src/sla/kpi-state.js';
import { TRANSITION_TEXT, transitionSummary } from '../src/sla/kpi-transition-text.js';
import { LateCommands } from '../src/sla/late-commands.js';
import { kpiLabel } from '../src/sla/kpis.js';
import { calendarTimeAlertAt, stalePauseNote } from '../src/sla/stale-pause.js';
import { slaSearchAttributes as SA } from '../src/temporal/search-attributes.js';
import {
  applyCalendarSignal,
  cancelSignal,
  KPI_TRANSITION_REJECTED,
  pauseUpdate,
  resumeUpdate,
  statusQuery,
  succeedUpdate,
  type KpiStatus,
  type KpiWorkflowInput,
  type StalePauseSetting,
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
// A phase's actions in one activity (BATCHED_ACTIONS_PATCH): up to one inline email delivery each.
const { runActions } = proxyActivities<SlaActivities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '2 minutes' },
});
// Cheap clock: the same activities run inside the workflow task (markers in the history).
const local = proxyLocalActivities<SlaActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});
// SMTP outages: retry for about four hours; the outbox row keeps the last error.
const { deliverEmail } = proxyActivities<SlaActivities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes', maximumAttempts: 30 },
});

const iso = (ms: number) => new Date(ms).toISOString();

/** See the header: runs with this marker take the cheap-clock command sequence. */
export const CHEAP_CLOCK_PATCH = 'sla-kpi-cheap-clock';
/** See the header: clocks with a stale-pause alert that carry this marker fire it. */
export const STALE_PAUSE_PATCH = 'sla-kpi-stale-pause-alert';
/**
 * Runs with this marker run a phase's actions as one `runActions` activity that also delivers their
 * emails (activities/action-batch.activities.ts): one task-queue round trip per phase instead of one
 * per action plus one per email. Asked at the first phase with actions, so earlier commands are as before.
 */
export const BATCHED_ACTIONS_PATCH = 'sla-kpi-batched-actions';
/** Transitions the clock reaches by itself: mirrored by a local activity (no update is waiting on them). */
const MIRRORED_LOCALLY: ReadonlySet<KpiTransitionKind> = new Set(['started', 'warning', 'failed', 'pause_stale']);
/** How long a run that applied undelivered commands stays open for their deliveries before it ends. */
const LATE_DELIVERY_GRACE = '10 minutes';
type SearchValue = string | number | boolean | null;
const searchValue = (v: unknown): SearchValue => (v instanceof Date ? v.getTime() : v === undefined ? null : (v as SearchValue));

/** Belt and braces next to the server's `continueAsNewSuggested` (4,096 events by default). */
export const CONTINUE_AS_NEW_HISTORY_LENGTH = 2_000;

function continueAsNewDue(): boolean {
  const info = workflowInfo();
  return info.continueAsNewSuggested || info.historyLength > CONTINUE_AS_NEW_HISTORY_LENGTH;
}

/** Why an activity failed for good (a local activity's failure arrives unwrapped), or null for any other error. */
function activityFailureMessage(err: unknown): string | null {
  if (err instanceof ActivityFailure) return err.cause?.message ?? err.message;
  if (err instanceof ApplicationFailure) return err.message;
  return null;
}

function rejectIf(reason: string | null): void {
  if (reason) throw ApplicationFailure.create({ type: KPI_TRANSITION_REJECTED, message: reason, nonRetryable: true });
}

export async function slaKpiWorkflow(input: KpiWorkflowInput): Promise<KpiStatus> {
  const cheap = patched(CHEAP_CLOCK_PATCH);
  const stalePause: StalePauseSetting | null = input.stalePause && patched(STALE_PAUSE_PATCH) ? input.stalePause : null;
  /** When the current pause's alert fires: computed once per pause and calendar version. */
  let staleAlert = null as { ordinal: number; from: number; calendar: KpiWorkflowInput['calendar']; at: number } | null;
  const m = new KpiMachine(input, workflowInfo().workflowId, Date.now());
  /** The API computed the deadlines and recorded 'started' (mirror seq 1); a continued run never has it. */
  const recordedStart = cheap && !input.carried ? input.recordedStart : undefined;
  if (recordedStart) m.applyDeadlines(recordedStart.deadlines, m.deadlinesEpoch);
  const late = new LateCommands();
  /** Search attribute values as the server has them (cheap clock: upsert only what changed). */
  const shownAttributes = new Map<string, SearchValue>();
  if (cheap) for (const { key, value } of workflowInfo().typedSearchAttributes.getAll()) shownAttributes.set(key.name, searchValue(value));
  const label = kpiLabel(input.kpi);
  const deliveries: Promise<void>[] = [];
  let pendingDeliveries = 0;
  /** The machine version the main loop has fully recorded; update handlers wait for it. */
  let recordedVersion = -1;
  const recorded = (version: number) => condition(() => recordedVersion >= version);
  /** A calendar the deadlines cannot be computed with (non-retryable error) waits for a new version or cancel. */
  let unusableCalendarEpoch = -1;
  /** BATCHED_ACTIONS_PATCH, decided once, at the first phase that has actions. */
  let batchedActions: boolean | undefined;
  let calendarProblem: string | null = null;

  setHandler(statusQuery, () => m.status());

  /** Validators: a late delivery of a command already applied from the outbox is accepted as it is. */
  const acceptLate = () => cheap && late.isApplied(currentUpdateInfo()?.id);
  const deadlinesSettled = () => condition(() => !m.deadlinesStale || m.closed || m.deadlinesEpoch === unusableCalendarEpoch);

  setHandler(
    pauseUpdate,
    async ({ at }) => {
      if (cheap && late.arrive(currentUpdateInfo()?.id).late) return m.status();
      m.pause(at);
      if (!cheap) await recorded(m.version);
      return m.status();
    },
    { validator: (p) => acceptLate() || rejectIf(m.validatePause(p?.at)), description: 'Pause the clock (the case entered a pausing status).' },
  );

  setHandler(
    resumeUpdate,
    async ({ at }) => {
      const arrival = cheap ? late.arrive(currentUpdateInfo()?.id) : { late: false };
      if (!arrival.late) m.resume(at);
      // The result carries the recomputed deadlines.
      if (cheap) await deadlinesSettled();
      else await recorded(m.version);
      return m.status();
    },
    { validator: (p) => acceptLate() || rejectIf(m.validateResume(p?.at)), description: 'Resume the clock; the deadlines move by the paused business time.' },
  );

  setHandler(
    succeedUpdate,
    async ({ at, reason }) => {
      if (cheap) {
        const arrival = late.arrive(currentUpdateInfo()?.id);
        if (arrival.late) return arrival.answer!;
      }
      // On time or late is decided against current deadlines (e.g. right after a resume).
      await deadlinesSettled();
      rejectIf(m.validateSucceed(at));
      const result = m.succeed(at, reason || 'success criteria met');
      if (!cheap) await recorded(m.version);
      return result;
    },
    { validator: (p) => acceptLate() || rejectIf(m.validateSucceed(p?.at)), description: 'The success criteria were met at `at`.' },
  );

  setHandler(cancelSignal, (p) => {
    late.cancelArrived();
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

  const dueSummary = (phase: DuePhase) => dueText(m, label, phase);
  const showDetails = (status: KpiStatus) => setCurrentDetails(kpiDetails(m, input, label, status, calendarProblem));

  function upsertAttributes(status: KpiStatus): void {
    const pairs = [
      { key: SA.caseId, value: input.caseId },
      { key: SA.caseNumber, value: input.caseNumber },
      { key: SA.kpi, value: input.kpi },
      { key: SA.state, value: status.state },
      { key: SA.warningAt, value: status.warningAt ? new Date(status.warningAt) : null },
      { key: SA.failureAt, value: status.failureAt ? new Date(status.failureAt) : null },
      { key: SA.breached, value: m.breached },
    ];
    if (!cheap) return upsertSearchAttributes(pairs);
    const changed = pairs.filter((p) => shownAttributes.get(p.key.name) !== searchValue(p.value));
    if (changed.length === 0) return;
    upsertSearchAttributes(changed);
    for (const p of changed) shownAttributes.set(p.key.name, searchValue(p.value));
  }

  async function record(t: KpiTransition): Promise<void> {
    m.seq += 1;
    const status = m.status();
    showDetails(status);
    upsertAttributes(status);
    if (t.kind === 'started' && recordedStart) return; // the API recorded it (seq 1)
    const summary = transitionSummary(t.kind, label, m.labels.failure);
    const mirror = cheap && MIRRORED_LOCALLY.has(t.kind) ? local.mirrorInstance : mirrorInstance;
    await mirror.executeWithOptions({ summary: `Record: ${input.caseNumber} ${label} ${TRANSITION_TEXT[t.kind]}` }, [
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
      const error = activityFailureMessage(err);
      if (error === null) throw err;
      log.warn('email not delivered; it stays in the outbox', { outboxId, error });
    } finally {
      pendingDeliveries -= 1;
    }
  }

  /** This instance exactly as it stands, for the next run (see `KpiWorkflowInput.carried`). */
  function carriedInput(): KpiWorkflowInput {
    const { recordedStart: _started, ...rest } = input;
    return { ...rest, calendar: m.calendar, pauses: m.status().pauses, carried: m.carry() };
  }

  type ActionRun = KpiStatus['actionsRun'][number];

  // A stale-pause alert runs once per pause: the pause's ordinal is part of its key.
  const actionKey = (phase: ActionPhase, index: number, pause?: number) =>
    phase === 'pause_stale' ? `${input.instanceId}:pause_stale:${pause}:${index}` : `${input.instanceId}:${phase}:${index}`;

  /** A phase's actions as one activity (BATCHED_ACTIONS_PATCH); the runs in their order. */
  async function runBatch(phase: ActionPhase, actions: SlaActionDefinition[], at: number, notRun: string | undefined, pause?: number): Promise<ActionRun[]> {
    const summaries = actions.map((action) => actionSummary(action, { caseNumber: input.caseNumber, kpiLabel: label, phase }));
    const inputs = actions.map((action, index) => ({ key: actionKey(phase, index, pause), phase, index, action, at: iso(at), context: context(), ...(notRun ? { notRun } : {}) }));
    let outcomes: RunActionsOutcome[];
    try {
      outcomes = await runActions.executeWithOptions({ summary: `${notRun ? `Not run (${notRun}): ` : ''}${summaries.join(' · ')}` }, [inputs]);
    } catch (err) {
      const error = activityFailureMessage(err);
      if (error === null) throw err;
      outcomes = inputs.map(() => ({ error }));
    }
    return actions.map((action, index) => {
      const outcome = outcomes[index];
      let note: string | undefined;
      if ('error' in outcome) {
        note = `failed: ${outcome.error}`;
        log.warn('SLA action failed permanently; continuing', { phase, index, type: action.type, error: note });
      } else {
        note = outcome.note;
        if (outcome.outboxId && !outcome.delivered) deliveries.push(deliver(outcome.outboxId, summaries[index]));
      }
      return { phase, index, type: action.type, at: iso(at), ...(note ? { note } : {}), ...(pause ? { pause } : {}) };
    });
  }

  async function runOne(
    phase: ActionPhase,
    index: number,
    action: SlaActionDefinition,
    at: number,
    notRun: string | undefined,
    pause?: number,
  ): Promise<ActionRun> {
    const summary = actionSummary(action, { caseNumber: input.caseNumber, kpiLabel: label, phase });
    const key = actionKey(phase, index, pause);
    let note: string | undefined;
    try {
      const result = await runAction.executeWithOptions({ summary: notRun ? `Not run (${notRun}): ${summary}` : summary }, [
        { key, phase, index, action, at: iso(at), context: context(), ...(notRun ? { notRun } : {}) },
      ]);
      note = result.note;
      if (result.outboxId) deliveries.push(deliver(result.outboxId, summary));
    } catch (err) {
      const error = activityFailureMessage(err);
      if (error === null) throw err;
      note = `failed: ${error}`;
      log.warn('SLA action failed permanently; continuing', { phase, index, type: action.type, error: note });
    }
    return { phase, index, type: action.type, at: iso(at), ...(note ? { note } : {}), ...(pause ? { pause } : {}) };
  }

  /** The phase's actions: one after the other, or (cheap clock) all at once, recorded in their order. */
  async function runPhase(phase: ActionPhase, at: number, pause?: number): Promise<void> {
    const actions = phase === 'pause_stale' ? (stalePause?.actions ?? []) : (input.actions[phase] ?? []);
    // Imported case: a phase that came due before the import is recorded, not run. Only clocks started
    // by an import carry `importedAt` (no recorded history does), so this needs no patch.
    const dueAt = phase === 'warning' ? m.warningAt : phase === 'failure' ? m.failureAt : at;
    const notRun = dueBeforeImport(input.importedAt, dueAt) ? DUE_BEFORE_IMPORT : undefined;
    if (cheap) {
      if (m.isCanceled) return; // a canceled case gets no further actions (spec §2.11)
      if (actions.length > 0 && (batchedActions ??= patched(BATCHED_ACTIONS_PATCH))) {
        for (const run of await runBatch(phase, actions, at, notRun, pause)) m.recordAction(run);
        return;
      }
      for (const run of await Promise.all(actions.map((action, index) => runOne(phase, index, action, at, notRun, pause)))) m.recordAction(run);
      return;
    }
    for (const [index, action] of actions.entries()) {
      if (m.isCanceled) break;
      m.recordAction(await runOne(phase, index, action, at, notRun));
    }
  }

  function computeDeadlinesNow() {
    return (cheap ? local.computeDeadlines : computeDeadlines).executeWithOptions(
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

  /** The pre-fire check (see the header); true when a command was applied and the loop must look again. */
  async function learnUndelivered(phase: DuePhase, dueAt: number): Promise<boolean> {
    const pending = await local.undeliveredSlaCommands.executeWithOptions(
      { summary: `Check for undelivered case changes before the ${phase}: ${input.caseNumber} ${label}` },
      [{ instanceId: input.instanceId, upTo: iso(dueAt) }],
    );
    return late.apply(m, pending, Date.now());
  }

  /** The instant the stale-pause alert of a pause fires (business time: on the calendar as it stands now). */
  async function stalePauseAlertAt(setting: StalePauseSetting, ordinal: number, from: number): Promise<number> {
    if (setting.time === 'calendar') return calendarTimeAlertAt(from, setting.afterMinutes);
    try {
      const at = await local.stalePauseAlertAt.executeWithOptions(
        { summary: `Compute the stale-pause alert instant: ${input.caseNumber} ${label} pause ${ordinal}` },
        [{ calendar: m.calendar, pausedFrom: iso(from), afterMinutes: setting.afterMinutes, time: setting.time }],
      );
      return Date.parse(at);
    } catch (err) {
      const error = activityFailureMessage(err);
      if (error === null) throw err;
      log.error('cannot compute the stale-pause alert in business time; using calendar time', { error });
      return calendarTimeAlertAt(from, setting.afterMinutes);
    }
  }

  if (input.carried) showDetails(m.status());

  for (;;) {
    if (m.deadlinesStale && m.deadlinesEpoch !== unusableCalendarEpoch) {
      const epoch = m.deadlinesEpoch;
      try {
        m.applyDeadlines(await computeDeadlinesNow(), epoch);
      } catch (err) {
        const error = activityFailureMessage(err);
        if (error === null) throw err;
        unusableCalendarEpoch = epoch;
        calendarProblem = error;
        log.error('cannot compute the SLA deadlines; waiting for another calendar version', { error: calendarProblem });
        showDetails(m.status());
        continue;
      }
      calendarProblem = null;
      continue;
    }
    const transition = m.takeTransition();
    if (transition) {
      // Cheap clock: the transition's record and its actions run side by side (one workflow task).
      if (cheap && transition.runs) await Promise.all([record(transition), runPhase(transition.runs, transition.at, transition.pause)]);
      else {
        await record(transition);
        if (transition.runs) await runPhase(transition.runs, transition.at);
      }
      continue;
    }
    recordedVersion = m.version;
    if (m.closed) break;

    const now = Date.now();
    const due = m.nextDue();
    if (due && due.at <= m.dueHorizon(now)) {
      if (cheap) {
        // A message handled while the check ran (e.g. the success it would have found) changes what is due.
        const before = m.version;
        if ((await learnUndelivered(due.phase, due.at)) || m.version !== before) continue;
      }
      m.fire(due.phase, Date.now()); // also deadlines already past at start (spec §2.9)
      continue;
    }
    const staleDue = stalePause ? m.stalePauseDue() : null;
    if (stalePause && staleDue) {
      if (!staleAlert || staleAlert.ordinal !== staleDue.ordinal || staleAlert.from !== staleDue.from || staleAlert.calendar !== m.calendar) {
        const calendar = m.calendar;
        staleAlert = { ...staleDue, calendar, at: await stalePauseAlertAt(stalePause, staleDue.ordinal, staleDue.from) };
        continue; // a message may have arrived meanwhile
      }
      if (staleAlert.at <= now) {
        // Recorded at the instant the pause became stale (as due instants are), whenever the timer ran.
        m.firePauseStale(staleDue.ordinal, staleAlert.at, stalePauseNote(staleDue.ordinal, iso(staleDue.from), stalePause));
        continue;
      }
    }
    // While running: the next deadline; while paused: the stale-pause alert, if any.
    const wake =
      due && !m.paused
        ? { at: due.at, summary: dueSummary(due.phase) }
        : staleDue && staleAlert
          ? { at: staleAlert.at, summary: `Stale-pause alert: ${label} paused since ${iso(staleDue.from)}, alert at ${iso(staleAlert.at)}` }
          : null;
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
      if (wake) await condition(() => m.version !== seen || ready(), wake.at - now, { summary: wake.summary });
      else await condition(() => m.version !== seen || ready());
      continue;
    }
    if (wake) await condition(() => m.version !== seen, wake.at - now, { summary: wake.summary });
    else await condition(() => m.version !== seen);
  }

  await Promise.all(deliveries);
  // Commands applied from the outbox: their deliveries are answered rather than refused as too late.
  if (cheap && late.awaitingDelivery) await condition(() => !late.awaitingDelivery, LATE_DELIVERY_GRACE);
  await condition(allHandlersFinished);
  return m.status();
}
