import { Type } from '@sinclair/typebox';
import { goalMetricNames } from '../../goals/goal-metrics.js';
import type { GoalProgress } from '../../goals/goal-progress.js';
import type { GoalRow } from '../../goals/goals.js';
import { actorView } from '../../audit/actor.js';
import { InstantView, Nullable, StringEnum, Uuid } from './common.js';
import { ActorView } from './actors.js';

const Target = Type.Number({ minimum: -1e9, maximum: 1e9 });

export const GoalPeriodInput = Type.Union([
  Type.Object({ type: Type.Literal('month'), month: Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$', description: 'YYYY-MM' }) }, { additionalProperties: false }),
  Type.Object({ type: Type.Literal('quarter'), quarter: Type.String({ pattern: '^\\d{4}-Q[1-4]$', description: 'YYYY-Qn' }) }, { additionalProperties: false }),
  Type.Object(
    {
      type: Type.Literal('fiscal_year'),
      fiscalYear: Type.Integer({ minimum: 1970, maximum: 2300, description: 'Named by the year it starts in' }),
      startMonth: Type.Optional(Type.Integer({ minimum: 1, maximum: 12, description: 'First month of the fiscal year; default 1 (January)' })),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      type: Type.Literal('custom'),
      from: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'First day (UTC), included' }),
      to: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'Last day (UTC), included' }),
    },
    { additionalProperties: false },
  ),
]);

export const GoalCreate = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    metric: StringEnum(goalMetricNames as unknown as readonly string[] as readonly [string, ...string[]]),
    owner: Type.Object({ type: StringEnum(['agent', 'queue'] as const), id: Uuid }, { additionalProperties: false }),
    period: GoalPeriodInput,
    target: Target,
    stretchTarget: Type.Optional(Nullable(Target)),
    parentId: Type.Optional(Nullable(Uuid)),
  },
  { additionalProperties: false },
);

export const GoalPatch = Type.Object(
  { name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })), target: Type.Optional(Target), stretchTarget: Type.Optional(Nullable(Target)) },
  { additionalProperties: false, minProperties: 1 },
);

const GoalFields = {
  id: Uuid,
  name: Type.String(),
  metric: Type.String(),
  owner: Type.Object({ type: StringEnum(['agent', 'queue'] as const), id: Uuid }),
  period: Type.Object({ type: Type.String(), label: Type.String(), start: Type.String({ format: 'date' }), end: Type.String({ format: 'date' }) }),
  target: Type.Number(),
  stretchTarget: Nullable(Type.Number()),
  parentId: Nullable(Uuid),
  version: Type.Integer(),
  createdAt: InstantView,
  updatedAt: InstantView,
  changedBy: ActorView,
};
export const GoalView = Type.Object(GoalFields);

export const GoalWithProgressView = Type.Object({
  ...GoalFields,
  actual: Nullable(Type.Number()),
  percentAchieved: Nullable(Type.Number()),
  status: StringEnum(['in_progress', 'achieved', 'missed'] as const),
  stretchAchieved: Type.Boolean(),
  trend: Type.Array(Type.Object({ date: Type.String({ format: 'date' }), value: Nullable(Type.Number()), toDate: Nullable(Type.Number()) })),
  children: Type.Array(Type.Object({ id: Uuid, name: Type.String(), actual: Nullable(Type.Number()) })),
});

export function toGoalView(g: GoalRow) {
  return {
    id: g.id,
    name: g.name,
    metric: g.metric,
    owner: { type: g.ownerType, id: g.ownerId },
    period: { type: g.periodType, label: g.periodLabel, start: g.periodStart, end: g.periodEnd },
    target: g.target,
    stretchTarget: g.stretchTarget,
    parentId: g.parentId,
    version: g.version,
    createdAt: g.createdAt.toISOString(),
    updatedAt: g.updatedAt.toISOString(),
    changedBy: actorView(g),
  };
}

export const toGoalWithProgress = (g: GoalRow, p: GoalProgress) => ({ ...toGoalView(g), ...p });
