/**
 * SLA transitions as webhook events, from the one row every transition writes: its case timeline
 * event (`kpiTimelineEvent`, kind `sla.<transition>`, dedupe key `sla:<instanceId>:<seq>`). Callers
 * publish it beside that row, in the same transaction, only when the row was new; a transition kind
 * is published when the catalogue lists its event type (event-catalogue.ts).
 */
import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { cases } from '../../db/schema/index.js';
import { slaEventTypeOf } from './event-catalogue.js';
import { publishWebhookEvent } from './webhook-outbox.js';

export interface SlaTimelineRow {
  caseId: string;
  kind: string;
  dedupeKey: string | null;
  occurredAt: Date;
  data: Record<string, unknown> | unknown;
}

export async function publishSlaTransition(tx: DbOrTx, row: SlaTimelineRow): Promise<number> {
  const event = slaEventTypeOf(row.kind);
  if (!event || !row.dedupeKey) return 0;
  const { instanceId, kpi, state, warningAt, failureAt, pausedBusinessMinutes, note } = (row.data ?? {}) as Record<string, unknown>;
  return publishWebhookEvent(tx, {
    type: event.type,
    sourceKey: row.dedupeKey,
    caseId: row.caseId,
    occurredAt: row.occurredAt,
    data: async () => ({
      caseId: row.caseId,
      caseNumber: (await tx.select({ number: cases.number }).from(cases).where(eq(cases.id, row.caseId)))[0]?.number ?? null,
      instanceId,
      kpi,
      state,
      at: row.occurredAt.toISOString(),
      warningAt: warningAt ?? null,
      failureAt: failureAt ?? null,
      pausedBusinessMinutes: pausedBusinessMinutes ?? 0,
      ...(event.late !== undefined ? { late: event.late } : {}),
      ...(note ? { note } : {}),
    }),
  });
}
