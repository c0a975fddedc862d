import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { caseActivities } from '../../db/schema/index.js';
import { conflict, notFound } from '../errors.js';
import { assertVersion } from '../versioned.js';
import type { CaseRow } from '../cases/case-lifecycle.js';
import { assertActive, lockCase, recordCaseEvent, type CaseEvents } from '../cases/case-store.js';
import type { Actor } from '../audit/actor.js';
import { firstResponseFromActivity, type ActivityRow } from './activities.js';

/**
 * Changing an activity, mainly completing an open one so its minutes count (see activity-totals.ts):
 * - an open activity may change its subject, body, time, duration and billable flag, and be completed;
 * - a completed activity is final (it is billed time): a PATCH that would change it is 409
 *   ACTIVITY_ALREADY_COMPLETED, one that matches it (a retry) answers it unchanged, even with a stale
 *   If-Match, since the change it asks for is already made;
 * - completing an outgoing email or phone call is the case's first response if it had none, by the same
 *   rule as logging one completed (activities.ts);
 * - only on an active case (409 CASE_NOT_ACTIVE: a resolution already counted the minutes).
 * Each change writes an `activity_completed` or `activity_updated` case event with its actor.
 */
export interface ActivityPatch {
  state?: 'open' | 'completed';
  subject?: string;
  body?: string | null;
  durationMinutes?: number;
  billable?: boolean;
  occurredAt?: Date;
}

const patchable = ['state', 'subject', 'body', 'durationMinutes', 'billable', 'occurredAt'] as const;
type Patchable = (typeof patchable)[number];

function sameValue(a: unknown, b: unknown): boolean {
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  return a === b;
}

function changesOf(activity: ActivityRow, patch: ActivityPatch): Partial<Pick<ActivityRow, Patchable>> {
  const changes: Partial<Record<Patchable, unknown>> = {};
  for (const key of patchable) {
    if (patch[key] !== undefined && !sameValue(patch[key], activity[key])) changes[key] = patch[key];
  }
  return changes as Partial<Pick<ActivityRow, Patchable>>;
}

const kindLabel = (kind: string) => kind.replace('_', ' ');
const asJson = (v: unknown) => (v instanceof Date ? v.toISOString() : v);

export async function updateActivity(
  db: Db,
  events: CaseEvents,
  ids: { caseId: string; activityId: string },
  patch: ActivityPatch,
  expectedVersion: number | undefined,
  now: Date,
  actor: Actor,
): Promise<{ activity: ActivityRow; case: CaseRow }> {
  return db.transaction(async (tx) => {
    let c = await lockCase(tx, ids.caseId);
    const [before] = await tx
      .select()
      .from(caseActivities)
      .where(and(eq(caseActivities.caseId, ids.caseId), eq(caseActivities.id, ids.activityId)))
      .for('update');
    if (!before) throw notFound('activity', ids.activityId);
    const changes = changesOf(before, patch);
    const changed = Object.keys(changes) as Patchable[];
    if (changed.length === 0) return { activity: before, case: c };
    assertVersion('activity', before.version, expectedVersion);
    if (before.state === 'completed') {
      throw conflict(
        'ACTIVITY_ALREADY_COMPLETED',
        `The ${kindLabel(before.kind)} "${before.subject}" is completed and its minutes count as time spent; it cannot change (${changed.join(', ')}). Log a new activity to correct the time.`,
        { activityId: before.id, fields: changed, current: Object.fromEntries(changed.map((k) => [k, asJson(before[k])])) },
      );
    }
    assertActive(c);
    const [activity] = await tx
      .update(caseActivities)
      .set({ ...changes, version: before.version + 1 })
      .where(eq(caseActivities.id, before.id))
      .returning();
    const completed = activity.state === 'completed';
    const minutes = `${activity.durationMinutes} min${activity.billable ? ', billable' : ''}`;
    await recordCaseEvent(
      tx,
      {
        caseId: c.id,
        kind: completed ? 'activity_completed' : 'activity_updated',
        summary: completed
          ? `Completed ${kindLabel(activity.kind)} "${activity.subject}" (${minutes})`
          : `Updated ${kindLabel(activity.kind)} "${activity.subject}": ${changed.join(', ')}`,
        data: {
          activityId: activity.id,
          activityKind: activity.kind,
          changes: Object.fromEntries(changed.map((k) => [k, { from: asJson(before[k]), to: asJson(activity[k]) }])),
        },
        occurredAt: now,
        actor,
      },
      now,
    );
    if (completed) c = await firstResponseFromActivity(tx, events, c, activity, now, actor);
    return { activity, case: c };
  });
}
