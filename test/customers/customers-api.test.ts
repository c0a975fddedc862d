import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';
import { client, newAccount, newAgent, newContact, type Client } from '../cases/api-helpers.js';

let t: TestApp;
let agent: Client;
let manager: Client;
beforeAll(async () => {
  t = await createTestApp();
  agent = client(t, await t.keyFor('agent'));
  manager = client(t, await t.keyFor('manager'));
});
afterAll(async () => t.close());

const missing = '00000000-0000-4000-8000-000000000000';

describe('accounts', () => {
  it('creates an account (201, Location, ETag) with the standard tier by default', async () => {
    const res = await agent.post('/v1/accounts', { name: 'Fabrikam', email: 'support@fabrikam.example' });
    expect(res.statusCode).toBe(201);
    const a = res.json();
    expect(a).toMatchObject({ name: 'Fabrikam', serviceLevel: 'standard', email: 'support@fabrikam.example', version: 1 });
    expect(res.headers.location).toBe(`/v1/accounts/${a.id}`);
    expect(res.headers.etag).toBe('W/"1"');
    expect((await agent.get(`/v1/accounts/${a.id}`)).json()).toEqual(a);
  });

  it('answers 400 naming a bad service level, a bad email or an unknown property', async () => {
    for (const [body, field] of [
      [{ name: 'x', serviceLevel: 'gold' }, 'body.serviceLevel'],
      [{ name: 'x', email: 'not an email' }, 'body.email'],
      [{ name: 'x', vip: true }, 'body.vip'],
      [{}, 'body.name'],
    ] as const) {
      const res = await agent.post('/v1/accounts', body);
      expect(res.statusCode).toBe(400);
      expect(res.json().errors[0].field).toBe(field);
    }
  });

  it('updates with If-Match: 428 without, 412 when stale, 200 with the next ETag', async () => {
    const a = await newAccount(agent);
    expect((await agent.patch(`/v1/accounts/${a.id}`, { serviceLevel: 'premium' })).statusCode).toBe(428);
    const ok = await agent.patch(`/v1/accounts/${a.id}`, { serviceLevel: 'premium' }, { 'if-match': 'W/"1"' });
    expect(ok.statusCode).toBe(200);
    expect(ok.headers.etag).toBe('W/"2"');
    expect(ok.json()).toMatchObject({ serviceLevel: 'premium', version: 2 });
    const stale = await agent.patch(`/v1/accounts/${a.id}`, { name: 'Other' }, { 'if-match': 'W/"1"' });
    expect(stale.statusCode).toBe(412);
    expect(stale.json().code).toBe('PRECONDITION_FAILED');
  });

  it('answers 404 ACCOUNT_NOT_FOUND for an unknown account and 400 for a malformed id', async () => {
    const res = await agent.get(`/v1/accounts/${missing}`);
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('ACCOUNT_NOT_FOUND');
    expect((await agent.patch(`/v1/accounts/${missing}`, { name: 'x' }, { 'if-match': '*' })).statusCode).toBe(404);
    expect((await agent.get('/v1/accounts/abc')).statusCode).toBe(400);
  });

  it('lists accounts oldest first in pages', async () => {
    const created = [await newAccount(agent, { name: 'P1' }), await newAccount(agent, { name: 'P2' }), await newAccount(agent, { name: 'P3' })];
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: Array<{ id: string }>; nextCursor: string | null } = (await agent.get(`/v1/accounts?limit=2${cursor ? `&cursor=${cursor}` : ''}`)).json();
      seen.push(...page.items.map((a) => a.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.slice(-3)).toEqual(created.map((a) => a.id));
  });
});

