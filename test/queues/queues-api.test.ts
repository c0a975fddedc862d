import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asc, eq } from 'drizzle-orm';
import { caseEvents } from '../../db/schema/index.js';
import { escalationQueue } from '../../src/queues/queues.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { client, newAgent, newCase, newQueue, type Client } from '../cases/api-helpers.js';

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

describe('queues', () => {
  it('are created by managers (201, Location); agents get 403', async () => {
    expect((await agent.post('/v1/queues', { name: 'Tier 1' })).statusCode).toBe(403);
    const res = await manager.post('/v1/queues', { name: 'Tier 1', description: 'First line' });
    expect(res.statusCode).toBe(201);
    expect(res.headers.location).toBe(`/v1/queues/${res.json().id}`);
    expect(res.json()).toMatchObject({ name: 'Tier 1', description: 'First line', isEscalation: false });
    expect((await agent.get(`/v1/queues/${res.json().id}`)).json()).toEqual(res.json());
  });

  it('have unique names (409 QUEUE_NAME_TAKEN)', async () => {
    await newQueue(manager, { name: 'Billing' });
    const res = await manager.post('/v1/queues', { name: 'Billing' });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'QUEUE_NAME_TAKEN', field: 'body.name' });
  });

  it('keep at most one escalation queue: marking another moves the mark', async () => {
    const first = await newQueue(manager, { name: 'Escalations', isEscalation: true });
    expect((await escalationQueue(t.database.db))?.id).toBe(first.id);
    const second = await newQueue(manager, { name: 'Escalations 2', isEscalation: true });
    expect((await agent.get(`/v1/queues/${first.id}`)).json().isEscalation).toBe(false);
    expect((await escalationQueue(t.database.db))?.id).toBe(second.id);
    const back = await manager.patch(`/v1/queues/${first.id}`, { isEscalation: true });
    expect(back.json().isEscalation).toBe(true);
    expect((await agent.get(`/v1/queues/${second.id}`)).json().isEscalation).toBe(false);
  });

  it('are listed by name', async () => {
    const names = (await agent.get('/v1/queues?limit=100')).json().items.map((q: { name: string }) => q.name);
    expect(names).toEqual([...names].sort());
    expect(names).toContain('Tier 1');
  });

  it('answer 404 QUEUE_NOT_FOUND for an unknown queue', async () => {
    expect((await agent.get(`/v1/queues/${missing}`)).json().code).toBe('QUEUE_NOT_FOUND');
    expect((await agent.get(`/v1/queues/${missing}/items`)).statusCode).toBe(404);
    expect((await agent.post(`/v1/queues/${missing}/items`, { caseId: missing })).statusCode).toBe(404);
  });
});

