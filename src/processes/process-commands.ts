import type { Db, Tx } from '../../db/client.js';
import type { Actor } from '../audit/actor.js';
import type { CaseRow } from '../cases/case-lifecycle.js';
import { assertActive, lockCase, recordCaseEvent } from '../cases/case-store.js';
import { conflict, notFound } from '../errors.js';
import { evaluateCondition } from '../sla/conditions.js';
import { caseFacts } from '../sla/sla-clock-listener.js';
import { endStageClocks } from '../sla/stage-clocks.js';
import { bumpInstance, enterStage, instanceForCommand, leaveStage, activeInstance, startInstance, type CaseProcessRow } from './case-process-store.js';
import { getProcess, type LoadedProcess } from './process-definitions.js';
import { checkKey, missingRequired, nextStage, stageOf, stepStates } from './process-path.js';

/**
 * The commands on a case's process. Each runs under the case's row lock and checks If-Match against
 * the process run's version, so of two agents moving the same case at once one wins and the other gets
 * 412 (or 409 when the move no longer makes sense): a stage is never skipped.
 */
interface Ctx {
  tx: Tx;
  c: CaseRow;
  inst: CaseProcessRow;
  p: LoadedProcess;
  at: Date;
  actor: Actor;
}

async function withInstance<T>(db: Db, caseId: string, expected: number | undefined, at: Date, actor: Actor, fn: (ctx: Ctx) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    const c = await lockCase(tx, caseId);
    assertActive(c);
    const inst = await instanceForCommand(tx, c, expected);
    const p = await getProcess(tx, inst.processId, inst.processVersion);
    return fn({ tx, c, inst, p, at, actor });
  });
}

const nameOf = (p: LoadedProcess, key: string | null) => (key ? (stageOf(p.definition, key)?.name ?? key) : 'the end');

async function event(ctx: Ctx, kind: string, summary: string, data: Record<string, unknown>) {
  await recordCaseEvent(ctx.tx, { caseId: ctx.c.id, kind, summary, data: { processId: ctx.p.process.id, ...data }, occurredAt: ctx.at, actor: ctx.actor }, ctx.at);
}

function activeStageOf(ctx: Ctx) {
  const stage = ctx.inst.activeStage ? stageOf(ctx.p.definition, ctx.inst.activeStage) : undefined;
  if (!stage) throw conflict('NO_ACTIVE_STAGE', `The case's process has no active stage (it is ${ctx.inst.status}).`);
  return stage;
}

function assertRequiredDone(ctx: Ctx, action: string) {
  const stage = activeStageOf(ctx);
  const missing = missingRequired(stepStates(stage, ctx.inst.checked, caseFacts(ctx.c)));
  if (missing.length) {
    throw conflict('REQUIRED_STEPS_MISSING', `Stage ${stage.name} cannot ${action}: required steps not done: ${missing.map((m) => m.label).join(', ')}.`, {
      stage: stage.key,
      missing: missing.map((m) => ({ key: m.key, label: m.label, kind: m.kind, field: m.field })),
    });
  }
  return stage;
}

export function completeStep(db: Db, caseId: string, stepKey: string, expected: number | undefined, at: Date, actor: Actor) {
  return withInstance(db, caseId, expected, at, actor, async (ctx) => {
    const stage = activeStageOf(ctx);
    const step = stage.steps.find((s) => s.key === stepKey);
    if (!step) throw notFound('step', `${stage.key}/${stepKey}`);
    if (step.kind !== 'checklist') {
      throw conflict('STEP_IS_A_FIELD', `Step "${stepKey}" is done when the case field ${step.field} has a value: set it with PATCH /v1/cases/{id}.`, { field: step.field });
    }
    const key = checkKey(stage.key, step.key);
    if (ctx.inst.checked[key]) return ctx.inst;
    const after = await bumpInstance(ctx.tx, ctx.inst, { checked: { ...ctx.inst.checked, [key]: { at: at.toISOString(), actorName: actor.name } } });
    await event(ctx, 'process.step_completed', `Step "${step.label}" of stage ${stage.name} completed`, { stage: stage.key, step: step.key });
    return after;
  });
}