describe('contacts', () => {
  it('creates a contact in an account with its own optional service level', async () => {
    const a = await newAccount(agent);
    const c = await newContact(agent, { accountId: a.id, email: 'ada@example.com', phone: '+44 20 7946 0000', serviceLevel: 'enterprise' });
    expect(c).toMatchObject({ accountId: a.id, serviceLevel: 'enterprise', version: 1 });
    expect((await newContact(agent)).serviceLevel).toBeNull();
  });

  it('answers 422 ACCOUNT_NOT_FOUND naming the field for an unknown account', async () => {
    const res = await agent.post('/v1/contacts', { name: 'x', accountId: missing });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code: 'ACCOUNT_NOT_FOUND', field: 'body.accountId' });
  });

  it('updates with If-Match and can clear its own service level', async () => {
    const c = await newContact(agent, { serviceLevel: 'premium' });
    const res = await agent.patch(`/v1/contacts/${c.id}`, { serviceLevel: null }, { 'if-match': 'W/"1"' });
    expect(res.json()).toMatchObject({ serviceLevel: null, version: 2 });
    expect((await agent.patch(`/v1/contacts/${c.id}`, { name: 'x' })).statusCode).toBe(428);
    const moved = await agent.patch(`/v1/contacts/${c.id}`, { accountId: missing }, { 'if-match': 'W/"2"' });
    expect(moved.statusCode).toBe(422);
  });

  it('lists the contacts of one account', async () => {
    const a = await newAccount(agent);
    const c1 = await newContact(agent, { accountId: a.id });
    const c2 = await newContact(agent, { accountId: a.id });
    await newContact(agent);
    const res = (await agent.get(`/v1/contacts?accountId=${a.id}`)).json();
    expect(res.items.map((c: { id: string }) => c.id)).toEqual([c1.id, c2.id]);
    expect(res.nextCursor).toBeNull();
  });

  it('answers 404 CONTACT_NOT_FOUND for an unknown contact', async () => {
    expect((await agent.get(`/v1/contacts/${missing}`)).json().code).toBe('CONTACT_NOT_FOUND');
  });
});

describe('agents', () => {
  it('are created by managers (agents get 403) with an optional manager', async () => {
    expect((await agent.post('/v1/agents', { name: 'x', email: 'x@example.com' })).statusCode).toBe(403);
    const boss = await newAgent(manager, { name: 'Boss', email: 'boss@example.com' });
    const res = await manager.post('/v1/agents', { name: 'Worker', email: 'worker@example.com', managerId: boss.id });
    expect(res.statusCode).toBe(201);
    expect(res.headers.location).toBe(`/v1/agents/${res.json().id}`);
    expect(res.json()).toMatchObject({ managerId: boss.id });
    const mine = (await agent.get(`/v1/agents?managerId=${boss.id}`)).json().items;
    expect(mine.map((a: { id: string }) => a.id)).toEqual([res.json().id]);
  });

  it('answers 422 AGENT_NOT_FOUND for an unknown manager and 400 for a missing email', async () => {
    const res = await manager.post('/v1/agents', { name: 'x', email: 'x@example.com', managerId: missing });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code: 'AGENT_NOT_FOUND', field: 'body.managerId' });
    expect((await manager.post('/v1/agents', { name: 'x' })).json().errors[0].field).toBe('body.email');
  });

  it('updates without If-Match and refuses a manager cycle (422)', async () => {
    const a = await newAgent(manager, { name: 'A' });
    const b = await newAgent(manager, { name: 'B', managerId: a.id });
    const c = await newAgent(manager, { name: 'C', managerId: b.id });
    const renamed = await manager.patch(`/v1/agents/${a.id}`, { name: 'A2' });
    expect(renamed.json()).toMatchObject({ name: 'A2' });
    const cycle = await manager.patch(`/v1/agents/${a.id}`, { managerId: c.id });
    expect(cycle.statusCode).toBe(422);
    expect(cycle.json().code).toBe('MANAGER_CYCLE');
    expect((await manager.patch(`/v1/agents/${a.id}`, { managerId: a.id })).json().code).toBe('MANAGER_CYCLE');
  });

  it('answers 404 AGENT_NOT_FOUND for an unknown agent', async () => {
    expect((await agent.get(`/v1/agents/${missing}`)).json().code).toBe('AGENT_NOT_FOUND');
    expect((await manager.patch(`/v1/agents/${missing}`, { name: 'x' })).statusCode).toBe(404);
  });
});
