import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { caseEvents, queueItems } from '../../db/schema/index.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { client, newAccount, newAgent, newCase, newContact, newQueue, type Client } from './api-helpers.js';

let t: TestApp;
let api: Client;
beforeAll(async () => {
  t = await createTestApp();
  api = client(t);
});
afterAll(async () => t.close());

const problem = (res: { statusCode: number; headers: Record<string, unknown>; json(): any }) => {
  expect(res.headers['content-type']).toContain('application/problem+json');
  return res.json();
};

describe('POST /v1/cases', () => {
  it('creates a case numbered from the sequence and answers 201 with Location and ETag', async () => {
    const account = await newAccount(api);
    const res = await api.post('/v1/cases', { title: 'Cannot log in', origin: 'email', accountId: account.id, priority: 'high', product: 'Portal' });
    expect(res.statusCode).toBe(201);
    const c = res.json();
    expect(c.number).toMatch(/^CAS-\d{6}$/);
    expect(res.headers.location).toBe(`/v1/cases/${c.id}`);
    expect(res.headers.etag).toBe('W/"1"');
    expect(c).toMatchObject({ status: 'in_progress', priority: 'high', origin: 'email', product: 'Portal', version: 1, totalMinutes: 0, billableMinutes: 0, fields: {} });
    const next = await newCase(api);
    expect(Number(next.number.slice(4))).toBe(Number(c.number.slice(4)) + 1);
  });

  it('defaults the priority to normal and the service level to the account’s tier', async () => {
    const account = await newAccount(api, { serviceLevel: 'premium' });
    const c = await newCase(api, { accountId: account.id });
    expect(c).toMatchObject({ priority: 'normal', serviceLevel: 'premium', accountId: account.id, contactId: null });
  });

  it('prefers the contact’s own service level over its account’s and brings the contact’s account along', async () => {
    const account = await newAccount(api, { serviceLevel: 'premium' });
    const contact = await newContact(api, { accountId: account.id, serviceLevel: 'enterprise' });
    const c = await newCase(api, { contactId: contact.id });
    expect(c).toMatchObject({ serviceLevel: 'enterprise', contactId: contact.id, accountId: account.id });
  });

  it('uses the contact’s account tier when the contact has none, and standard when nobody has one', async () => {
    const account = await newAccount(api, { serviceLevel: 'enterprise' });
    const inAccount = await newContact(api, { accountId: account.id });
    expect((await newCase(api, { contactId: inAccount.id })).serviceLevel).toBe('enterprise');
    const loner = await newContact(api);
    expect((await newCase(api, { contactId: loner.id })).serviceLevel).toBe('standard');
  });

  it('keeps an explicit service level', async () => {
    const account = await newAccount(api, { serviceLevel: 'enterprise' });
    expect((await newCase(api, { accountId: account.id, serviceLevel: 'standard' })).serviceLevel).toBe('standard');
  });

  it('puts a case created with a queue into that queue', async () => {
    const queue = await newQueue(api);
    const c = await newCase(api, { queueId: queue.id });
    expect(c.queueId).toBe(queue.id);
    const items = (await api.get(`/v1/queues/${queue.id}/items`)).json().items;
    expect(items).toMatchObject([{ caseId: c.id, queueId: queue.id, removedAt: null, case: { number: c.number } }]);
  });

  it('answers 400 naming the field when neither account nor contact is given', async () => {
    const res = await api.post('/v1/cases', { title: 'x', origin: 'web' });
    expect(res.statusCode).toBe(400);
    expect(problem(res)).toMatchObject({ code: 'VALIDATION_FAILED', field: 'body.accountId' });
  });

  it('answers 422 CUSTOMER_NOT_FOUND naming the field for an unknown account or contact', async () => {
    const missing = '00000000-0000-4000-8000-000000000000';
    for (const field of ['accountId', 'contactId']) {
      const res = await api.post('/v1/cases', { title: 'x', origin: 'web', [field]: missing });
      expect(res.statusCode).toBe(422);
      expect(problem(res)).toMatchObject({ code: 'CUSTOMER_NOT_FOUND', field: `body.${field}`, id: missing });
    }
  });

  it('answers 422 when the contact belongs to another account than the one named', async () => {
    const a = await newAccount(api);
    const b = await newAccount(api);
    const contact = await newContact(api, { accountId: a.id });
    const res = await api.post('/v1/cases', { title: 'x', origin: 'web', accountId: b.id, contactId: contact.id });
    expect(res.statusCode).toBe(422);
    expect(problem(res)).toMatchObject({ code: 'CONTACT_NOT_IN_ACCOUNT', field: 'body.contactId', contactAccountId: a.id });
  });

  it('answers 422 for an unknown owner or queue', async () => {
    const account = await newAccount(api);
    const missing = '00000000-0000-4000-8000-000000000000';
    const owner = await api.post('/v1/cases', { title: 'x', origin: 'web', accountId: account.id, ownerId: missing });
    expect(owner.statusCode).toBe(422);
    expect(problem(owner)).toMatchObject({ code: 'AGENT_NOT_FOUND', field: 'body.ownerId' });
    const queue = await api.post('/v1/cases', { title: 'x', origin: 'web', accountId: account.id, queueId: missing });
    expect(queue.statusCode).toBe(422);
    expect(problem(queue)).toMatchObject({ code: 'QUEUE_NOT_FOUND', field: 'body.queueId' });
  });

  it('answers 400 naming an unknown property, a bad enum value and a malformed uuid', async () => {
    const account = await newAccount(api);
    const unknown = await api.post('/v1/cases', { title: 'x', origin: 'web', accountId: account.id, colour: 'red' });
    expect(unknown.statusCode).toBe(400);
    expect(problem(unknown)).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'body.colour', message: 'is not a known property' }] });
    const origin = await api.post('/v1/cases', { title: 'x', origin: 'pigeon', accountId: account.id });
    expect(origin.statusCode).toBe(400);
    expect(origin.json().errors[0].field).toBe('body.origin');
    expect(origin.json().detail).toContain('phone');
    const uuid = await api.post('/v1/cases', { title: 'x', origin: 'web', accountId: 'not-a-uuid' });
    expect(uuid.statusCode).toBe(400);
    expect(uuid.json().errors[0].field).toBe('body.accountId');
  });

  it('does not accept status, fields or a case number from the client', async () => {
    const account = await newAccount(api);
    for (const extra of [{ status: 'resolved' }, { fields: { a: 1 } }, { number: 'CAS-999999' }]) {
      const res = await api.post('/v1/cases', { title: 'x', origin: 'web', accountId: account.id, ...extra });
      expect(res.statusCode).toBe(400);
      expect(res.json().errors[0].field).toBe(`body.${Object.keys(extra)[0]}`);
    }
  });
});

