import { randomUUID } from 'node:crypto';
import { and, asc, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { caseEvents, slaCommands, slaKpiInstances } from '../../db/schema/index.js';
import type { KpiWorkflowInput, PauseInterval } from '../../workflows/contract.js';
import { kpiWorkflowId } from '../../workflows/contract.js';
import { kpiStateColumns, kpiTimelineEvent } from './kpi-mirror-row.js';
import { publishSlaTransition } from '../webhooks/sla-webhook-events.js';
import { planRecordedStart, RECORDED_START_SEQ } from './kpi-start.js';

export type KpiInstanceRow = typeof slaKpiInstances.$inferSelect;
export type SlaCommandKind = 'start' | 'pause' | 'resume' | 'succeed' | 'cancel' | 'apply_calendar';

/** Why an instance ended, as recorded by the orchestrator. */
export const END_REASONS = {
  reevaluated: 're-evaluated',
  caseCancelled: 'case cancelled',
  caseResolved: 'case resolved',
  succeeded: 'success criteria met',
} as const;

export async function openInstances(tx: Tx, caseId: string): Promise<KpiInstanceRow[]> {
  return tx
    .select()
    .from(slaKpiInstances)
    .where(and(eq(slaKpiInstances.caseId, caseId), isNull(slaKpiInstances.endedAt)))
    .orderBy(asc(slaKpiInstances.createdAt));
}

export async function latestInstanceOfKpi(tx: Tx, caseId: string, kpi: string): Promise<KpiInstanceRow | undefined> {
  const [row] = await tx
    .select()
    .from(slaKpiInstances)
    .where(and(eq(slaKpiInstances.caseId, caseId), eq(slaKpiInstances.kpi, kpi)))
    .orderBy(desc(slaKpiInstances.generation))
    .limit(1);
  return row;
}

export async function enqueueCommand(tx: Tx, instance: Pick<KpiInstanceRow, 'id' | 'caseId'>, kind: SlaCommandKind, payload: Record<string, unknown>) {
  await enqueueCommands(tx, [{ instance, kind, payload }]);
}

/** Several commands in one statement; ids follow the list's order, so each instance's commands keep theirs. */
export async function enqueueCommands(tx: Tx, commands: Array<{ instance: Pick<KpiInstanceRow, 'id' | 'caseId'>; kind: SlaCommandKind; payload: Record<string, unknown> }>) {
  if (!commands.length) return;
  await tx.insert(slaCommands).values(commands.map((c) => ({ caseId: c.instance.caseId, instanceId: c.instance.id, kind: c.kind, payload: c.payload })));
}

export interface NewInstance {
  input: Omit<KpiWorkflowInput, 'instanceId' | 'generation'>;
  itemSnapshot: Record<string, unknown>;
  /** When the caller knows it (the first clock of its KPI on a new case: 1); otherwise the next after the case's last. */
  generation?: number;
  carriedPausedMinutes?: number;
  /** When the clock starts (the case change's instant); recorded as the 'started' event's time. Default: now. */
  startedAt?: Date;
}

/**
 * Inserts the instance row and its start command in the caller's transaction. The clock's 'started'
 * is recorded here too (deadlines on the row, `mirror_seq` 1, the timeline event) and handed to the
 * workflow as `recordedStart`, so the workflow writes nothing at start; a calendar that cannot be used
 * leaves that to the workflow.
 */
async function nextGeneration(tx: Tx, caseId: string, kpi: string): Promise<number> {
  const [{ next }] = await tx
    .select({ next: sql<number>`coalesce(max(${slaKpiInstances.generation}), 0) + 1` })
    .from(slaKpiInstances)
    .where(and(eq(slaKpiInstances.caseId, caseId), eq(slaKpiInstances.kpi, kpi)));
  return Number(next);
}

export async function createInstance(tx: Tx, n: NewInstance): Promise<KpiInstanceRow> {
  const generation = n.generation ?? (await nextGeneration(tx, n.input.caseId, n.input.kpi));
  const pausedSince = n.input.pauses.find((p) => p.to === null)?.from;
  const startedAt = n.startedAt ?? new Date();
  const base: KpiWorkflowInput = { ...n.input, instanceId: randomUUID(), generation };
  const planned = planRecordedStart(base, startedAt.getTime());
  const [row] = await tx
    .insert(slaKpiInstances)
    .values({
      id: base.instanceId,
      caseId: n.input.caseId,
      slaId: n.input.slaId,
      slaItemId: n.input.slaItemId,
      kpi: n.input.kpi,
      generation,
      workflowId: kpiWorkflowId(n.input.caseId, n.input.kpi, generation),
      itemSnapshot: n.itemSnapshot,
      calendarId: n.input.calendar?.id ?? null,
      calendarVersion: n.input.calendar?.version ?? null,
      state: pausedSince ? 'paused' : 'in_progress',
      applicableFrom: new Date(n.input.applicableFrom),
      pausedSince: pausedSince ? new Date(pausedSince) : null,
      carriedPausedMinutes: n.carriedPausedMinutes ?? 0,
      pauses: n.input.pauses,
      ...(planned ? kpiStateColumns(planned.status, n.input.calendar, RECORDED_START_SEQ, startedAt) : {}),
    })
    .returning();
  if (planned) {
    const timelineRow = kpiTimelineEvent(base, planned.status, planned.transition, RECORDED_START_SEQ);
    await tx.insert(caseEvents).values(timelineRow);
    await publishSlaTransition(tx, timelineRow);
  }
  const input: KpiWorkflowInput = planned ? { ...base, recordedStart: planned.recordedStart } : base;
  await enqueueCommand(tx, row, 'start', { input });
  return row;
}

export async function markEnded(tx: Tx, instanceId: string, reason: string, at: Date) {
  await tx.update(slaKpiInstances).set({ endedAt: at, endReason: reason, updatedAt: at }).where(eq(slaKpiInstances.id, instanceId));
}

export async function recordPause(tx: Tx, instance: KpiInstanceRow, at: Date) {
  const pauses: PauseInterval[] = [...instance.pauses, { from: at.toISOString(), to: null }];
  await tx.update(slaKpiInstances).set({ pauses, pausedSince: at, updatedAt: at }).where(eq(slaKpiInstances.id, instance.id));
}

export async function recordResume(tx: Tx, instance: KpiInstanceRow, at: Date) {
  const pauses: PauseInterval[] = instance.pauses.map((p) => (p.to === null ? { ...p, to: at.toISOString() } : p));
  await tx.update(slaKpiInstances).set({ pauses, pausedSince: null, updatedAt: at }).where(eq(slaKpiInstances.id, instance.id));
}
