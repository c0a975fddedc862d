import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { slaCommands, slaKpiInstances } from '../../db/schema/index.js';
import type { CaseImportInfo } from '../cases/case-lifecycle.js';
import type { KpiWorkflowInput } from '../../workflows/contract.js';

/**
 * Settles the clocks of an imported case before its transaction commits. The import replayed the case's
 * history through the lifecycle, so its KPI instances started at the opening instant and then queued a
 * pause or resume per status change. Delivered one by one, those would race the clock: a workflow that
 * knows only some of its pauses can fire a failure that a later pause would have moved. So every pause is
 * folded into its instance's start command (the workflow starts knowing all of them, closed and open, as
 * after a re-evaluation) and the pause/resume commands are dropped. Success and cancel commands stay:
 * they carry their own instants. Unless the import asked for overdue actions, the start also carries the
 * import instant, so actions that came due before it are recorded as due before import, not run.
 */
export async function settleImportedClocks(tx: Tx, caseId: string, info: CaseImportInfo): Promise<void> {
  const commands = await tx
    .select()
    .from(slaCommands)
    .where(and(eq(slaCommands.caseId, caseId), isNull(slaCommands.deliveredAt)))
    .orderBy(asc(slaCommands.id));
  const started = commands.filter((c) => c.kind === 'start');
  if (started.length === 0) return;
  const instances = await tx
    .select({ id: slaKpiInstances.id, pauses: slaKpiInstances.pauses })
    .from(slaKpiInstances)
    .where(inArray(slaKpiInstances.id, started.map((c) => c.instanceId)));
  const pausesOf = new Map(instances.map((i) => [i.id, i.pauses]));
  for (const command of started) {
    const { input } = command.payload as { input: KpiWorkflowInput };
    const settled: KpiWorkflowInput = { ...input, pauses: pausesOf.get(command.instanceId) ?? input.pauses };
    if (!info.fireOverdueActions) settled.importedAt = info.importedAt.toISOString();
    await tx.update(slaCommands).set({ payload: { input: settled } }).where(eq(slaCommands.id, command.id));
  }
  const folded = commands.filter((c) => (c.kind === 'pause' || c.kind === 'resume') && pausesOf.has(c.instanceId)).map((c) => c.id);
  if (folded.length) await tx.delete(slaCommands).where(inArray(slaCommands.id, folded));
}
