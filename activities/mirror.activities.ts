/**
 * Mirrors a KPI workflow's state into `sla_kpi_instances` and writes the transition to the case
 * timeline (`case_events`, kind `sla.<transition>`), in one transaction. `mirror_seq` only grows: a
 * stale write (older seq, e.g. a slow retry) never overwrites a newer one. The row's `pauses` and
 * `paused_since` belong to the orchestrator (it records them with the case change) and are not
 * touched; `ended_at`/`end_reason` keep the orchestrator's value when it set one first.
 * A failure (Noncompliant) also sets `cases.breached`. Columns and event: src/sla/kpi-mirror-row.ts.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { caseEvents, cases, slaKpiInstances } from '../db/schema/index.js';
import { kpiStateColumns, kpiTimelineEvent } from '../src/sla/kpi-mirror-row.js';
import { kpiWorkflowId } from '../workflows/contract.js';
import { publishSlaTransition } from '../src/webhooks/sla-webhook-events.js';
import type { MirrorInstanceInput, MirrorInstanceResult } from './types.js';

const date = (iso: string | null): Date | null => (iso ? new Date(iso) : null);

export function createMirrorActivities({ db, webhookWaker = null }: { db: Db; webhookWaker?: { wake(): void } | null }) {
  return {
    async mirrorInstance({ seq, status, transition, instance }: MirrorInstanceInput): Promise<MirrorInstanceResult> {
      const at = new Date(transition.at);
      const state = kpiStateColumns(status, instance.calendar, seq, at);
      const result = await db.transaction(async (tx) => {
        const rows = await tx
          .insert(slaKpiInstances)
          .values({
            id: instance.instanceId,
            caseId: instance.caseId,
            slaId: instance.slaId,
            slaItemId: instance.slaItemId,
            kpi: instance.kpi,
            generation: instance.generation,
            workflowId: status.workflowId || kpiWorkflowId(instance.caseId, instance.kpi, instance.generation),
            itemSnapshot: { name: instance.itemName, kpi: instance.kpi, warningMinutes: instance.warningMinutes, failureMinutes: instance.failureMinutes },
            applicableFrom: new Date(status.applicableFrom),
            pausedSince: date(status.pausedSince),
            pauses: status.pauses,
            endedAt: date(status.endedAt),
            endReason: status.endReason,
            workflowStartedAt: transition.kind === 'started' ? at : null,
            ...state,
          })
          .onConflictDoUpdate({
            target: slaKpiInstances.id,
            set: {
              ...state,
              // An operator's apply-to-running records the new version before the workflow hears of it.
              calendarVersion: sql`greatest(${slaKpiInstances.calendarVersion}, ${state.calendarVersion}::int)`,
              endedAt: sql`coalesce(${slaKpiInstances.endedAt}, ${status.endedAt}::timestamptz)`,
              endReason: sql`coalesce(${slaKpiInstances.endReason}, ${status.endReason}::text)`,
              workflowStartedAt: sql`coalesce(${slaKpiInstances.workflowStartedAt}, ${transition.kind === 'started' ? transition.at : null}::timestamptz)`,
            },
            setWhere: sql`${slaKpiInstances.mirrorSeq} < ${seq}`,
          })
          .returning({ id: slaKpiInstances.id });
        const timelineRow = kpiTimelineEvent(instance, status, transition, seq);
        const [recorded] = await tx.insert(caseEvents).values(timelineRow).onConflictDoNothing({ target: caseEvents.dedupeKey }).returning({ id: caseEvents.id });
        // Only a new timeline row is a new transition (a retried activity publishes nothing again).
        const published = recorded ? await publishSlaTransition(tx, timelineRow) : 0;
        if (transition.kind === 'failed') {
          await tx
            .update(cases)
            .set({ breached: true, version: sql`${cases.version} + 1` })
            .where(and(eq(cases.id, instance.caseId), eq(cases.breached, false)));
        }
        return { mirrored: rows.length > 0, published };
      });
      if (result.published > 0) webhookWaker?.wake();
      return { mirrored: result.mirrored };
    },
  };
}