describe('GET /v1/cases/{id}', () => {
  it('reads a case with its ETag', async () => {
    const c = await newCase(api);
    const res = await api.get(`/v1/cases/${c.id}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers.etag).toBe('W/"1"');
    expect(res.json()).toEqual(c);
  });

  it('answers 404 CASE_NOT_FOUND for an unknown id and 400 (never 500) for a malformed one', async () => {
    const missing = await api.get('/v1/cases/00000000-0000-4000-8000-000000000000');
    expect(missing.statusCode).toBe(404);
    expect(problem(missing)).toMatchObject({ code: 'CASE_NOT_FOUND' });
    const malformed = await api.get('/v1/cases/42');
    expect(malformed.statusCode).toBe(400);
    expect(problem(malformed)).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'params.id' }] });
  });
});

describe('PATCH /v1/cases/{id}', () => {
  it('requires If-Match: 428 PRECONDITION_REQUIRED without it', async () => {
    const c = await newCase(api);
    const res = await api.patch(`/v1/cases/${c.id}`, { priority: 'high' });
    expect(res.statusCode).toBe(428);
    expect(problem(res)).toMatchObject({ code: 'PRECONDITION_REQUIRED' });
  });

  it('changes the case, bumps the version and answers with the new ETag', async () => {
    const agent = await newAgent(api);
    const c = await newCase(api);
    const res = await api.patch(`/v1/cases/${c.id}`, { priority: 'high', ownerId: agent.id, title: 'Printer still on fire' }, { 'if-match': 'W/"1"' });
    expect(res.statusCode).toBe(200);
    expect(res.headers.etag).toBe('W/"2"');
    expect(res.json()).toMatchObject({ priority: 'high', ownerId: agent.id, title: 'Printer still on fire', version: 2 });
    const [event] = await t.database.db.select().from(caseEvents).where(eq(caseEvents.caseId, c.id)).then((rows) => rows.filter((e) => e.kind === 'fields_updated'));
    expect(event.data).toEqual({
      changes: { title: { from: 'Printer on fire', to: 'Printer still on fire' }, priority: { from: 'normal', to: 'high' }, ownerId: { from: null, to: agent.id } },
    });
  });

  it('answers 412 PRECONDITION_FAILED for a stale ETag and accepts *', async () => {
    const c = await newCase(api);
    await api.patch(`/v1/cases/${c.id}`, { priority: 'low' }, { 'if-match': 'W/"1"' });
    const stale = await api.patch(`/v1/cases/${c.id}`, { priority: 'high' }, { 'if-match': 'W/"1"' });
    expect(stale.statusCode).toBe(412);
    expect(problem(stale)).toMatchObject({ code: 'PRECONDITION_FAILED' });
    const any = await api.patch(`/v1/cases/${c.id}`, { priority: 'high' }, { 'if-match': '*' });
    expect(any.statusCode).toBe(200);
    expect(any.json().version).toBe(3);
  });

  it('answers 400 INVALID_IF_MATCH for a header that is not an ETag', async () => {
    const c = await newCase(api);
    const res = await api.patch(`/v1/cases/${c.id}`, { priority: 'high' }, { 'if-match': 'yesterday' });
    expect(res.statusCode).toBe(400);
    expect(problem(res)).toMatchObject({ code: 'INVALID_IF_MATCH' });
  });

  it('lets exactly one of two concurrent updates with the same ETag win; the other gets 412', async () => {
    const c = await newCase(api);
    const [a, b] = await Promise.all([
      api.patch(`/v1/cases/${c.id}`, { priority: 'high' }, { 'if-match': 'W/"1"' }),
      api.patch(`/v1/cases/${c.id}`, { priority: 'low' }, { 'if-match': 'W/"1"' }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 412]);
    const winner = a.statusCode === 200 ? a.json() : b.json();
    const now = (await api.get(`/v1/cases/${c.id}`)).json();
    expect(now).toMatchObject({ version: 2, priority: winner.priority });
  });

  it('changes nothing (same version, no event) when the patch repeats the current values', async () => {
    const c = await newCase(api);
    const res = await api.patch(`/v1/cases/${c.id}`, { priority: 'normal', title: c.title }, { 'if-match': 'W/"1"' });
    expect(res.statusCode).toBe(200);
    expect(res.json().version).toBe(1);
    const events = await t.database.db.select().from(caseEvents).where(eq(caseEvents.caseId, c.id));
    expect(events.map((e) => e.kind)).toEqual(['created']);
  });

  it('re-derives the service level when the customer changes, unless the patch sets one', async () => {
    const c = await newCase(api);
    const premium = await newAccount(api, { serviceLevel: 'premium' });
    const moved = await api.patch(`/v1/cases/${c.id}`, { accountId: premium.id }, { 'if-match': 'W/"1"' });
    expect(moved.json()).toMatchObject({ accountId: premium.id, serviceLevel: 'premium' });
    const enterprise = await newAccount(api, { serviceLevel: 'enterprise' });
    const explicit = await api.patch(`/v1/cases/${c.id}`, { accountId: enterprise.id, serviceLevel: 'standard' }, { 'if-match': 'W/"2"' });
    expect(explicit.json()).toMatchObject({ accountId: enterprise.id, serviceLevel: 'standard' });
  });

  it('refuses to remove the last customer of a case with 400 naming the field', async () => {
    const c = await newCase(api);
    const res = await api.patch(`/v1/cases/${c.id}`, { accountId: null }, { 'if-match': 'W/"1"' });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'VALIDATION_FAILED', field: 'body.accountId' });
  });

  it('answers 400 for an empty patch or a status in the patch', async () => {
    const c = await newCase(api);
    expect((await api.patch(`/v1/cases/${c.id}`, {}, { 'if-match': 'W/"1"' })).statusCode).toBe(400);
    const status = await api.patch(`/v1/cases/${c.id}`, { status: 'on_hold' }, { 'if-match': 'W/"1"' });
    expect(status.statusCode).toBe(400);
    expect(status.json().errors[0].field).toBe('body.status');
  });

  it('answers 409 CASE_NOT_ACTIVE for a resolved case and 404 for an unknown one', async () => {
    const c = await newCase(api);
    await api.post(`/v1/cases/${c.id}/resolve`, { resolution: 'Fixed' });
    const res = await api.patch(`/v1/cases/${c.id}`, { priority: 'high' }, { 'if-match': '*' });
    expect(res.statusCode).toBe(409);
    expect(problem(res)).toMatchObject({ code: 'CASE_NOT_ACTIVE', status: 409, caseStatus: 'resolved' });
    const missing = await api.patch('/v1/cases/00000000-0000-4000-8000-000000000000', { priority: 'high' }, { 'if-match': '*' });
    expect(missing.statusCode).toBe(404);
  });
});

describe('queue membership of resolved cases', () => {
  it('takes a resolved case out of its queue', async () => {
    const queue = await newQueue(api);
    const c = await newCase(api, { queueId: queue.id });
    const resolved = (await api.post(`/v1/cases/${c.id}/resolve`, { resolution: 'Done' })).json();
    expect(resolved.queueId).toBeNull();
    const open = await t.database.db.select().from(queueItems).where(eq(queueItems.caseId, c.id));
    expect(open).toHaveLength(1);
    expect(open[0].removedAt).not.toBeNull();
  });
});
