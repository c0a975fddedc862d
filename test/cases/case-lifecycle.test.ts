import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import { caseActivities, caseEvents, cases, queueItems } from '../../db/schema/index.js';
import type { CaseLifecycleListener } from '../../src/cases/case-lifecycle.js';
import { unprocessable } from '../../src/errors.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { client, newAccount, newCase, newQueue, type Client } from './api-helpers.js';

/** Records what it hears; refuses the events named in `refuse` with a 422 like an exhausted entitlement would. */
const calls: Array<{ event: string; args: unknown[] }> = [];
const refuse = new Set<string>();
const recorder: CaseLifecycleListener = { name: 'recorder' };
for (const event of ['beforeCreate', 'onCreated', 'onUpdated', 'onStatusChanged', 'onFirstResponse', 'onResolved', 'onCancelled', 'onReopened'] as const) {
  (recorder as unknown as Record<string, unknown>)[event] = async (_tx: unknown, ...args: unknown[]) => {
    calls.push({ event, args });
    if (refuse.has(event)) throw unprocessable('ENTITLEMENT_EXHAUSTED', 'No terms left on the entitlement.');
  };
}
const committed: string[] = [];
recorder.afterCommit = async (caseId) => {
  committed.push(caseId);
};

let t: TestApp;
let api: Client;
beforeAll(async () => {
  t = await createTestApp({ caseListeners: [recorder] });
  api = client(t);
});
afterAll(async () => t.close());
beforeEach(() => {
  calls.length = 0;
  committed.length = 0;
  refuse.clear();
});

const rows = async (table: typeof cases | typeof caseEvents | typeof queueItems | typeof caseActivities) =>
  (await t.database.db.select({ n: count() }).from(table))[0].n;

describe('case lifecycle listeners', () => {
  it('hear a creation before and after the insert, then afterCommit', async () => {
    const c = await newCase(api);
    expect(calls.map((x) => x.event)).toEqual(['beforeCreate', 'onCreated']);
    expect(calls[1].args[0]).toMatchObject({ id: c.id, number: c.number });
    expect(committed).toEqual([c.id]);
  });

  it('can complete the draft in beforeCreate', async () => {
    const slaId = '11111111-1111-4111-8111-111111111111';
    const listener: CaseLifecycleListener = { name: 'chooser', beforeCreate: async (_tx, draft) => void (draft.slaId = slaId) };
    const other = await createTestApp({ caseListeners: [listener] });
    try {
      const c = await newCase(client(other));
      expect(c.slaId).toBe(slaId);
    } finally {
      await other.close();
    }
  });

  it('a listener refusing onCreated leaves no case, no event and no queue item behind', async () => {
    const queue = await newQueue(api);
    const account = await newAccount(api);
    const before = { cases: await rows(cases), events: await rows(caseEvents), items: await rows(queueItems) };
    refuse.add('onCreated');
    const res = await api.post('/v1/cases', { title: 'x', origin: 'web', accountId: account.id, queueId: queue.id });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code: 'ENTITLEMENT_EXHAUSTED' });
    expect({ cases: await rows(cases), events: await rows(caseEvents), items: await rows(queueItems) }).toEqual(before);
    expect(committed).toEqual([]);
  });

  it('a listener refusing onUpdated leaves the case as it was', async () => {
    const c = await newCase(api);
    refuse.add('onUpdated');
    const res = await api.patch(`/v1/cases/${c.id}`, { priority: 'high' }, { 'if-match': 'W/"1"' });
    expect(res.statusCode).toBe(422);
    expect((await api.get(`/v1/cases/${c.id}`)).json()).toMatchObject({ priority: 'normal', version: 1 });
    const events = await t.database.db.select().from(caseEvents).where(eq(caseEvents.caseId, c.id));
    expect(events.map((e) => e.kind)).toEqual(['created']);
  });

  it('a listener refusing onResolved leaves no resolution activity and the case active', async () => {
    const c = await newCase(api);
    const activitiesBefore = await rows(caseActivities);
    refuse.add('onResolved');
    expect((await api.post(`/v1/cases/${c.id}/resolve`, { resolution: 'x' })).statusCode).toBe(422);
    expect(await rows(caseActivities)).toBe(activitiesBefore);
    expect((await api.get(`/v1/cases/${c.id}`)).json().status).toBe('in_progress');
  });

  it('hear field changes with the list of changed fields, to re-evaluate SLAs', async () => {
    const c = await newCase(api);
    calls.length = 0;
    await api.patch(`/v1/cases/${c.id}`, { priority: 'high', product: 'Printer' }, { 'if-match': 'W/"1"' });
    expect(calls.map((x) => x.event)).toEqual(['onUpdated']);
    const [before, after, changed] = calls[0].args as [{ priority: string }, { priority: string }, string[]];
    expect([before.priority, after.priority]).toEqual(['normal', 'high']);
    expect(changed.sort()).toEqual(['priority', 'product', 'productId']);
  });

  it('hear status commands with the reported instant and the API key that sent them', async () => {
    const c = await newCase(api);
    calls.length = 0;
    const at = new Date(c.createdAt);
    committed.length = 0;
    await api.post(`/v1/cases/${c.id}/status`, { status: 'on_hold', at: at.toISOString() });
    await api.post(`/v1/cases/${c.id}/first-response`, {});
    await api.post(`/v1/cases/${c.id}/resolve`, { resolution: 'x' });
    await api.post(`/v1/cases/${c.id}/reopen`, {});
    await api.post(`/v1/cases/${c.id}/cancel`, { reason: 'x' });
    expect(calls.map((x) => x.event)).toEqual(['onStatusChanged', 'onFirstResponse', 'onResolved', 'onReopened', 'onCancelled']);
    expect(calls[0].args[2]).toEqual(at);
    for (const call of calls) expect(call.args.at(-1), call.event).toMatchObject({ kind: 'api_key', name: 'bootstrap admin (from configuration)' });
    expect(committed).toEqual([c.id, c.id, c.id, c.id, c.id]);
  });

  it('hear a queue move as an update of queueId', async () => {
    const c = await newCase(api);
    const queue = await newQueue(api);
    calls.length = 0;
    expect((await api.post(`/v1/queues/${queue.id}/items`, { caseId: c.id })).statusCode).toBe(201);
    expect(calls.map((x) => [x.event, x.args[2]])).toEqual([['onUpdated', ['queueId']]]);
  });

  it('hear the implicit first response of an outgoing email', async () => {
    const c = await newCase(api);
    calls.length = 0;
    await api.post(`/v1/cases/${c.id}/activities`, { kind: 'email', direction: 'outgoing', subject: 'Re: printer' });
    expect(calls.map((x) => x.event)).toEqual(['onFirstResponse']);
  });
});
