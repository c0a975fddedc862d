import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { createAccount, getAccount, listAccounts, updateAccount } from '../../customers/accounts.js';
import { requiredIfMatchVersion } from '../etag.js';
import { resourceHeaders } from '../resource-headers.js';
import { IdParams, Page, PageQuery, idempotencyKeyHeader, problems, requiredIfMatchHeader } from '../schemas/common.js';
import { AccountCreate, AccountPatch, AccountView, toAccountView } from '../schemas/customers.js';

const tags = ['customers'];
const headers = resourceHeaders((a) => `/v1/accounts/${a.id}`);

/** Accounts (organisations). Any key may create and edit them; PATCH needs If-Match. */
const accountRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/v1/accounts',
    {
      preSerialization: headers,
      schema: {
        tags,
        summary: 'Create an account',
        headers: Type.Object({ ...idempotencyKeyHeader }),
        body: AccountCreate,
        response: { 201: AccountView, ...problems(409) },
      },
    },
    async (request, reply) => reply.code(201).send(toAccountView(await createAccount(app.db, request.body, app.now()))),
  );

  app.get(
    '/v1/accounts',
    { schema: { tags, summary: 'List accounts (oldest first)', querystring: Type.Object(PageQuery), response: { 200: Page(AccountView), ...problems() } } },
    async (request) => {
      const page = await listAccounts(app.db, request.query);
      return { items: page.rows.map((r) => toAccountView(r.account)), nextCursor: page.nextCursor };
    },
  );

  app.get(
    '/v1/accounts/:id',
    { preSerialization: headers, schema: { tags, summary: 'Read an account (with its ETag)', params: IdParams, response: { 200: AccountView, ...problems(404) } } },
    async (request) => toAccountView(await getAccount(app.db, request.params.id)),
  );

  app.patch(
    '/v1/accounts/:id',
    {
      preSerialization: headers,
      schema: {
        tags,
        summary: 'Change an account (If-Match required)',
        params: IdParams,
        headers: Type.Object({ ...requiredIfMatchHeader }),
        body: AccountPatch,
        response: { 200: AccountView, ...problems(404, 412, 428) },
      },
    },
    async (request) => {
      const expected = requiredIfMatchVersion(request);
      return toAccountView(await updateAccount(app.db, request.params.id, request.body, expected, app.now()));
    },
  );
};

export default accountRoutes;
