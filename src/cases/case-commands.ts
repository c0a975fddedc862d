import type { Db, Tx } from '../../db/client.js';
import { caseActivities, type CaseStatus } from '../../db/schema/index.js';
import { conflict } from '../errors.js';
import { activityTotals } from '../case-activities/activity-totals.js';
import { closeOpenItem } from '../queues/queue-items.js';
import type { CaseDraft, CaseRow } from './case-lifecycle.js';
import { assertTransition, type CaseCommand } from './case-status.js';
import { assertActive, checkEventTime, lockCase, recordCaseEvent, writeCase, type CaseEvents } from './case-store.js';
import { actorColumns, type Actor } from '../audit/actor.js';

/**
 * Status commands on a case (see case-status.ts for the state machine). Each runs in one transaction:
 * lock the case (If-Match → 412), check the transition (409) and the reported instant `at` (422), write
 * the case and a case event, then tell the lifecycle listeners with `at` so SLA clocks use the instant the
 * integrator reported. The caller runs `afterCommit`. The command's actor is recorded on its case event.
 */
interface Command {
  id: string;
  at: Date;
  expectedVersion?: number;
  actor: Actor;
}

type TransitionEvent = 'onStatusChanged' | 'onResolved' | 'onCancelled' | 'onReopened';

/**
 * The skeleton every status command shares. `apply` runs after the checks and returns what to write on
 * the case plus the case event (kind, summary, extra data; `from` and `to` are added).
 */
async function transition(
  db: Db,
  events: CaseEvents,
  cmd: Command,
  move: { to: CaseStatus; command: CaseCommand; listener: TransitionEvent },
  apply: (tx: Tx, before: CaseRow, at: Date) => Promise<{ set: Partial<CaseDraft>; kind: string; summary: string; data?: Record<string, unknown> }>,
  now: Date,
): Promise<CaseRow> {
  return db.transaction(async (tx) => {
    const before = await lockCase(tx, cmd.id, cmd.expectedVersion);
    assertTransition(before.status, move.to, move.command);
    const at = await checkEventTime(tx, before, cmd.at, now, { statusChange: true });
    const change = await apply(tx, before, at);
    const after = await writeCase(tx, before, { ...change.set, status: move.to }, now);
    await recordCaseEvent(
      tx,
      { caseId: cmd.id, kind: change.kind, summary: change.summary, data: { from: before.status, to: move.to, ...change.data }, occurredAt: at, actor: cmd.actor },
      now,
    );
    await events.emit(move.listener, tx, before, after, at, cmd.actor);
    return after;
  });
}

export function changeStatus(db: Db, events: CaseEvents, cmd: Command & { status: CaseStatus }, now: Date): Promise<CaseRow> {
  return transition(
    db,
    events,
    cmd,
    { to: cmd.status, command: 'status', listener: 'onStatusChanged' },
    async (_tx, before) => ({ set: {}, kind: 'status_changed', summary: `Status ${before.status} → ${cmd.status}` }),
    now,
  );
}

/**
 * Resolves a case: records a `resolution` activity with the resolution text and the case's total and
 * billable minutes, takes the case out of its queue, and ends its SLA clocks (listeners).
 */
export function resolveCase(db: Db, events: CaseEvents, cmd: Command & { resolution: string }, now: Date): Promise<CaseRow> {
  return transition(
    db,
    events,
    cmd,
    { to: 'resolved', command: 'resolve', listener: 'onResolved' },
    async (tx, before, at) => {
      const totals = await activityTotals(tx, cmd.id);
      await closeOpenItem(tx, cmd.id, now);
      const [activity] = await tx
        .insert(caseActivities)
        .values({ caseId: cmd.id, kind: 'resolution', subject: cmd.resolution, state: 'completed', durationMinutes: 0, billable: false, ...totals, occurredAt: at, createdAt: now, ...actorColumns(cmd.actor) })
        .returning({ id: caseActivities.id });
      return {
        set: { resolvedAt: at, queueId: null },
        kind: 'resolved',
        summary: `Resolved: ${cmd.resolution}`,
        data: { resolution: cmd.resolution, activityId: activity.id, ...totals, leftQueueId: before.queueId },
      };
    },
    now,
  );
}

/** Cancels a case: it leaves its queue and its SLA clocks stop without actions (spec §2.11). */
export function cancelCase(db: Db, events: CaseEvents, cmd: Command & { reason: string }, now: Date): Promise<CaseRow> {
  return transition(
    db,
    events,
    cmd,
    { to: 'cancelled', command: 'cancel', listener: 'onCancelled' },
    async (tx, before, at) => {
      await closeOpenItem(tx, cmd.id, now);
      return { set: { cancelledAt: at, queueId: null }, kind: 'cancelled', summary: `Cancelled: ${cmd.reason}`, data: { reason: cmd.reason, leftQueueId: before.queueId } };
    },
    now,
  );
}

/**
 * Reopens a resolved or cancelled case: back to in_progress, resolvedAt/cancelledAt cleared. Its history
 * stays: the first response, the resolution activity, the breached flag and the activities' minutes.
 * It does not go back into a queue. SLA listeners decide which KPIs start again (`onReopened`).
 */
export function reopenCase(db: Db, events: CaseEvents, cmd: Command & { reason?: string | null }, now: Date): Promise<CaseRow> {
  return transition(
    db,
    events,
    cmd,
    { to: 'in_progress', command: 'reopen', listener: 'onReopened' },
    async () => ({
      set: { resolvedAt: null, cancelledAt: null },
      kind: 'reopened',
      summary: `Reopened${cmd.reason ? `: ${cmd.reason}` : ''}`,
      data: { reason: cmd.reason ?? null },
    }),
    now,
  );
}

/**
 * Records the case's first response at `at` (once: a second one is 409 FIRST_RESPONSE_ALREADY_RECORDED).
 * Called by the first-response endpoint and, implicitly, when an outgoing email or phone call is logged.
 */
export async function markFirstResponse(
  tx: Tx,
  events: CaseEvents,
  before: CaseRow,
  at: Date,
  source: { kind: 'api' } | { kind: 'activity'; activityId: string; activityKind: string },
  now: Date,
  actor: Actor,
): Promise<CaseRow> {
  assertActive(before);
  if (before.firstResponseAt) {
    throw conflict('FIRST_RESPONSE_ALREADY_RECORDED', `Case ${before.number} already had its first response at ${before.firstResponseAt.toISOString()}.`, {
      firstResponseAt: before.firstResponseAt.toISOString(),
    });
  }
  const after = await writeCase(tx, before, { firstResponseAt: at }, now);
  const summary = source.kind === 'activity' ? `First response (${source.activityKind.replace('_', ' ')})` : 'First response recorded';
  await recordCaseEvent(tx, { caseId: before.id, kind: 'first_response', summary, data: source.kind === 'activity' ? { source: 'activity', activityId: source.activityId, activityKind: source.activityKind } : { source: 'api' }, occurredAt: at, actor }, now);
  await events.emit('onFirstResponse', tx, after, at, actor);
  return after;
}

export async function recordFirstResponse(db: Db, events: CaseEvents, cmd: Command, now: Date): Promise<CaseRow> {
  return db.transaction(async (tx) => {
    const before = await lockCase(tx, cmd.id, cmd.expectedVersion);
    assertActive(before);
    const at = await checkEventTime(tx, before, cmd.at, now, { statusChange: false });
    return markFirstResponse(tx, events, before, at, { kind: 'api' }, now, cmd.actor);
  });
}
