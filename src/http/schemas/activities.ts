import { Type, type Static } from '@sinclair/typebox';
import { activityKinds } from '../../../db/schema/index.js';
import { loggableActivityKinds, type ActivityRow } from '../../case-activities/activities.js';
import type { TimelineEntry } from '../../case-activities/timeline.js';
import { actorView } from '../../audit/actor.js';
import { ActorView, toActorView } from './actors.js';
import { InstantInput, InstantView, Nullable, StringEnum, Uuid } from './common.js';

const Direction = StringEnum(['incoming', 'outgoing'] as const);
const State = StringEnum(['open', 'completed'] as const);

export const ActivityView = Type.Object({
  id: Uuid,
  caseId: Uuid,
  kind: StringEnum(activityKinds),
  direction: Nullable(Direction),
  subject: Type.String(),
  body: Nullable(Type.String()),
  state: State,
  durationMinutes: Type.Integer(),
  billable: Type.Boolean(),
  totalMinutes: Nullable(Type.Integer({ description: 'Resolution activities: minutes of the case’s completed activities' })),
  billableMinutes: Nullable(Type.Integer({ description: 'Resolution activities: minutes of the case’s completed billable activities' })),
  occurredAt: InstantView,
  createdAt: InstantView,
  actor: ActorView,
  version: Type.Integer({ description: 'Concurrency version; the ETag is W/"<version>"' }),
});

export const ActivityCreate = Type.Object(
  {
    kind: StringEnum(loggableActivityKinds),
    direction: Type.Optional(Nullable(Direction)),
    subject: Type.String({ minLength: 1, maxLength: 500 }),
    body: Type.Optional(Nullable(Type.String({ maxLength: 20_000 }))),
    state: Type.Optional(State),
    durationMinutes: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_080, description: 'Time spent, in minutes (default 0)' })),
    billable: Type.Optional(Type.Boolean({ description: 'Default true' })),
    occurredAt: Type.Optional(InstantInput),
  },
  {
    additionalProperties: false,
    description:
      'direction is required for phone_call and email. state defaults to completed. A completed outgoing email or phone call is the case’s first response if it had none.',
  },
);

export const ActivityPatch = Type.Object(
  {
    state: Type.Optional(State),
    subject: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
    body: Type.Optional(Nullable(Type.String({ maxLength: 20_000 }))),
    durationMinutes: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_080, description: 'Time spent, in minutes' })),
    billable: Type.Optional(Type.Boolean({ description: 'Whether its whole duration is billable time' })),
    occurredAt: Type.Optional(InstantInput),
  },
  {
    additionalProperties: false,
    minProperties: 1,
    description:
      'Changes an open activity; `state: "completed"` completes it, so its minutes count in the case’s totals. A completed activity cannot change (409 ACTIVITY_ALREADY_COMPLETED) except by a PATCH that matches it, which answers it unchanged.',
  },
);

export const ActivityParams = Type.Object({ id: Uuid, activityId: Uuid });

export const TimelineEntryView = Type.Object({
  type: StringEnum(['activity', 'event', 'sla_action'] as const),
  id: Type.String({ description: 'Activity or SLA action run id (uuid), or case event sequence number' }),
  kind: Type.String({ description: 'Activity kind, event kind (created, status_changed, fields_updated, queue_changed, first_response, resolved, cancelled, reopened, sla.*) or SLA action kind' }),
  at: InstantView,
  summary: Type.String(),
  data: Type.Record(Type.String(), Type.Unknown()),
  actor: ActorView,
});

export const toActivityView = (a: ActivityRow): Static<typeof ActivityView> => ({
  id: a.id,
  caseId: a.caseId,
  kind: a.kind,
  direction: a.direction,
  subject: a.subject,
  body: a.body,
  state: a.state,
  durationMinutes: a.durationMinutes,
  billable: a.billable,
  totalMinutes: a.totalMinutes,
  billableMinutes: a.billableMinutes,
  occurredAt: a.occurredAt.toISOString(),
  createdAt: a.createdAt.toISOString(),
  actor: toActorView(actorView(a)),
  version: a.version,
});

export const toTimelineEntryView = (e: TimelineEntry): Static<typeof TimelineEntryView> => ({ ...e, at: e.at.toISOString(), actor: toActorView(e.actor) });
