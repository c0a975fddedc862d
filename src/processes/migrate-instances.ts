import { and, eq, lt } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { caseProcesses } from '../../db/schema/index.js';
import type { Actor } from '../audit/actor.js';
import { lockCase, recordCaseEvent } from '../cases/case-store.js';
import { bumpInstance } from './case-process-store.js';
import { getProcess } from './process-definitions.js';
import { stageOf } from './process-path.js';

export interface MigrationResult {
  toVersion: number;
  migrated: string[];
  skipped: Array<{ caseId: string; stage: string | null; reason: string }>;
}

/**
 * Moves the process's running instances onto its current version (version pinning: nothing moves on its
 * own). An instance whose active stage the new version no longer has stays where it is, listed with why.
 * Each case is migrated in its own transaction under its row lock, like any other move.
 */
export async function migrateInstances(db: Db, processId: string, at: Date, actor: Actor): Promise<MigrationResult> {
  const target = await getProcess(db, processId);
  const to = target.process.currentVersion;
  const running = await db
    .select({ id: caseProcesses.id, caseId: caseProcesses.caseId })
    .from(caseProcesses)
    .where(and(eq(caseProcesses.processId, processId), eq(caseProcesses.status, 'active'), lt(caseProcesses.processVersion, to)));
  const result: MigrationResult = { toVersion: to, migrated: [], skipped: [] };
  for (const r of running) {
    await db.transaction(async (tx) => {
      await lockCase(tx, r.caseId);
      const [inst] = await tx.select().from(caseProcesses).where(eq(caseProcesses.id, r.id));
      if (inst.status !== 'active' || inst.processVersion >= to) return;
      if (inst.activeStage && !stageOf(target.definition, inst.activeStage)) {
        result.skipped.push({ caseId: r.caseId, stage: inst.activeStage, reason: `version ${to} has no stage "${inst.activeStage}"` });
        return;
      }
      await bumpInstance(tx, inst, { processVersion: to });
      await recordCaseEvent(
        tx,
        {
          caseId: r.caseId,
          kind: 'process.migrated',
          summary: `Process "${target.definition.name}" moved from version ${inst.processVersion} to ${to}`,
          data: { processId, from: inst.processVersion, to },
          occurredAt: at,
          actor,
        },
        at,
      );
      result.migrated.push(r.caseId);
    });
  }
  return result;
}
