import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { goalMetrics, type GoalMetricName } from '../../goals/goal-metrics.js';
import { goalProgress } from '../../goals/goal-progress.js';
import { createGoal, deleteGoal, getGoal, listGoals, updateGoalTargets, type GoalInput } from '../../goals/goals.js';
import { actorOf } from '../actor.js';
import { ifMatchVersion } from '../etag.js';
import { resourceHeaders } from '../resource-headers.js';
import { IdParams, Page, PageQuery, Uuid, idempotencyKeyHeader, ifMatchHeader, problems } from '../schemas/common.js';
import { GoalCreate, GoalPatch, GoalView, GoalWithProgressView, toGoalView, toGoalWithProgress } from '../schemas/goals.js';

const tags = ['goals'];
const manager = { role: 'manager' as const };
const withHeaders = resourceHeaders((g) => `/v1/goals/${g.id}`);
const better = (metric: string) => goalMetrics[metric as GoalMetricName].better;

/** Goals (manager role): targets for an agent or a queue over a period; progress is computed when read. */
const goalRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/v1/goals',
    {
      config: manager,
      preSerialization: withHeaders,
      schema: {
        tags,
        summary: 'Create a goal (manager)',
        description: 'A metric for an agent or a queue over a month, quarter, fiscal year or custom dates; a child goal names its parent (same metric and period).',
        headers: Type.Object({ ...idempotencyKeyHeader }),
        body: GoalCreate,
        response: { 201: GoalView, ...problems(422) },
      },
    },
    async (request, reply) => {
      const input = request.body as GoalInput;
      const goal = await createGoal(app.db, input, better(input.metric), actorOf(request), app.now());
      return reply.code(201).send(toGoalView(goal));
    },
  );

  app.get(
    '/v1/goals',
    {
      config: manager,
      schema: { tags, summary: 'List goals, oldest first (manager)', querystring: Type.Object({ parentId: Type.Optional(Uuid), ...PageQuery }), response: { 200: Page(GoalView), ...problems() } },
    },
    async (request) => {
      const { parentId, ...page } = request.query;
      const result = await listGoals(app.db, { parentId }, page);
      return { items: result.rows.map((r) => toGoalView(r.row)), nextCursor: result.nextCursor };
    },
  );

  app.get(
    '/v1/goals/:id',
    {
      config: manager,
      preSerialization: withHeaders,
      schema: {
        tags,
        summary: 'A goal with its actual, % achieved, status and daily trend (manager)',
        params: IdParams,
        response: { 200: GoalWithProgressView, ...problems(404) },
      },
    },
    async (request) => {
      const goal = await getGoal(app.db, request.params.id);
      return toGoalWithProgress(goal, await goalProgress(app.db, goal, app.now()));
    },
  );

  app.patch(
    '/v1/goals/:id',
    {
      config: manager,
      preSerialization: withHeaders,
      schema: {
        tags,
        summary: 'Change a goal’s name, target or stretch target (manager; If-Match optional)',
        params: IdParams,
        headers: Type.Object(ifMatchHeader),
        body: GoalPatch,
        response: { 200: GoalView, ...problems(404, 412, 422) },
      },
    },
    async (request) => toGoalView(await updateGoalTargets(app.db, request.params.id, request.body, better, ifMatchVersion(request), actorOf(request), app.now())),
  );

  app.delete(
    '/v1/goals/:id',
    {
      config: manager,
      schema: { tags, summary: 'Delete a goal without children (manager)', params: IdParams, response: { 204: Type.Null({ description: 'Deleted' }), ...problems(404, 409) } },
    },
    async (request, reply) => {
      await deleteGoal(app.db, request.params.id, actorOf(request), app.now());
      return reply.code(204).send(null);
    },
  );
};

export default goalRoutes;
