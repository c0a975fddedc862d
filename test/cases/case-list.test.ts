import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inArray } from 'drizzle-orm';
import { cases } from '../../db/schema/index.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { client, newAccount, newAgent, newCase, type Client } from './api-helpers.js';

let t: TestApp;
let api: Client;
let accountId: string;
const ids: string[] = [];
beforeAll(async () => {
  t = await createTestApp();
  api = client(t, await t.keyFor('agent'));
  const manager = client(t, await t.keyFor('manager'));
  accountId = (await newAccount(api)).id;
  const owner = await newAgent(manager);
  const priorities = ['low', 'normal', 'high'];
  for (let i = 0; i < 23; i++) {
    const c = await newCase(api, { accountId, priority: priorities[i % 3], ...(i % 5 === 0 ? { ownerId: owner.id } : {}) });
    ids.push(c.id);
  }
  // Ten cases created in the same microsecond: only the id can order them.
  await t.database.db.update(cases).set({ createdAt: new Date('2030-01-01T00:00:00.000Z') }).where(inArray(cases.id, ids.slice(5, 15)));
});
afterAll(async () => t.close());

async function pageAll(query: string, limit: number) {
  const seen: any[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const url = `/v1/cases?${query}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const res = await api.get(url);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.items.length).toBeLessThanOrEqual(limit);
    seen.push(...body.items);
    cursor = body.nextCursor;
    pages++;
  } while (cursor && pages < 100);
  return seen;
}

describe('GET /v1/cases paging', () => {
  for (const sort of ['createdAt', 'updatedAt', 'priority']) {
    for (const order of ['asc', 'desc']) {
      it(`returns every case exactly once, sorted by ${sort} ${order}, ties broken by id`, async () => {
        const all = await pageAll(`accountId=${accountId}&sort=${sort}&order=${order}`, 4);
        expect(all.map((c) => c.id).sort()).toEqual([...ids].sort());
        const rank: Record<string, number> = { low: 0, normal: 1, high: 2 };
        const key = (c: any) => (sort === 'priority' ? String(rank[c.priority]) : c[sort]);
        const sorted = [...all].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : a.id < b.id ? -1 : 1));
        if (order === 'desc') sorted.reverse();
        expect(all.map((c) => c.id)).toEqual(sorted.map((c) => c.id));
      });
    }
  }

  it('answers nextCursor null on the last page', async () => {
    const res = await api.get(`/v1/cases?accountId=${accountId}&limit=100`);
    expect(res.json().items).toHaveLength(23);
    expect(res.json().nextCursor).toBeNull();
  });

  it('refuses a limit above 100 and a forged cursor with 400 naming the parameter', async () => {
    const big = await api.get('/v1/cases?limit=101');
    expect(big.statusCode).toBe(400);
    expect(big.json().errors[0].field).toBe('querystring.limit');
    const forged = await api.get('/v1/cases?cursor=bm9wZQ');
    expect(forged.statusCode).toBe(400);
    expect(forged.json()).toMatchObject({ code: 'INVALID_CURSOR', field: 'querystring.cursor' });
  });

  it('refuses a cursor presented with other filters or another sort', async () => {
    const first = (await api.get(`/v1/cases?accountId=${accountId}&limit=2`)).json();
    for (const other of [`priority=high&limit=2`, `accountId=${accountId}&sort=priority&limit=2`, `accountId=${accountId}&order=asc&limit=2`]) {
      const res = await api.get(`/v1/cases?${other}&cursor=${first.nextCursor}`);
      expect(res.statusCode).toBe(400);
      expect(res.json().code).toBe('INVALID_CURSOR');
    }
  });
});

describe('GET /v1/cases filters', () => {
  it('filters by priority (several values), owner, status, breached and number', async () => {
    const high = await pageAll(`accountId=${accountId}&priority=high`, 100);
    expect(high).toHaveLength(7);
    expect(high.every((c) => c.priority === 'high')).toBe(true);
    const two = await pageAll(`accountId=${accountId}&priority=high&priority=low`, 100);
    expect(two).toHaveLength(15);
    const owned = await pageAll(`accountId=${accountId}&ownerId=${(await api.get(`/v1/cases/${ids[0]}`)).json().ownerId}`, 100);
    expect(owned).toHaveLength(5);
    await api.post(`/v1/cases/${ids[1]}/status`, { status: 'on_hold' });
    const held = await pageAll(`accountId=${accountId}&status=on_hold`, 100);
    expect(held.map((c) => c.id)).toEqual([ids[1]]);
    expect(await pageAll(`accountId=${accountId}&breached=true`, 100)).toHaveLength(0);
    const number = (await api.get(`/v1/cases/${ids[2]}`)).json().number;
    expect((await pageAll(`number=${number}`, 100)).map((c) => c.id)).toEqual([ids[2]]);
  });

  it('answers 400 for an unknown status value or a malformed id filter', async () => {
    expect((await api.get('/v1/cases?status=open')).statusCode).toBe(400);
    expect((await api.get('/v1/cases?ownerId=bob')).json().errors[0].field).toBe('querystring.ownerId');
  });
});
