import { and, eq } from 'drizzle-orm';
import type { Db, DbOrTx, Tx } from '../../db/client.js';
import { caseActivities, cases } from '../../db/schema/index.js';
import { invalidField, notFound } from '../errors.js';
import { paginate, type PageRequest } from '../paging.js';
import type { CaseRow } from '../cases/case-lifecycle.js';
import { markFirstResponse } from '../cases/case-commands.js';
import { assertActive, lockCase, type CaseEvents } from '../cases/case-store.js';
import { actorColumns, type Actor } from '../audit/actor.js';

/**
 * Activities are the work on a case: phone calls, emails, tasks, appointments and notes (plus the
 * resolution activity written when the case is resolved). Logging a completed OUTGOING email or phone
 * call is the case's first response if it had none: at the activity's time, clamped to [case creation, now].
 */
export type ActivityRow = typeof caseActivities.$inferSelect;
export const loggableActivityKinds = ['phone_call', 'email', 'task', 'appointment', 'note'] as const;

export interface ActivityInput {
  kind: (typeof loggableActivityKinds)[number];
  direction?: 'incoming' | 'outgoing' | null;
  subject: string;
  body?: string | null;
  state?: 'open' | 'completed';
  durationMinutes?: number;
  billable?: boolean;
  occurredAt: Date;
}

const respondingKinds = new Set(['phone_call', 'email']);

/**
 * Records the first response if this activity is one (a completed outgoing email or phone call) and the
 * case had none: at the activity's time, clamped to [case creation, now]. Used when an activity is logged
 * and when an open one is completed.
 */
export async function firstResponseFromActivity(
  tx: Tx,
  events: CaseEvents,
  c: CaseRow,
  activity: ActivityRow,
  now: Date,
  actor: Actor,
): Promise<CaseRow> {
  if (!respondingKinds.has(activity.kind) || activity.direction !== 'outgoing' || activity.state !== 'completed' || c.firstResponseAt) return c;
  const at = new Date(Math.min(Math.max(activity.occurredAt.getTime(), c.createdAt.getTime()), now.getTime()));
  return markFirstResponse(tx, events, c, at, { kind: 'activity', activityId: activity.id, activityKind: activity.kind }, now, actor);
}

export async function logActivity(
  db: Db,
  events: CaseEvents,
  caseId: string,
  input: ActivityInput,
  expectedVersion: number | undefined,
  now: Date,
  actor: Actor,
): Promise<{ activity: ActivityRow; case: CaseRow }> {
  if (respondingKinds.has(input.kind) && !input.direction) {
    throw invalidField('body.direction', 'is required for phone calls and emails (incoming or outgoing)');
  }
  return db.transaction(async (tx) => {
    let c = await lockCase(tx, caseId, expectedVersion);
    assertActive(c);
    const [activity] = await tx
      .insert(caseActivities)
      .values({
        caseId,
        kind: input.kind,
        direction: input.direction ?? null,
        subject: input.subject,
        body: input.body ?? null,
        state: input.state ?? 'completed',
        durationMinutes: input.durationMinutes ?? 0,
        billable: input.billable ?? true,
        occurredAt: input.occurredAt,
        createdAt: now,
        ...actorColumns(actor),
      })
      .returning();
    c = await firstResponseFromActivity(tx, events, c, activity, now, actor);
    return { activity, case: c };
  });
}

async function assertCaseExists(db: DbOrTx, caseId: string): Promise<void> {
  const [row] = await db.select({ id: cases.id }).from(cases).where(eq(cases.id, caseId));
  if (!row) throw notFound('case', caseId);
}

export async function getActivity(db: DbOrTx, caseId: string, activityId: string): Promise<ActivityRow> {
  const [row] = await db.select().from(caseActivities).where(and(eq(caseActivities.caseId, caseId), eq(caseActivities.id, activityId)));
  if (!row) {
    await assertCaseExists(db, caseId);
    throw notFound('activity', activityId);
  }
  return row;
}

/** The case's activities in the order they happened (then by id). */
export function listActivities(db: DbOrTx, caseId: string, page: PageRequest) {
  const keys = [
    { expr: caseActivities.occurredAt, type: 'timestamptz' as const },
    { expr: caseActivities.id, type: 'uuid' as const },
  ];
  return paginate({ keys, order: 'asc', scope: ['activities', caseId] }, page, async (p) => {
    await assertCaseExists(db, caseId);
    return db
      .select({ activity: caseActivities, cursorKey: p.cursorKey })
      .from(caseActivities)
      .where(and(eq(caseActivities.caseId, caseId), p.after))
      .orderBy(...p.orderBy)
      .limit(p.limit);
  });
}
