import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { createProcess, getProcess, listProcesses, replaceProcess, type ProcessInput as ProcessInputData } from '../../processes/process-definitions.js';
import { migrateInstances } from '../../processes/migrate-instances.js';
import { actorOf } from '../actor.js';
import { requiredIfMatchVersion } from '../etag.js';
import { IdParams, Page, PageQuery, VersionParams, idempotencyKeyHeader, problems, requiredIfMatchHeader } from '../schemas/common.js';
import { MigrationResultView, ProcessInput, ProcessView, toProcessView } from '../schemas/processes.js';
import type { FastifyReply } from 'fastify';

const tags = ['processes'];
/** The ETag of a process is its current version (what PUT's If-Match must name). */
const etag = (reply: FastifyReply, currentVersion: number) => reply.header('etag', `W/"${currentVersion}"`);

/** Business process definitions: admins write them, any key reads them. */
const processRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/v1/processes',
    {
      config: { role: 'admin' },
      schema: {
        tags,
        summary: 'Define a business process (admin)',
        description:
          'Validated on save: an unknown case field or stage is 400 naming it (UNKNOWN_FIELD, UNKNOWN_STAGE), as are a cycle (PROCESS_CYCLE) and a stage that cannot be reached (UNREACHABLE_STAGE).',
        headers: Type.Object(idempotencyKeyHeader),
        body: ProcessInput,
        response: { 201: ProcessView, ...problems() },
      },
    },
    async (request, reply) => {
      const l = await createProcess(app.db, request.body as ProcessInputData, app.now(), actorOf(request));
      etag(reply, l.process.currentVersion).header('location', `/v1/processes/${l.process.id}`);
      return reply.code(201).send(toProcessView(l));
    },
  );

  app.get(
    '/v1/processes',
    { schema: { tags, summary: 'List processes in the order they are tried on a new case', querystring: Type.Object(PageQuery), response: { 200: Page(ProcessView), ...problems() } } },
    async (request) => {
      const page = await listProcesses(app.db, request.query);
      return { items: page.rows.map((r) => toProcessView(r.loaded)), nextCursor: page.nextCursor };
    },
  );

  app.get(
    '/v1/processes/:id',
    { schema: { tags, summary: 'Read a process (its current version)', params: IdParams, response: { 200: ProcessView, ...problems(404) } } },
    async (request, reply) => {
      const l = await getProcess(app.db, request.params.id);
      etag(reply, l.process.currentVersion);
      return toProcessView(l);
    },
  );

  app.get(
    '/v1/processes/:id/versions/:version',
    { schema: { tags, summary: 'Read one version of a process (what the cases pinned to it follow)', params: VersionParams, response: { 200: ProcessView, ...problems(404) } } },
    async (request) => toProcessView(await getProcess(app.db, request.params.id, request.params.version)),
  );

  app.put(
    '/v1/processes/:id',
    {
      config: { role: 'admin' },
      schema: {
        tags,
        summary: 'Replace a process definition: a new version (admin, If-Match required)',
        description: 'Cases already following the process keep the version they started on until an admin migrates them (POST /v1/processes/{id}/migrate).',
        params: IdParams,
        headers: Type.Object(requiredIfMatchHeader),
        body: ProcessInput,
        response: { 200: ProcessView, ...problems(404, 412, 428) },
      },
    },
    async (request, reply) => {
      const l = await replaceProcess(app.db, request.params.id, request.body as ProcessInputData, requiredIfMatchVersion(request), app.now(), actorOf(request));
      etag(reply, l.process.currentVersion);
      return toProcessView(l);
    },
  );

  app.post(
    '/v1/processes/:id/migrate',
    {
      config: { role: 'admin' },
      schema: {
        tags,
        summary: 'Move the running cases of a process onto its current version (admin)',
        description: 'A case whose active stage the current version does not have stays on its version and is listed in `skipped`.',
        params: IdParams,
        headers: Type.Object(idempotencyKeyHeader),
        response: { 200: MigrationResultView, ...problems(404) },
      },
    },
    async (request) => migrateInstances(app.db, request.params.id, app.now(), actorOf(request)),
  );
};

export default processRoutes;
