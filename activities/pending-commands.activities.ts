/**
 * The pre-fire check of the KPI workflow (spec §2.8): before it fires a warning or failure, the clock
 * asks which commands for its instance the API has committed (`sla_commands`) but not delivered yet,
 * so a pause (or success, or cancel) that happened before the due instant counts even when its delivery
 * is late. Read-only, run as a local activity; its answer is recorded in the history.
 *
 * Returns, oldest first, the undelivered pause/resume/succeed/cancel commands whose business instant
 * `at` is at or before `upTo`, stopping at the first later one (commands of an instance apply in order).
 */
import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { slaCommands } from '../db/schema/index.js';
import type { UndeliveredCommandsInput, UndeliveredSlaCommand } from './types.js';

const KINDS = ['pause', 'resume', 'succeed', 'cancel'] as const;
type Kind = (typeof KINDS)[number];

/** The update id the dispatcher delivers a command with (src/sla/command-dispatcher.ts). */
export const slaCommandUpdateId = (commandId: number | string) => `sla-command-${commandId}`;

export function createPendingCommandActivities({ db }: { db: Db }) {
  return {
    async undeliveredSlaCommands({ instanceId, upTo }: UndeliveredCommandsInput): Promise<UndeliveredSlaCommand[]> {
      const rows = await db
        .select({ id: slaCommands.id, kind: slaCommands.kind, payload: slaCommands.payload })
        .from(slaCommands)
        .where(and(eq(slaCommands.instanceId, instanceId), isNull(slaCommands.deliveredAt), inArray(slaCommands.kind, [...KINDS])))
        .orderBy(asc(slaCommands.id));
      const limit = Date.parse(upTo);
      const found: UndeliveredSlaCommand[] = [];
      for (const r of rows) {
        const at = r.payload.at;
        if (typeof at !== 'string' || !(Date.parse(at) <= limit)) break;
        const reason = typeof r.payload.reason === 'string' ? r.payload.reason : undefined;
        found.push({ commandId: String(r.id), updateId: slaCommandUpdateId(r.id), kind: r.kind as Kind, at, ...(reason ? { reason } : {}) });
      }
      return found;
    },
  };
}
