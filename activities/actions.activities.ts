/**
 * SLA actions (spec §3), each taking effect once per key `${instanceId}:${phase}:${index}` (§2.10):
 * the `sla_action_runs` row (unique `action_key`) is inserted first in the same transaction as the
 * effect, so a retried or replayed activity finds it and does nothing. Emails are only queued here
 * (`email_outbox`, unique idempotency key); `deliverEmail` sends them.
 *
 * Actions that change the case (escalate_to_queue, set_case_field) change it like any other writer, through
 * the case lifecycle (`moveCaseToQueue`, `setCaseField`) in that same transaction: the SLA clock listener
 * re-evaluates success criteria and applicable-when conditions on `queueId` / `fields.*` at once and queues
 * its commands in `sla_commands`; after the commit the dispatcher is only woken. No recursion: listeners
 * queue commands, they never run actions, and a replacement instance carries the warned/failed instants
 * of the one it replaces, so its actions that already ran do not run again.
 *
 * `runAction` runs one action in its own transaction; `runActionsTogether` runs a phase's actions on one
 * case in one transaction (one commit; the re-evaluations share their reads), all or nothing.
 */
import { ApplicationFailure } from '@temporalio/common';
import { asc, eq } from 'drizzle-orm';
import type { Db, Tx } from '../db/client.js';
import { caseEvents, cases, emailOutbox, queues, slaActionRuns } from '../db/schema/index.js';
import type { SlaActionDefinition } from '../db/schema/slas.js';
import { actionSummary, PHASE_WORDS } from '../src/sla/action-summary.js';
import { renderTemplate, type EmailTemplateContext, type InstantText } from '../src/sla/email-template.js';
import { kpiLabel } from '../src/sla/kpis.js';
import type { CaseLifecycle, CaseRow } from '../src/cases/case-lifecycle.js';
import { isActive } from '../src/cases/case-status.js';
import { setCaseField as writeCaseField } from '../src/cases/update-case.js';
import { moveCaseToQueue } from '../src/queues/queue-items.js';
import { actorColumns, SLA_ENGINE } from '../src/audit/actor.js';
import { caseForEmail, resolveRecipients } from './recipients.js';
import type { RunActionInput, RunActionResult } from './types.js';

/** `ApplicationFailure.type` of an action that cannot work as configured (unknown queue, missing case). */
export const SLA_ACTION_CONFIG_ERROR = 'SlaActionConfigError';

export interface ActionDeps {
  db: Db;
  /** When an action takes effect: queue moves, case updates, run records and timeline events use it. */
  clock: () => Date;
  /** Formats an instant in a zone, e.g. `Tue 24 Nov 10:00 Europe/Paris`. */
  formatInstant(ms: number, zone: string): string;
  /** The same case lifecycle (listeners) as the API's: actions that change the case go through it. */
  caseLifecycle: Pick<CaseLifecycle, 'emit' | 'afterCommit'>;
}

/** What an action did, and whether it changed the case (listeners hear of it after the commit). */
interface ActionEffect {
  result: RunActionResult;
  changedCase?: boolean;
}

const configError = (message: string) => ApplicationFailure.create({ type: SLA_ACTION_CONFIG_ERROR, message, nonRetryable: true });

/** The action's case, locked until the transaction ends (as every case command locks it). */
async function lockActionCase(tx: Tx, caseId: string): Promise<CaseRow> {
  const [c] = await tx.select().from(cases).where(eq(cases.id, caseId)).for('update');
  if (!c) throw configError(`Case ${caseId} does not exist`);
  return c;
}

/** Inserts the run record; false when the key already ran (the caller then does nothing). */
async function claimRun(tx: Tx, input: RunActionInput, summary: string, detail: Record<string, unknown>, ranAt: Date): Promise<boolean> {
  const rows = await tx
    .insert(slaActionRuns)
    .values({
      actionKey: input.key,
      instanceId: input.context.instanceId,
      caseId: input.context.caseId,
      phase: input.phase,
      kind: input.action.type,
      summary,
      detail: { ...detail, dueAt: input.at },
      ranAt,
    })
    .onConflictDoNothing({ target: slaActionRuns.actionKey })
    .returning({ id: slaActionRuns.id });
  return rows.length > 0;
}