describe('queue items', () => {
  it('putting a case into a queue answers 201 with the item, and 200 with the same item when it already is there', async () => {
    const q = await newQueue(manager);
    const c = await newCase(agent);
    const res = await agent.post(`/v1/queues/${q.id}/items`, { caseId: c.id, reason: 'triage' });
    expect(res.statusCode).toBe(201);
    expect(res.headers.location).toBe(`/v1/queue-items/${res.json().id}`);
    expect(res.json()).toMatchObject({ queueId: q.id, caseId: c.id, workedById: null, removedAt: null, reason: 'triage' });
    const again = await agent.post(`/v1/queues/${q.id}/items`, { caseId: c.id });
    expect(again.statusCode).toBe(200);
    expect(again.json().id).toBe(res.json().id);
    expect((await agent.get(`/v1/cases/${c.id}`)).json()).toMatchObject({ queueId: q.id, version: 2 });
  });

  it('a case is in one queue at a time: adding it elsewhere moves it and records the move', async () => {
    const a = await newQueue(manager, { name: 'Move from' });
    const b = await newQueue(manager, { name: 'Move to' });
    const c = await newCase(agent, { queueId: a.id });
    const first = (await agent.get(`/v1/queues/${a.id}/items`)).json().items[0];
    await agent.post(`/v1/queues/${b.id}/items`, { caseId: c.id });
    expect((await agent.get(`/v1/queues/${a.id}/items`)).json().items).toEqual([]);
    expect((await agent.get(`/v1/queues/${b.id}/items`)).json().items.map((i: { caseId: string }) => i.caseId)).toEqual([c.id]);
    expect((await agent.get(`/v1/queue-items/${first.id}`)).json().removedAt).not.toBeNull();
    const events = await t.database.db.select().from(caseEvents).where(eq(caseEvents.caseId, c.id)).orderBy(asc(caseEvents.id));
    expect(events.at(-1)).toMatchObject({ kind: 'queue_changed', summary: 'Moved from "Move from" to "Move to"', data: { fromQueueId: a.id, toQueueId: b.id } });
  });

  it('lists a queue’s open items first in, first out, with a summary of each case', async () => {
    const q = await newQueue(manager);
    const c1 = await newCase(agent, { queueId: q.id, priority: 'high' });
    const c2 = await newCase(agent, { queueId: q.id });
    const items = (await agent.get(`/v1/queues/${q.id}/items`)).json().items;
    expect(items.map((i: { caseId: string }) => i.caseId)).toEqual([c1.id, c2.id]);
    expect(items[0].case).toEqual({ number: c1.number, title: c1.title, priority: 'high', status: 'in_progress', ownerId: null });
  });

  it('pick assigns the item to an agent; another agent gets 409 until it is released', async () => {
    const q = await newQueue(manager);
    const c = await newCase(agent, { queueId: q.id });
    const [item] = (await agent.get(`/v1/queues/${q.id}/items`)).json().items;
    const ann = await newAgent(manager, { name: 'Ann' });
    const bob = await newAgent(manager, { name: 'Bob' });
    const picked = await agent.post(`/v1/queue-items/${item.id}/pick`, { agentId: ann.id });
    expect(picked.json()).toMatchObject({ workedById: ann.id });
    expect((await agent.post(`/v1/queue-items/${item.id}/pick`, { agentId: ann.id })).statusCode).toBe(200);
    const taken = await agent.post(`/v1/queue-items/${item.id}/pick`, { agentId: bob.id });
    expect(taken.statusCode).toBe(409);
    expect(taken.json()).toMatchObject({ code: 'QUEUE_ITEM_ALREADY_PICKED', workedById: ann.id });
    expect((await agent.get(`/v1/queues/${q.id}/items?workedById=${ann.id}`)).json().items).toHaveLength(1);
    expect((await agent.post(`/v1/queue-items/${item.id}/release`)).json().workedById).toBeNull();
    expect((await agent.post(`/v1/queue-items/${item.id}/pick`, { agentId: bob.id })).json().workedById).toBe(bob.id);
    const kinds = (await agent.get(`/v1/cases/${c.id}/timeline`)).json().items.map((i: { kind: string }) => i.kind);
    expect(kinds).toEqual(['created', 'queue_item_picked', 'queue_item_released', 'queue_item_picked']);
  });

  it('pick answers 422 for an unknown agent and 400 without one', async () => {
    const q = await newQueue(manager);
    await newCase(agent, { queueId: q.id });
    const [item] = (await agent.get(`/v1/queues/${q.id}/items`)).json().items;
    const res = await agent.post(`/v1/queue-items/${item.id}/pick`, { agentId: missing });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code: 'AGENT_NOT_FOUND', field: 'body.agentId' });
    expect((await agent.post(`/v1/queue-items/${item.id}/pick`, {})).json().errors[0].field).toBe('body.agentId');
  });

  it('route moves the case to another queue; the old item is then closed (409 on further work)', async () => {
    const from = await newQueue(manager);
    const to = await newQueue(manager);
    const c = await newCase(agent, { queueId: from.id });
    const [item] = (await agent.get(`/v1/queues/${from.id}/items`)).json().items;
    const routed = await agent.post(`/v1/queue-items/${item.id}/route`, { queueId: to.id, reason: 'needs billing' });
    expect(routed.statusCode).toBe(200);
    expect(routed.json()).toMatchObject({ queueId: to.id, caseId: c.id, reason: 'needs billing' });
    const stale = await agent.post(`/v1/queue-items/${item.id}/pick`, { agentId: (await newAgent(manager)).id });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('QUEUE_ITEM_NOT_OPEN');
    const unknown = await agent.post(`/v1/queue-items/${routed.json().id}/route`, { queueId: missing });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json()).toMatchObject({ code: 'QUEUE_NOT_FOUND', field: 'body.queueId' });
  });

  it('removing an item takes the case out of every queue', async () => {
    const q = await newQueue(manager);
    const c = await newCase(agent, { queueId: q.id });
    const [item] = (await agent.get(`/v1/queues/${q.id}/items`)).json().items;
    expect((await agent.delete(`/v1/queue-items/${item.id}`)).statusCode).toBe(204);
    expect((await agent.get(`/v1/cases/${c.id}`)).json().queueId).toBeNull();
    expect((await agent.delete(`/v1/queue-items/${item.id}`)).statusCode).toBe(409);
  });

  it('refuses to queue a closed case (409) or an unknown one (422), and answers 404 for an unknown item', async () => {
    const q = await newQueue(manager);
    const c = await newCase(agent);
    await agent.post(`/v1/cases/${c.id}/cancel`, { reason: 'spam' });
    const closed = await agent.post(`/v1/queues/${q.id}/items`, { caseId: c.id });
    expect(closed.statusCode).toBe(409);
    expect(closed.json().code).toBe('CASE_NOT_ACTIVE');
    const unknown = await agent.post(`/v1/queues/${q.id}/items`, { caseId: missing });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json()).toMatchObject({ code: 'CASE_NOT_FOUND', field: 'body.caseId' });
    expect((await agent.get(`/v1/queue-items/${missing}`)).json().code).toBe('QUEUE_ITEM_NOT_FOUND');
  });
});
