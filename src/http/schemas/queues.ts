import { Type, type Static } from '@sinclair/typebox';
import { casePriorities, caseStatuses } from '../../../db/schema/index.js';
import type { QueueRow } from '../../queues/queues.js';
import type { QueueItemRow } from '../../queues/queue-items.js';
import { InstantView, Nullable, StringEnum, Uuid } from './common.js';

export const QueueView = Type.Object({
  id: Uuid,
  name: Type.String(),
  description: Nullable(Type.String()),
  isEscalation: Type.Boolean({ description: 'The default target of SLA "escalate to queue" actions (at most one queue)' }),
  createdAt: InstantView,
});

export const QueueCreate = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    description: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
    isEscalation: Type.Optional(Type.Boolean({ description: 'Marking a queue moves the mark from any other queue' })),
  },
  { additionalProperties: false },
);
export const QueuePatch = Type.Partial(QueueCreate, { additionalProperties: false, minProperties: 1 });

export const QueueItemView = Type.Object({
  id: Uuid,
  queueId: Uuid,
  caseId: Uuid,
  workedById: Nullable(Uuid),
  enteredAt: InstantView,
  removedAt: Nullable(InstantView),
  reason: Nullable(Type.String()),
});

export const QueueItemWithCase = Type.Composite([
  QueueItemView,
  Type.Object({
    case: Type.Object({
      number: Type.String(),
      title: Type.String(),
      priority: StringEnum(casePriorities),
      status: StringEnum(caseStatuses),
      ownerId: Nullable(Uuid),
    }),
  }),
]);

export const AddToQueue = Type.Object(
  { caseId: Uuid, reason: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 500 }))) },
  { additionalProperties: false },
);
export const Pick = Type.Object({ agentId: Uuid }, { additionalProperties: false, description: 'API keys are not agents: name the agent who works the item' });
export const Route = Type.Object(
  { queueId: Uuid, reason: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 500 }))) },
  { additionalProperties: false },
);

export const toQueueView = (q: QueueRow): Static<typeof QueueView> => ({
  id: q.id,
  name: q.name,
  description: q.description,
  isEscalation: q.isEscalation,
  createdAt: q.createdAt.toISOString(),
});

export const toQueueItemView = (i: QueueItemRow): Static<typeof QueueItemView> => ({
  id: i.id,
  queueId: i.queueId,
  caseId: i.caseId,
  workedById: i.workedById,
  enteredAt: i.enteredAt.toISOString(),
  removedAt: i.removedAt ? i.removedAt.toISOString() : null,
  reason: i.reason,
});