async function timelineEvent(
  tx: Tx,
  input: RunActionInput,
  summary: string,
  data: Record<string, unknown>,
  occurredAt: Date,
  kind = `sla.action.${input.action.type}`,
): Promise<void> {
  await tx
    .insert(caseEvents)
    .values({
      caseId: input.context.caseId,
      kind,
      summary,
      data: { ...data, actionKey: input.key, instanceId: input.context.instanceId, kpi: input.context.kpi, phase: input.phase, dueAt: input.at },
      dedupeKey: `sla-action:${input.key}`,
      occurredAt,
      ...actorColumns(SLA_ENGINE),
    })
    .onConflictDoNothing({ target: caseEvents.dedupeKey });
}

export function createActionActivities(deps: ActionDeps) {
  const { db, clock, caseLifecycle } = deps;

  const instantText = (iso: string | null, zone: string): InstantText | null => {
    if (!iso) return null;
    const ms = Date.parse(iso);
    return { local: deps.formatInstant(ms, zone), utc: deps.formatInstant(ms, 'UTC'), iso: new Date(ms).toISOString() };
  };

  async function sendEmail(tx: Tx, input: RunActionInput, action: Extract<SlaActionDefinition, { type: 'send_email' }>): Promise<ActionEffect> {
    const c = await caseForEmail(tx, input.context.caseId);
    if (!c) throw configError(`Case ${input.context.caseId} does not exist`);
    const recipients = await resolveRecipients(tx, c, action.to);
    const ctx: EmailTemplateContext = {
      case: { number: c.number, title: c.title },
      kpi: kpiLabel(input.context.kpi),
      item: input.context.itemName,
      sla: input.context.slaName,
      phase: input.phase,
      zone: input.context.zone,
      warningAt: instantText(input.context.warningAt, input.context.zone),
      failureAt: instantText(input.context.failureAt, input.context.zone),
    };
    const subject = renderTemplate(action.subject, ctx).replace(/[\r\n]+/g, ' ');
    const body = renderTemplate(action.body, ctx);
    const note = recipients.skipped.length ? `skipped ${recipients.skipped.join('; ')}` : undefined;
    const summary = recipients.addresses.length
      ? `Email "${subject}" to ${recipients.described.join(', ')}`
      : `Email "${subject}" not sent: no recipient (${recipients.skipped.join('; ')})`;
    const at = clock();
    if (!(await claimRun(tx, input, summary, { to: recipients.addresses, skipped: recipients.skipped, subject }, at))) {
      const [existing] = await tx.select({ id: emailOutbox.id }).from(emailOutbox).where(eq(emailOutbox.idempotencyKey, input.key));
      return { result: { applied: false, outboxId: existing?.id, note: 'already ran' } };
    }
    let outboxId: string | undefined;
    if (recipients.addresses.length) {
      const [row] = await tx
        .insert(emailOutbox)
        .values({ idempotencyKey: input.key, to: recipients.addresses, subject, body, createdAt: at })
        .onConflictDoNothing({ target: emailOutbox.idempotencyKey })
        .returning({ id: emailOutbox.id });
      outboxId = row?.id ?? (await tx.select({ id: emailOutbox.id }).from(emailOutbox).where(eq(emailOutbox.idempotencyKey, input.key)))[0]?.id;
    }
    await timelineEvent(tx, input, summary, { to: recipients.addresses, skipped: recipients.skipped, subject, outboxId }, at);
    return { result: { applied: true, outboxId, note } };
  }

  async function escalate(tx: Tx, input: RunActionInput, action: Extract<SlaActionDefinition, { type: 'escalate_to_queue' }>): Promise<ActionEffect> {
    const at = clock();
    const why = `${kpiLabel(input.context.kpi)} ${PHASE_WORDS[input.phase]}`;
    const [target] = action.queue
      ? await tx.select().from(queues).where(eq(queues.name, action.queue))
      : await tx.select().from(queues).where(eq(queues.isEscalation, true)).orderBy(asc(queues.createdAt)).limit(1);
    if (!target) throw configError(action.queue ? `No queue named "${action.queue}"` : 'No queue is marked as the escalation queue');
    const c = await lockActionCase(tx, input.context.caseId);
    // A case resolved or cancelled meanwhile stays out of the queues (its clocks are ending anyway).
    const closed = !isActive(c.status);
    const moved = !closed && c.queueId !== target.id;
    const summary = moved
      ? `Moved to queue "${target.name}" (SLA: ${why})`
      : closed
        ? `Not moved to queue "${target.name}": the case is ${c.status} (SLA: ${why})`
        : `Already in queue "${target.name}" (SLA: ${why})`;
    const detail = { fromQueueId: c.queueId, toQueueId: target.id, queue: target.name, moved };
    if (!(await claimRun(tx, input, summary, detail, at))) return { result: { applied: false, note: 'already ran' } };
    if (moved) await moveCaseToQueue(tx, caseLifecycle, c, target.id, `SLA escalation: ${why}`, at, SLA_ENGINE);
    await timelineEvent(tx, input, summary, detail, at);
    return { result: { applied: true, note: moved ? undefined : closed ? `the case is ${c.status}` : 'the case was already in that queue' }, changedCase: true };
  }

  async function setCaseField(tx: Tx, input: RunActionInput, action: Extract<SlaActionDefinition, { type: 'set_case_field' }>): Promise<ActionEffect> {
    const at = clock();
    const summary = `Set case field ${action.field} = ${JSON.stringify(action.value)} (SLA: ${kpiLabel(input.context.kpi)} ${PHASE_WORDS[input.phase]})`;
    const c = await lockActionCase(tx, input.context.caseId);
    if (!(await claimRun(tx, input, summary, { field: action.field, value: action.value }, at))) return { result: { applied: false, note: 'already ran' } };
    const { changed } = await writeCaseField(tx, caseLifecycle, c, action.field, action.value, at, SLA_ENGINE);
    await timelineEvent(tx, input, summary, { field: action.field, value: action.value, changed }, at);
    return { result: changed ? { applied: true } : { applied: true, note: 'the field already had that value' }, changedCase: true };
  }

  /** An action the workflow records without running (`notRun`, e.g. due before import): run record and timeline event, no effect. */
  async function recordNotRun(tx: Tx, input: RunActionInput, reason: string): Promise<ActionEffect> {
    const at = clock();
    const what = actionSummary(input.action, { caseNumber: input.context.caseNumber, kpiLabel: kpiLabel(input.context.kpi), phase: input.phase });
    const summary = `Not run (${reason}): ${what}`;
    if (!(await claimRun(tx, input, summary, { notRun: reason }, at))) return { result: { applied: false, note: 'already ran' } };
    await timelineEvent(tx, input, summary, { notRun: reason, type: input.action.type }, at, 'sla.action.not_run');
    return { result: { applied: true, note: reason } };
  }

  function actOn(tx: Tx, input: RunActionInput): Promise<ActionEffect> {
    const a = input.action;
    if (input.notRun) return recordNotRun(tx, input, input.notRun);
    switch (a.type) {
      case 'send_email':
        return sendEmail(tx, input, a);
      case 'escalate_to_queue':
        return escalate(tx, input, a);
      case 'set_case_field':
        return setCaseField(tx, input, a);
      default:
        throw configError(`Unknown SLA action type ${JSON.stringify((a as { type?: unknown }).type)}`);
    }
  }

  /** Listeners hear of a case the actions changed once they committed (e.g. to deliver SLA commands). */
  function afterCommit(input: RunActionInput, effects: ActionEffect[]): void {
    if (effects.some((e) => e.changedCase && e.result.applied)) caseLifecycle.afterCommit(input.context.caseId);
  }

  return {
    /** Runs one SLA action once per `key` (see module doc), in its own transaction. Summaries: `actionSummary()`. */
    async runAction(input: RunActionInput): Promise<RunActionResult> {
      const effect = await db.transaction((tx) => actOn(tx, input));
      afterCommit(input, [effect]);
      return effect.result;
    },
    /**
     * Runs a phase's actions (one case) in order in one transaction: one case lock, one commit, the SLA
     * re-evaluation's reads shared. All or nothing: an action that cannot work as configured rolls back
     * the others too and is thrown (non-retryable); the caller then runs them one by one to learn which.
     */
    async runActionsTogether(inputs: RunActionInput[]): Promise<RunActionResult[]> {
      if (inputs.length === 0) return [];
      const effects = await db.transaction(async (tx) => {
        const done: ActionEffect[] = [];
        for (const input of inputs) done.push(await actOn(tx, input));
        return done;
      });
      afterCommit(inputs[0], effects);
      return effects.map((e) => e.result);
    },
  };
}
