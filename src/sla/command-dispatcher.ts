import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { slaCommands, slaKpiInstances } from '../../db/schema/index.js';
import type { AtPayload, CancelPayload, KpiWorkflowInput, SuccessPayload } from '../../workflows/contract.js';

/** Delivery failed for a reason retrying cannot fix (e.g. a validator rejected the transition). */
export class PermanentDeliveryError extends Error {
  override name = 'PermanentDeliveryError';
}

/** What the dispatcher needs from Temporal; see temporal-kpi-gateway.ts. */
export interface KpiWorkflowGateway {
  start(input: KpiWorkflowInput): Promise<void>;
  pause(workflowId: string, payload: AtPayload, updateId: string): Promise<void>;
  resume(workflowId: string, payload: AtPayload, updateId: string): Promise<void>;
  succeed(workflowId: string, payload: SuccessPayload, updateId: string): Promise<void>;
  cancel(workflowId: string, payload: CancelPayload): Promise<void>;
  applyCalendar(workflowId: string, calendar: KpiWorkflowInput['calendar']): Promise<void>;
}

export interface DispatchReport {
  delivered: number;
  rejected: number;
  failed: number;
}

interface Logger {
  warn(obj: object, msg: string): void;
}

/**
 * Delivers queued SLA commands to Temporal in order, one case at a time (a PostgreSQL advisory lock
 * per case keeps two dispatchers from interleaving). Every delivery is idempotent: starts use the
 * workflow id of the business key and updates carry the command id as update id. A transient failure
 * stops the case's queue (later commands wait for earlier ones); the reconciler retries.
 */
export class SlaCommandDispatcher {
  constructor(
    private readonly db: Db,
    private readonly gateway: KpiWorkflowGateway | null,
    private readonly log: Logger = { warn: () => {} },
  ) {}

  async deliverForCase(caseId: string): Promise<DispatchReport> {
    const report: DispatchReport = { delivered: 0, rejected: 0, failed: 0 };
    if (!this.gateway) return report;
    const gateway = this.gateway;
    await this.db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${caseId}::text, 7423))`);
      const pending = await tx
        .select({ command: slaCommands, workflowId: slaKpiInstances.workflowId })
        .from(slaCommands)
        .innerJoin(slaKpiInstances, eq(slaKpiInstances.id, slaCommands.instanceId))
        .where(and(eq(slaCommands.caseId, caseId), isNull(slaCommands.deliveredAt)))
        .orderBy(asc(slaCommands.id));
      for (const { command, workflowId } of pending) {
        const updateId = `sla-command-${command.id}`;
        const p = command.payload as Record<string, unknown>;
        try {
          switch (command.kind) {
            case 'start':
              await gateway.start(p.input as KpiWorkflowInput);
              await tx.update(slaKpiInstances).set({ workflowStartedAt: new Date() }).where(eq(slaKpiInstances.id, command.instanceId));
              break;
            case 'pause':
              await gateway.pause(workflowId, p as unknown as AtPayload, updateId);
              break;
            case 'resume':
              await gateway.resume(workflowId, p as unknown as AtPayload, updateId);
              break;
            case 'succeed':
              await gateway.succeed(workflowId, p as unknown as SuccessPayload, updateId);
              break;
            case 'cancel':
              await gateway.cancel(workflowId, p as unknown as CancelPayload);
              break;
            case 'apply_calendar':
              await gateway.applyCalendar(workflowId, p.calendar as KpiWorkflowInput['calendar']);
              break;
            default:
              throw new PermanentDeliveryError(`unknown command kind ${command.kind}`);
          }
          await tx.update(slaCommands).set({ deliveredAt: new Date(), attempts: command.attempts + 1, lastError: null }).where(eq(slaCommands.id, command.id));
          report.delivered++;
        } catch (err) {
          const message = err instanceof Error ? err.message : String(err);
          if (err instanceof PermanentDeliveryError) {
            await tx
              .update(slaCommands)
              .set({ deliveredAt: new Date(), attempts: command.attempts + 1, lastError: `rejected: ${message}` })
              .where(eq(slaCommands.id, command.id));
            report.rejected++;
            continue;
          }
          await tx.update(slaCommands).set({ attempts: command.attempts + 1, lastError: message }).where(eq(slaCommands.id, command.id));
          this.log.warn({ caseId, commandId: command.id, kind: command.kind, err: message }, 'SLA command not delivered; the reconciler will retry');
          report.failed++;
          break;
        }
      }
    });
    return report;
  }

  /** Reconciler pass: every case with undelivered commands, oldest first. */
  async deliverPending(limit = 500): Promise<DispatchReport & { cases: number }> {
    const rows = await this.db
      .select({ caseId: slaCommands.caseId, first: sql<number>`min(${slaCommands.id})` })
      .from(slaCommands)
      .where(isNull(slaCommands.deliveredAt))
      .groupBy(slaCommands.caseId)
      .orderBy(sql`min(${slaCommands.id})`)
      .limit(limit);
    const total = { delivered: 0, rejected: 0, failed: 0, cases: rows.length };
    for (const { caseId } of rows) {
      const r = await this.deliverForCase(caseId);
      total.delivered += r.delivered;
      total.rejected += r.rejected;
      total.failed += r.failed;
    }
    return total;
  }
}
