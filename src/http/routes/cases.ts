import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { CaseRow } from '../../cases/case-lifecycle.js';
import { createCase } from '../../cases/create-case.js';
import { updateCase } from '../../cases/update-case.js';
import { cancelCase, changeStatus, recordFirstResponse, reopenCase, resolveCase } from '../../cases/case-commands.js';
import { getCase, listCases, withMinutes } from '../../cases/case-queries.js';
import { actorOf } from '../actor.js';
import { ifMatchVersion, requiredIfMatchVersion } from '../etag.js';
import { parseInstant } from '../instants.js';
import { resourceHeaders } from '../resource-headers.js';
import { IdParams, Page, idempotencyKeyHeader, ifMatchHeader, problems, requiredIfMatchHeader } from '../schemas/common.js';
import { Cancel, CaseCreate, CaseListQuery, CasePatch, CaseView, FirstResponse, Reopen, Resolve, StatusChange, toCaseView } from '../schemas/cases.js';

const tags = ['cases'];
const headers = resourceHeaders((c) => `/v1/cases/${c.id}`);
const commandHeaders = Type.Object({ ...ifMatchHeader, ...idempotencyKeyHeader });

/**
 * Cases. Every change runs in one transaction with the lifecycle listeners (SLA clocks, entitlements);
 * a listener's refusal (e.g. 422) writes nothing. Concurrency: each case answer carries ETag W/"<version>".
 * PATCH requires If-Match (428 without, 412 when stale); the status commands (status, first response,
 * resolve, cancel, reopen) honour If-Match when sent but do not require it, since the state machine
 * already refuses a command that no longer fits (409). Commands accept `at` (an instant with offset):
 * when it happened, default now.
 */
const caseRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const answer = async (c: CaseRow) => {
    await app.caseLifecycle.afterCommit(c.id);
    return toCaseView(await withMinutes(app.db, c));
  };

  app.post(
    '/v1/cases',
    {
      preSerialization: headers,
      schema: {
        tags,
        summary: 'Create a case',
        description: 'Answers 201 with Location and ETag. Send Idempotency-Key to make retries safe.',
        headers: Type.Object({ ...idempotencyKeyHeader }),
        body: CaseCreate,
        response: { 201: CaseView, ...problems(409, 422) },
      },
    },
    async (request, reply) => {
      const c = await createCase(app.db, app.caseLifecycle, request.body, app.now(), actorOf(request));
      return reply.code(201).send(await answer(c));
    },
  );

  app.get(
    '/v1/cases',
    {
      schema: {
        tags,
        summary: 'List cases',
        description: 'Filters combine with AND; cursor paging with `limit` ≤ 100 and the opaque `nextCursor`.',
        querystring: CaseListQuery,
        response: { 200: Page(CaseView), ...problems() },
      },
    },
    async (request) => {
      const { sort, order, limit, cursor, ...filter } = request.query;
      const page = await listCases(app.db, filter, sort, order, { limit, cursor }, app.now());
      return { items: page.items.map(toCaseView), nextCursor: page.nextCursor };
    },
  );

  app.get(
    '/v1/cases/:id',
    { preSerialization: headers, schema: { tags, summary: 'Read a case (with its ETag)', params: IdParams, response: { 200: CaseView, ...problems(404) } } },
    async (request) => toCaseView(await getCase(app.db, request.params.id)),
  );

  app.patch(
    '/v1/cases/:id',
    {
      preSerialization: headers,
      schema: {
        tags,
        summary: 'Change case properties (If-Match required)',
        description: 'Changing the customer re-derives the service level unless the body sets one. A resolved or cancelled case is read-only (409).',
        params: IdParams,
        headers: Type.Object({ ...requiredIfMatchHeader }),
        body: CasePatch,
        response: { 200: CaseView, ...problems(404, 409, 412, 422, 428) },
      },
    },
    async (request) => {
      const expected = requiredIfMatchVersion(request);
      return answer(await updateCase(app.db, app.caseLifecycle, request.params.id, request.body, expected, app.now(), actorOf(request)));
    },
  );

  app.post(
    '/v1/cases/:id/status',
    {
      preSerialization: headers,
      schema: {
        tags,
        summary: 'Move an active case to another active status',
        description: 'in_progress, on_hold, waiting_for_details and researching move freely among each other; resolve, cancel and reopen have their own endpoints. Illegal moves are 409 ILLEGAL_STATUS_TRANSITION listing the allowed ones.',
        params: IdParams,
        headers: commandHeaders,
        body: StatusChange,
        response: { 200: CaseView, ...problems(404, 409, 412, 422) },
      },
    },
    async (request) => {
      const now = app.now();
      const at = parseInstant(request.body.at, 'body.at', now);
      const c = await changeStatus(app.db, app.caseLifecycle, { id: request.params.id, status: request.body.status, at, expectedVersion: ifMatchVersion(request), actor: actorOf(request) }, now);
      return answer(c);
    },
  );

  app.post(
    '/v1/cases/:id/first-response',
    {
      preSerialization: headers,
      schema: {
        tags,
        summary: 'Record the first response to the customer',
        description: 'Also recorded implicitly when a completed outgoing email or phone call is logged. Only once per case (409).',
        params: IdParams,
        headers: commandHeaders,
        body: FirstResponse,
        response: { 200: CaseView, ...problems(404, 409, 412, 422) },
      },
    },
    async (request) => {
      const now = app.now();
      const at = parseInstant(request.body.at, 'body.at', now);
      return answer(await recordFirstResponse(app.db, app.caseLifecycle, { id: request.params.id, at, expectedVersion: ifMatchVersion(request), actor: actorOf(request) }, now));
    },
  );

  app.post(
    '/v1/cases/:id/resolve',
    {
      preSerialization: headers,
      schema: {
        tags,
        summary: 'Resolve a case',
        description: 'Writes a resolution activity with the resolution text and the case’s total and billable minutes; the case leaves its queue.',
        params: IdParams,
        headers: commandHeaders,
        body: Resolve,
        response: { 200: CaseView, ...problems(404, 409, 412, 422) },
      },
    },
    async (request) => {
      const now = app.now();
      const at = parseInstant(request.body.at, 'body.at', now);
      const cmd = { id: request.params.id, resolution: request.body.resolution, at, expectedVersion: ifMatchVersion(request), actor: actorOf(request) };
      return answer(await resolveCase(app.db, app.caseLifecycle, cmd, now));
    },
  );

  app.post(
    '/v1/cases/:id/cancel',
    {
      preSerialization: headers,
      schema: {
        tags,
        summary: 'Cancel a case',
        description: 'Its SLA clocks stop without actions and it leaves its queue.',
        params: IdParams,
        headers: commandHeaders,
        body: Cancel,
        response: { 200: CaseView, ...problems(404, 409, 412, 422) },
      },
    },
    async (request) => {
      const now = app.now();
      const at = parseInstant(request.body.at, 'body.at', now);
      const cmd = { id: request.params.id, reason: request.body.reason, at, expectedVersion: ifMatchVersion(request), actor: actorOf(request) };
      return answer(await cancelCase(app.db, app.caseLifecycle, cmd, now));
    },
  );

  app.post(
    '/v1/cases/:id/reopen',
    {
      preSerialization: headers,
      schema: {
        tags,
        summary: 'Reopen a resolved or cancelled case (back to in_progress)',
        description: 'Keeps the case’s history (first response, resolution activity, minutes, breached); it does not return to a queue.',
        params: IdParams,
        headers: commandHeaders,
        body: Reopen,
        response: { 200: CaseView, ...problems(404, 409, 412, 422) },
      },
    },
    async (request) => {
      const now = app.now();
      const at = parseInstant(request.body.at, 'body.at', now);
      const cmd = { id: request.params.id, reason: request.body.reason, at, expectedVersion: ifMatchVersion(request), actor: actorOf(request) };
      return answer(await reopenCase(app.db, app.caseLifecycle, cmd, now));
    },
  );
};

export default caseRoutes;
