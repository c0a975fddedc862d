import { and, asc, desc, eq, isNull } from 'drizzle-orm';
import type { Tx, DbOrTx } from '../../db/client.js';
import { caseProcesses, caseProcessStages, type StageExit } from '../../db/schema/index.js';
import { actorColumns, type Actor } from '../audit/actor.js';
import type { CaseRow } from '../cases/case-lifecycle.js';
import { recordCaseEvent } from '../cases/case-store.js';
import { startStageClocks } from '../sla/stage-clocks.js';
import { conflict, preconditionFailed } from '../errors.js';
import type { LoadedProcess } from './process-definitions.js';

export type CaseProcessRow = typeof caseProcesses.$inferSelect;
export type StageStayRow = typeof caseProcessStages.$inferSelect;

export async function activeInstance(db: DbOrTx, caseId: string): Promise<CaseProcessRow | undefined> {
  const [row] = await db.select().from(caseProcesses).where(and(eq(caseProcesses.caseId, caseId), eq(caseProcesses.status, 'active')));
  return row;
}

/** All of a case's process runs, newest first. */
export async function instancesOf(db: DbOrTx, caseId: string): Promise<CaseProcessRow[]> {
  return db.select().from(caseProcesses).where(eq(caseProcesses.caseId, caseId)).orderBy(desc(caseProcesses.startedAt), desc(caseProcesses.id));
}

export async function staysOf(db: DbOrTx, instanceId: string): Promise<StageStayRow[]> {
  return db.select().from(caseProcessStages).where(eq(caseProcessStages.caseProcessId, instanceId)).orderBy(asc(caseProcessStages.id));
}

/**
 * The case's active run for a command, checked against If-Match (its version): 409 NO_ACTIVE_PROCESS
 * without one, 412 when another move came first. The caller holds the case's row lock, so commands on
 * one case run one after the other and a move decided on a stale read never applies.
 */
export async function instanceForCommand(tx: Tx, c: CaseRow, expectedVersion: number | undefined): Promise<CaseProcessRow> {
  const row = await activeInstance(tx, c.id);
  if (!row) throw conflict('NO_ACTIVE_PROCESS', `Case ${c.number} has no active process; start one with POST /v1/cases/{id}/process/switch.`);
  if (expectedVersion !== undefined && row.version !== expectedVersion) {
    throw preconditionFailed(`The case's process moved since you read it (version ${row.version}, If-Match had ${expectedVersion}); read it again and retry.`, {
      etag: `W/"${row.version}"`,
      activeStage: row.activeStage,
    });
  }
  return row;
}

export async function enterStage(tx: Tx, c: CaseRow, instanceId: string, stage: string, at: Date, actor: Actor): Promise<void> {
  await tx.insert(caseProcessStages).values({ caseProcessId: instanceId, stage, enteredAt: at, ...actorColumns(actor) });
  await startStageClocks(tx, c, stage, at);
}

export async function leaveStage(tx: Tx, instanceId: string, at: Date, exit: StageExit): Promise<void> {
  await tx
    .update(caseProcessStages)
    .set({ leftAt: at, exit })
    .where(and(eq(caseProcessStages.caseProcessId, instanceId), isNull(caseProcessStages.leftAt)));
}

/** Starts `p` on the case at its first stage, with a timeline entry. */
export async function startInstance(tx: Tx, c: CaseRow, p: LoadedProcess, at: Date, actor: Actor, why: string): Promise<CaseProcessRow> {
  const first = p.definition.stages[0];
  const [row] = await tx
    .insert(caseProcesses)
    .values({ caseId: c.id, processId: p.process.id, processVersion: p.version.version, status: 'active', activeStage: first.key, path: [first.key], startedAt: at })
    .returning();
  await enterStage(tx, c, row.id, first.key, at, actor);
  await recordCaseEvent(
    tx,
    {
      caseId: c.id,
      kind: 'process.started',
      summary: `Process "${p.definition.name}" (v${p.version.version}) started ${why}: stage ${first.name}`,
      data: { processId: p.process.id, processVersion: p.version.version, stage: first.key },
      occurredAt: at,
      actor,
    },
    at,
  );
  return row;
}

export async function bumpInstance(tx: Tx, row: CaseProcessRow, set: Partial<CaseProcessRow>): Promise<CaseProcessRow> {
  const [after] = await tx
    .update(caseProcesses)
    .set({ ...set, version: row.version + 1 })
    .where(and(eq(caseProcesses.id, row.id), eq(caseProcesses.version, row.version)))
    .returning();
  if (!after) throw preconditionFailed("The case's process moved while this request was processed; read it again and retry.");
  return after;
}
