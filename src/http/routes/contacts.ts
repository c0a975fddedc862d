import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { createContact, getContact, listContacts, updateContact } from '../../customers/contacts.js';
import { requiredIfMatchVersion } from '../etag.js';
import { resourceHeaders } from '../resource-headers.js';
import { IdParams, Page, PageQuery, Uuid, idempotencyKeyHeader, problems, requiredIfMatchHeader } from '../schemas/common.js';
import { ContactCreate, ContactPatch, ContactView, toContactView } from '../schemas/customers.js';

const tags = ['customers'];
const headers = resourceHeaders((c) => `/v1/contacts/${c.id}`);

/** Contacts (people, optionally in an account). Any key may create and edit them; PATCH needs If-Match. */
const contactRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/v1/contacts',
    {
      preSerialization: headers,
      schema: {
        tags,
        summary: 'Create a contact',
        headers: Type.Object({ ...idempotencyKeyHeader }),
        body: ContactCreate,
        response: { 201: ContactView, ...problems(409, 422) },
      },
    },
    async (request, reply) => reply.code(201).send(toContactView(await createContact(app.db, request.body, app.now()))),
  );

  app.get(
    '/v1/contacts',
    {
      schema: {
        tags,
        summary: 'List contacts (oldest first), optionally of one account',
        querystring: Type.Object({ accountId: Type.Optional(Uuid), ...PageQuery }),
        response: { 200: Page(ContactView), ...problems() },
      },
    },
    async (request) => {
      const { accountId, ...page } = request.query;
      const result = await listContacts(app.db, { accountId }, page);
      return { items: result.rows.map((r) => toContactView(r.contact)), nextCursor: result.nextCursor };
    },
  );

  app.get(
    '/v1/contacts/:id',
    { preSerialization: headers, schema: { tags, summary: 'Read a contact (with its ETag)', params: IdParams, response: { 200: ContactView, ...problems(404) } } },
    async (request) => toContactView(await getContact(app.db, request.params.id)),
  );

  app.patch(
    '/v1/contacts/:id',
    {
      preSerialization: headers,
      schema: {
        tags,
        summary: 'Change a contact (If-Match required)',
        params: IdParams,
        headers: Type.Object({ ...requiredIfMatchHeader }),
        body: ContactPatch,
        response: { 200: ContactView, ...problems(404, 412, 422, 428) },
      },
    },
    async (request) => {
      const expected = requiredIfMatchVersion(request);
      return toContactView(await updateContact(app.db, request.params.id, request.body, expected, app.now()));
    },
  );
};

export default contactRoutes;