export function moveNext(db: Db, caseId: string, expected: number | undefined, at: Date, actor: Actor) {
  return withInstance(db, caseId, expected, at, actor, async (ctx) => {
    const stage = assertRequiredDone(ctx, 'be completed');
    const next = nextStage(ctx.p.definition, stage.key, caseFacts(ctx.c));
    if (!next.stage) throw conflict('NO_NEXT_STAGE', `Stage ${stage.name} is the last one on this case's path; finish the process instead (POST /v1/cases/{id}/process/finish).`);
    await leaveStage(ctx.tx, ctx.inst.id, at, 'next');
    await endStageClocks(ctx.tx, ctx.c, stage.key, at, 'succeed');
    await enterStage(ctx.tx, ctx.c, ctx.inst.id, next.stage, at, actor);
    const after = await bumpInstance(ctx.tx, ctx.inst, { activeStage: next.stage, path: [...ctx.inst.path, next.stage] });
    const via = next.branch ? ` (branch ${next.branch.label ?? `#${next.branch.index + 1}`})` : '';
    await event(ctx, 'process.stage_changed', `Stage ${stage.name} completed; now ${nameOf(ctx.p, next.stage)}${via}`, { from: stage.key, to: next.stage, branch: next.branch, move: 'next' });
    return after;
  });
}

export function moveBack(db: Db, caseId: string, expected: number | undefined, at: Date, actor: Actor) {
  return withInstance(db, caseId, expected, at, actor, async (ctx) => {
    const stage = activeStageOf(ctx);
    if (ctx.inst.path.length < 2) throw conflict('NO_PREVIOUS_STAGE', `Stage ${stage.name} is the first stage of this case's path; there is no stage to go back to.`);
    const previous = ctx.inst.path[ctx.inst.path.length - 2];
    await leaveStage(ctx.tx, ctx.inst.id, at, 'back');
    await endStageClocks(ctx.tx, ctx.c, stage.key, at, 'cancel');
    await enterStage(ctx.tx, ctx.c, ctx.inst.id, previous, at, actor);
    const after = await bumpInstance(ctx.tx, ctx.inst, { activeStage: previous, path: ctx.inst.path.slice(0, -1) });
    await event(ctx, 'process.stage_changed', `Moved back from stage ${stage.name} to ${nameOf(ctx.p, previous)}`, { from: stage.key, to: previous, move: 'back' });
    return after;
  });
}

export function finishProcess(db: Db, caseId: string, expected: number | undefined, at: Date, actor: Actor) {
  return withInstance(db, caseId, expected, at, actor, async (ctx) => {
    const stage = assertRequiredDone(ctx, 'finish the process');
    const next = nextStage(ctx.p.definition, stage.key, caseFacts(ctx.c));
    if (next.stage) {
      throw conflict('PROCESS_NOT_AT_END', `Stage ${stage.name} leads on to ${nameOf(ctx.p, next.stage)}; move on (POST /v1/cases/{id}/process/next) until the last stage.`, { next: next.stage });
    }
    await leaveStage(ctx.tx, ctx.inst.id, at, 'finished');
    await endStageClocks(ctx.tx, ctx.c, stage.key, at, 'succeed');
    const after = await bumpInstance(ctx.tx, ctx.inst, { status: 'finished', activeStage: null, endedAt: at });
    await event(ctx, 'process.finished', `Process "${ctx.p.definition.name}" finished at stage ${stage.name}`, { stage: stage.key });
    return after;
  });
}

/** Ends the case's current run (kept as history) and starts `processId` at its first stage. */
export function switchProcess(db: Db, caseId: string, processId: string, expected: number | undefined, at: Date, actor: Actor) {
  return db.transaction(async (tx) => {
    const c = await lockCase(tx, caseId);
    assertActive(c);
    const target = await getProcess(tx, processId).catch(() => {
      throw conflict('PROCESS_NOT_APPLICABLE', `No process with id "${processId}".`, { field: 'body.processId' });
    });
    if (!target.process.active) throw conflict('PROCESS_NOT_APPLICABLE', `Process "${target.definition.name}" is inactive.`, { field: 'body.processId' });
    if (!evaluateCondition(target.definition.applicableWhen ?? null, caseFacts(c))) {
      throw conflict('PROCESS_NOT_APPLICABLE', `Process "${target.definition.name}" does not apply to case ${c.number} (its applicable-when condition does not hold).`, {
        field: 'body.processId',
      });
    }
    const current = (await activeInstance(tx, c.id)) ? await instanceForCommand(tx, c, expected) : undefined;
    if (current) {
      if (current.processId === processId) throw conflict('ALREADY_ON_PROCESS', `Case ${c.number} already follows process "${target.definition.name}".`);
      await leaveStage(tx, current.id, at, 'switched');
      if (current.activeStage) await endStageClocks(tx, c, current.activeStage, at, 'cancel');
      await bumpInstance(tx, current, { status: 'switched', endedAt: at });
    }
    return startInstance(tx, c, target, at, actor, current ? 'by a switch from another process' : 'by hand');
  });
}
