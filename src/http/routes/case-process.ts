import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { caseProcessView } from '../../processes/case-process-view.js';
import { completeStep, finishProcess, moveBack, moveNext, switchProcess } from '../../processes/process-commands.js';
import { processPicture } from '../../processes/process-picture.js';
import { actorOf } from '../actor.js';
import { ifMatchVersion, requiredIfMatchVersion } from '../etag.js';
import { resourceHeaders } from '../resource-headers.js';
import { IdParams, Uuid, idempotencyKeyHeader, ifMatchHeader, problems, requiredIfMatchHeader } from '../schemas/common.js';
import { CaseProcessView } from '../schemas/processes.js';

const tags = ['processes'];
const withEtag = resourceHeaders();
const moveHeaders = Type.Object({ ...requiredIfMatchHeader, ...idempotencyKeyHeader });
const StepParams = Type.Object({ id: Type.String({ format: 'uuid' }), step: Type.String({ pattern: '^[a-z][a-z0-9_-]{0,63}$' }) });

/** A case's process run: read it (and its picture), and move it. Every move needs the run's ETag as If-Match. */
const caseProcessRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const answer = async (caseId: string) => {
    await app.caseLifecycle.afterCommit(caseId);
    return (await caseProcessView(app.db, caseId, app.now())).view;
  };

  app.get(
    '/v1/cases/:id/process',
    {
      preSerialization: withEtag,
      schema: {
        tags,
        summary: "The case's process: path, active stage and its steps, stage history with calendar and business minutes",
        params: IdParams,
        response: { 200: CaseProcessView, ...problems(404) },
      },
    },
    async (request) => (await caseProcessView(app.db, request.params.id, app.now())).view,
  );

  app.get(
    '/v1/cases/:id/process.svg',
    {
      schema: {
        tags,
        summary: "A picture of the case's process: the stages as a flow, the path taken, the active stage, branches not taken",
        params: IdParams,
        produces: ['image/svg+xml'],
        response: { 200: { description: 'SVG image', content: { 'image/svg+xml': { schema: Type.String() } } }, ...problems(404) },
      },
    },
    async (request, reply) => {
      const { view, p } = await caseProcessView(app.db, request.params.id, app.now());
      return reply.type('image/svg+xml').send(await processPicture(p.definition, view));
    },
  );

  const move = (path: string, summary: string, description: string, run: (caseId: string, expected: number | undefined, actor: ReturnType<typeof actorOf>) => Promise<unknown>) =>
    app.post(
      path,
      {
        preSerialization: withEtag,
        schema: { tags, summary, description, params: IdParams, headers: moveHeaders, response: { 200: CaseProcessView, ...problems(404, 409, 412, 428) } },
      },
      async (request) => {
        await run(request.params.id, requiredIfMatchVersion(request), actorOf(request));
        return answer(request.params.id);
      },
    );

  move(
    '/v1/cases/:id/process/next',
    'Complete the active stage and move to the next one on the path',
    '409 REQUIRED_STEPS_MISSING lists the required steps still missing; 409 NO_NEXT_STAGE at the last stage (finish instead); 412 when another move came first.',
    (id, expected, actor) => moveNext(app.db, id, expected, app.now(), actor),
  );
  move('/v1/cases/:id/process/back', 'Move back to the previous stage of the path taken', '409 NO_PREVIOUS_STAGE at the first stage.', (id, expected, actor) =>
    moveBack(app.db, id, expected, app.now(), actor),
  );
  move('/v1/cases/:id/process/finish', 'Finish the process at its last stage', '409 PROCESS_NOT_AT_END when the path goes on; 409 REQUIRED_STEPS_MISSING.', (id, expected, actor) =>
    finishProcess(app.db, id, expected, app.now(), actor),
  );

  app.post(
    '/v1/cases/:id/process/steps/:step/complete',
    {
      preSerialization: withEtag,
      schema: {
        tags,
        summary: 'Complete a checklist step of the active stage',
        description: 'Field steps are done when their case field has a value (409 STEP_IS_A_FIELD). Completing a completed step changes nothing.',
        params: StepParams,
        headers: moveHeaders,
        response: { 200: CaseProcessView, ...problems(404, 409, 412, 428) },
      },
    },
    async (request) => {
      await completeStep(app.db, request.params.id, request.params.step, requiredIfMatchVersion(request), app.now(), actorOf(request));
      return answer(request.params.id);
    },
  );

  app.post(
    '/v1/cases/:id/process/switch',
    {
      preSerialization: withEtag,
      schema: {
        tags,
        summary: 'Switch the case to another applicable process (the current run is kept as history)',
        description: '409 PROCESS_NOT_APPLICABLE when the process is unknown, inactive or its applicable-when does not hold; If-Match names the current run (optional when the case has none).',
        params: IdParams,
        headers: Type.Object({ ...ifMatchHeader, ...idempotencyKeyHeader }),
        body: Type.Object({ processId: Uuid }, { additionalProperties: false }),
        response: { 200: CaseProcessView, ...problems(404, 409, 412) },
      },
    },
    async (request) => {
      await switchProcess(app.db, request.params.id, request.body.processId, ifMatchVersion(request), app.now(), actorOf(request));
      return answer(request.params.id);
    },
  );
};

export default caseProcessRoutes;
