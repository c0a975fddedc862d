import { eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { caseActivities, caseEvents, cases, slaActionRuns } from '../../db/schema/index.js';
import { notFound } from '../errors.js';
import { paginate, type Order, type PageRequest, type SortKey } from '../paging.js';
import { SLA_ENGINE, type ActorKind, type ActorView } from '../audit/actor.js';

/**
 * The case timeline: activities, case events (status changes, field updates, queue moves, and the SLA
 * workflow's `sla.*` events) and SLA action runs, merged in the order they happened.
 *
 * Order: `at` (when it happened), then activity < event < SLA action (so a reached warning comes before
 * the email it sent), then when it was recorded, then id (case events by their sequence number): equal
 * instants always come out in the same order and the cursor pages through the merged list exactly once.
 *
 * Every entry names its actor: the API key that logged the activity or made the change, or the SLA engine
 * (workflow transitions and SLA actions).
 */
export interface TimelineEntry {
  type: 'activity' | 'event' | 'sla_action';
  id: string;
  kind: string;
  at: Date;
  summary: string;
  data: Record<string, unknown>;
  actor: ActorView;
}

export async function caseTimeline(db: DbOrTx, caseId: string, order: Order, page: PageRequest) {
  const [c] = await db.select({ id: cases.id }).from(cases).where(eq(cases.id, caseId));
  if (!c) throw notFound('case', caseId);

  const activities = db
    .select({
      type: sql<string>`'activity'`.as('type'),
      id: sql<string>`${caseActivities.id}::text`.as('id'),
      kind: sql<string>`${caseActivities.kind}`.as('kind'),
      at: sql<Date>`${caseActivities.occurredAt}`.as('at'),
      recordedAt: sql<Date>`${caseActivities.createdAt}`.as('recorded_at'),
      rank: sql<number>`0`.as('rank'),
      tiebreak: sql<string>`${caseActivities.id}::text`.as('tiebreak'),
      summary: sql<string>`${caseActivities.subject}`.as('summary'),
      data: sql<Record<string, unknown>>`jsonb_strip_nulls(jsonb_build_object(
        'direction', ${caseActivities.direction}, 'state', ${caseActivities.state}, 'body', ${caseActivities.body},
        'durationMinutes', ${caseActivities.durationMinutes}, 'billable', ${caseActivities.billable},
        'totalMinutes', ${caseActivities.totalMinutes}, 'billableMinutes', ${caseActivities.billableMinutes}))`.as('data'),
      actorKind: sql<string>`${caseActivities.actorKind}`.as('actor_kind'),
      actorApiKeyId: sql<string | null>`${caseActivities.actorApiKeyId}::text`.as('actor_api_key_id'),
      actorName: sql<string>`${caseActivities.actorName}`.as('actor_name'),
    })
    .from(caseActivities)
    .where(eq(caseActivities.caseId, caseId));
  const events = db
    .select({
      type: sql<string>`'event'`.as('type'),
      id: sql<string>`${caseEvents.id}::text`.as('id'),
      kind: sql<string>`${caseEvents.kind}`.as('kind'),
      at: sql<Date>`${caseEvents.occurredAt}`.as('at'),
      recordedAt: sql<Date>`${caseEvents.createdAt}`.as('recorded_at'),
      rank: sql<number>`1`.as('rank'),
      tiebreak: sql<string>`lpad(${caseEvents.id}::text, 20, '0')`.as('tiebreak'),
      summary: sql<string>`${caseEvents.summary}`.as('summary'),
      data: sql<Record<string, unknown>>`${caseEvents.data}`.as('data'),
      actorKind: sql<string>`${caseEvents.actorKind}`.as('actor_kind'),
      actorApiKeyId: sql<string | null>`${caseEvents.actorApiKeyId}::text`.as('actor_api_key_id'),
      actorName: sql<string>`${caseEvents.actorName}`.as('actor_name'),
    })
    .from(caseEvents)
    .where(eq(caseEvents.caseId, caseId));
  const actions = db
    .select({
      type: sql<string>`'sla_action'`.as('type'),
      id: sql<string>`${slaActionRuns.id}::text`.as('id'),
      kind: sql<string>`${slaActionRuns.kind}`.as('kind'),
      at: sql<Date>`${slaActionRuns.ranAt}`.as('at'),
      recordedAt: sql<Date>`${slaActionRuns.ranAt}`.as('recorded_at'),
      rank: sql<number>`2`.as('rank'),
      tiebreak: sql<string>`${slaActionRuns.id}::text`.as('tiebreak'),
      summary: sql<string>`${slaActionRuns.summary}`.as('summary'),
      data: sql<Record<string, unknown>>`jsonb_build_object('phase', ${slaActionRuns.phase}, 'instanceId', ${slaActionRuns.instanceId}, 'detail', ${slaActionRuns.detail})`.as('data'),
      actorKind: sql<string>`${SLA_ENGINE.kind}::text`.as('actor_kind'),
      actorApiKeyId: sql<string | null>`null::text`.as('actor_api_key_id'),
      actorName: sql<string>`${SLA_ENGINE.name}::text`.as('actor_name'),
    })
    .from(slaActionRuns)
    .where(eq(slaActionRuns.caseId, caseId));
  const merged = activities.unionAll(events).unionAll(actions).as('timeline');

  const keys: SortKey[] = [
    { expr: merged.at, type: 'timestamptz' },
    { expr: merged.rank, type: 'int' },
    { expr: merged.recordedAt, type: 'timestamptz' },
    { expr: merged.tiebreak, type: 'text' },
  ];
  const result = await paginate({ keys, order, scope: ['timeline', caseId] }, page, (p) =>
    db
      .select({
        type: merged.type,
        id: merged.id,
        kind: merged.kind,
        at: merged.at,
        summary: merged.summary,
        data: merged.data,
        actorKind: merged.actorKind,
        actorApiKeyId: merged.actorApiKeyId,
        actorName: merged.actorName,
        cursorKey: p.cursorKey,
      })
      .from(merged)
      .where(p.after)
      .orderBy(...p.orderBy)
      .limit(p.limit),
  );
  return {
    items: result.rows.map(
      (r): TimelineEntry => ({
        type: r.type as TimelineEntry['type'],
        id: r.id,
        kind: r.kind,
        at: new Date(r.at),
        summary: r.summary,
        data: r.data ?? {},
        actor: { kind: r.actorKind as ActorKind, apiKeyId: r.actorApiKeyId, name: r.actorName },
      }),
    ),
    nextCursor: result.nextCursor,
  };
}
