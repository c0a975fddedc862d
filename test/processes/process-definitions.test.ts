import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';
import { client, type Client } from '../cases/api-helpers.js';
import { hardwareFault } from './support.js';

describe('process definitions', () => {
  let t: TestApp;
  let api: Client;
  beforeAll(async () => {
    t = await createTestApp({ clock: () => new Date('2027-03-10T10:00:00Z') });
    api = client(t);
  });
  afterAll(async () => {
    await t.close();
  });

  const bad = async (body: object) => {
    const res = await api.post('/v1/processes', body);
    expect(res.statusCode, res.body).toBe(400);
    return res.json();
  };

  it('saves a valid definition as version 1, readable by any key, writable by admins only', async () => {
    const res = await api.post('/v1/processes', hardwareFault());
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ name: 'Hardware fault', version: 1, currentVersion: 1, active: true });
    expect(res.headers.etag).toBe('W/"1"');
    const agent = client(t, await t.keyFor('agent'));
    expect((await agent.get(`/v1/processes/${res.json().id}`)).statusCode).toBe(200);
    expect((await agent.post('/v1/processes', hardwareFault())).statusCode).toBe(403);
  });

  it('names an unknown case field of a step or of a branch condition', async () => {
    const d = hardwareFault();
    (d.stages[0].steps[0] as { field: string }).field = 'serialNumber';
    expect(await bad(d)).toMatchObject({ code: 'UNKNOWN_FIELD', field: 'body.stages[0].steps[0].field' });
    const e = hardwareFault();
    e.stages[1].branches![0].when = { field: 'colour', op: 'equals', value: 'red' } as never;
    expect(await bad(e)).toMatchObject({ code: 'UNKNOWN_FIELD', field: 'body.stages[1].branches[0].when.field' });
  });

  it('names an unknown stage a branch or a next points to', async () => {
    const d = hardwareFault();
    d.stages[1].branches![1].next = 'escalation';
    const problem = await bad(d);
    expect(problem).toMatchObject({ code: 'UNKNOWN_STAGE', field: 'body.stages[1].branches[1].next' });
    expect(problem.detail).toContain('"escalation"');
  });

  it('rejects a cycle and a stage that cannot be reached', async () => {
    const d = hardwareFault();
    d.stages[2].next = 'research';
    const cycle = await bad(d);
    expect(cycle.code).toBe('PROCESS_CYCLE');
    expect(cycle.detail).toContain('research → return → research');
    const u = hardwareFault();
    u.stages[1].branches = [];
    expect(await bad(u)).toMatchObject({ code: 'UNREACHABLE_STAGE', field: 'body.stages[2]' });
  });

  it('writes a new version on PUT (If-Match) and keeps the old one readable', async () => {
    const created = (await api.post('/v1/processes', hardwareFault())).json();
    expect((await api.put(`/v1/processes/${created.id}`, hardwareFault())).statusCode).toBe(428);
    const changed = hardwareFault({ name: 'Hardware fault (2)' });
    const put = await api.put(`/v1/processes/${created.id}`, changed, { 'if-match': 'W/"1"' });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json()).toMatchObject({ version: 2, currentVersion: 2, name: 'Hardware fault (2)' });
    expect((await api.put(`/v1/processes/${created.id}`, changed, { 'if-match': 'W/"1"' })).statusCode).toBe(412);
    const same = await api.put(`/v1/processes/${created.id}`, changed, { 'if-match': 'W/"2"' });
    expect(same.json().version).toBe(2);
    expect((await api.get(`/v1/processes/${created.id}/versions/1`)).json().name).toBe('Hardware fault');
  });
});
