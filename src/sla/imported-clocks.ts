import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { caseEvents, slaCommands, slaKpiInstances } from '../../db/schema/index.js';
import type { CaseImportInfo } from '../cases/case-lifecycle.js';
import type { KpiWorkflowInput } from '../../workflows/contract.js';
import { kpiStateColumns, kpiTimelineEvent } from './kpi-mirror-row.js';
import { planRecordedStart, RECORDED_START_SEQ } from './kpi-start.js';

/**
 * Settles the clocks of an imported case before its transaction commits. The import replayed the case's
 * history through the lifecycle, so its KPI instances started at the opening instant and then queued a
 * pause or resume per status change. Delivered one by one, those would race the clock: a workflow that
 * knows only some of its pauses can fire a failure that a later pause would have moved. So every pause is
 * folded into its instance's start command (the workflow starts knowing all of them, closed and open, as
 * after a re-evaluation) and the pause/resume commands are dropped. Success and cancel commands stay:
 * they carry their own instants. Unless the import asked for overdue actions, the start also carries the
 * import instant, so actions that came due before it are recorded as due before import, not run.
 * A start the API recorded itself (`recordedStart`: deadlines, row state, 'started' event) is recorded
 * again with all the pauses, so the row, the timeline and the workflow agree from the first instant.
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
    const { recordedStart, ...rest } = input;
    const settled: KpiWorkflowInput = { ...rest, pauses: pausesOf.get(command.instanceId) ?? input.pauses };
    if (!info.fireOverdueActions) settled.importedAt = info.importedAt.toISOString();
    if (recordedStart) await recordStartAgain(tx, settled);
    await tx.update(slaCommands).set({ payload: { input: settled } }).where(eq(slaCommands.id, command.id));
  }
  const folded = commands.filter((c) => (c.kind === 'pause' || c.kind === 'resume') && pausesOf.has(c.instanceId)).map((c) => c.id);
  if (folded.length) await tx.delete(slaCommands).where(inArray(slaCommands.id, folded));
}

/** Re-plans a start the API recorded (see kpi-start.ts) with the settled input; sets `recordedStart` on it. */
async function recordStartAgain(tx: Tx, input: KpiWorkflowInput): Promise<void> {
  const dedupeKey = `sla:${input.instanceId}:${RECORDED_START_SEQ}`;
  const [event] = await tx.select({ occurredAt: caseEvents.occurredAt }).from(caseEvents).where(eq(caseEvents.dedupeKey, dedupeKey));
  const startedAt = event?.occurredAt ?? new Date(input.applicableFrom);
  const planned = planRecordedStart(input, startedAt.getTime());
  if (!planned) return; // the calendar cannot be used: the workflow computes and records its start itself
  await tx.update(slaKpiInstances).set(kpiStateColumns(planned.status, input.calendar, RECORDED_START_SEQ, startedAt)).where(eq(slaKpiInstances.id, input.instanceId));
  const { summary, data } = kpiTimelineEvent(input, planned.status, planned.transition, RECORDED_START_SEQ);
  await tx.update(caseEvents).set({ summary, data }).where(eq(caseEvents.dedupeKey, dedupeKey));
  input.recordedStart = planned.recordedStart;
}
