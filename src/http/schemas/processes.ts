import { Type, type Static } from '@sinclair/typebox';
import type { LoadedProcess } from '../../processes/process-definitions.js';
import { ActorView } from './actors.js';
import { InstantView, Nullable, StringEnum, Uuid } from './common.js';

const Key = Type.String({ pattern: '^[a-z][a-z0-9_-]{0,63}$', description: 'Stable key (lowercase letters, digits, _ and -)' });
const ConditionJson = Type.Object({}, { additionalProperties: true, description: 'A condition in the SLA condition language ({field, op, value} | {and} | {or} | {not})' });

const FieldStep = Type.Object(
  {
    key: Key,
    kind: Type.Literal('field'),
    field: Type.String({ minLength: 1, maxLength: 100, description: 'A case field as SLA conditions name it (productId, ownerId, fields.serialNumber, ...): done when it has a value' }),
    label: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    required: Type.Optional(Type.Boolean({ description: 'Default false' })),
  },
  { additionalProperties: false },
);
const ChecklistStep = Type.Object(
  {
    key: Key,
    kind: Type.Literal('checklist'),
    label: Type.String({ minLength: 1, maxLength: 200 }),
    required: Type.Optional(Type.Boolean({ description: 'Default false' })),
  },
  { additionalProperties: false },
);
const Branch = Type.Object(
  { label: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })), when: ConditionJson, next: Key },
  { additionalProperties: false, description: 'The first branch whose condition holds chooses the next stage' },
);
const Stage = Type.Object(
  {
    key: Key,
    name: Type.String({ minLength: 1, maxLength: 200 }),
    steps: Type.Array(Type.Union([FieldStep, ChecklistStep]), { maxItems: 50 }),
    branches: Type.Optional(Type.Array(Branch, { maxItems: 20 })),
    next: Type.Optional(Nullable(Key)),
  },
  { additionalProperties: false, description: 'next: where the stage goes when no branch holds (default: the following stage; null ends the process)' },
);

export const ProcessInput = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    description: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
    applicableWhen: Type.Optional(Nullable(ConditionJson)),
    active: Type.Optional(Type.Boolean({ description: 'Default true' })),
    rank: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000, description: 'Processes are tried in rank order on a new case (default 100)' })),
    stages: Type.Array(Stage, { minItems: 1, maxItems: 50 }),
  },
  { additionalProperties: false },
);

export const ProcessView = Type.Object({
  id: Uuid,
  name: Type.String(),
  description: Nullable(Type.String()),
  active: Type.Boolean(),
  rank: Type.Integer(),
  version: Type.Integer({ description: 'The definition version shown; the ETag is W/"<current version>"' }),
  currentVersion: Type.Integer(),
  applicableWhen: Type.Unknown(),
  stages: Type.Array(Stage),
  createdAt: InstantView,
  updatedAt: InstantView,
});

export const toProcessView = (l: LoadedProcess): Static<typeof ProcessView> => ({
  id: l.process.id,
  name: l.definition.name,
  description: l.definition.description ?? null,
  active: l.process.active,
  rank: l.process.rank,
  version: l.version.version,
  currentVersion: l.process.currentVersion,
  applicableWhen: l.definition.applicableWhen ?? null,
  stages: l.definition.stages as Static<typeof Stage>[],
  createdAt: l.process.createdAt.toISOString(),
  updatedAt: l.process.updatedAt.toISOString(),
});

export const MigrationResultView = Type.Object({
  toVersion: Type.Integer(),
  migrated: Type.Array(Uuid, { description: 'Cases now on the current version' }),
  skipped: Type.Array(Type.Object({ caseId: Uuid, stage: Nullable(Type.String()), reason: Type.String() })),
});

const StepStateView = Type.Object({
  key: Type.String(),
  kind: StringEnum(['field', 'checklist'] as const),
  label: Type.String(),
  field: Nullable(Type.String()),
  required: Type.Boolean(),
  done: Type.Boolean(),
  doneAt: Nullable(InstantView),
  doneBy: Nullable(Type.String()),
});

export const CaseProcessView = Type.Object({
  caseId: Uuid,
  instanceId: Uuid,
  processId: Uuid,
  processName: Type.String(),
  processVersion: Type.Integer({ description: 'The version this case follows (pinned)' }),
  currentProcessVersion: Type.Integer(),
  status: StringEnum(['active', 'finished', 'switched'] as const),
  version: Type.Integer({ description: 'Concurrency version of the run; the ETag is W/"<version>": send it as If-Match with every move' }),
  activeStage: Nullable(
    Type.Object({
      key: Type.String(),
      name: Type.String(),
      steps: Type.Array(StepStateView),
      missingRequired: Type.Array(Type.String()),
      next: Type.Object({ key: Nullable(Type.String()), name: Nullable(Type.String()), branch: Nullable(Type.String()) }),
    }),
  ),
  path: Type.Array(Type.Object({ key: Type.String(), name: Type.String(), state: StringEnum(['done', 'active', 'ahead'] as const), branch: Nullable(Type.String()) })),
  stages: Type.Array(Type.Object({ key: Type.String(), name: Type.String(), state: StringEnum(['done', 'active', 'ahead', 'not_taken'] as const) })),
  history: Type.Array(
    Type.Object({
      stage: Type.String(),
      name: Type.String(),
      enteredAt: InstantView,
      leftAt: Nullable(InstantView),
      exit: Nullable(Type.String()),
      calendarMinutes: Type.Integer(),
      businessMinutes: Type.Integer({ description: 'On the calendar of the case’s SLA' }),
      enteredBy: ActorView,
    }),
  ),
  calendar: Nullable(Type.Object({ id: Uuid, version: Type.Integer() })),
  earlier: Type.Array(
    Type.Object({
      instanceId: Uuid,
      processId: Uuid,
      processName: Type.String(),
      processVersion: Type.Integer(),
      status: Type.String(),
      startedAt: InstantView,
      endedAt: Nullable(InstantView),
    }),
  ),
  startedAt: InstantView,
  endedAt: Nullable(InstantView),
});
