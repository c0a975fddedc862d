import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';
import { client, newAccount, type Client } from '../cases/api-helpers.js';

const INT4_MAX = 2_147_483_647;
const weekdays = { mon: [['08:00', '17:00']], tue: [['08:00', '17:00']], wed: [['08:00', '17:00']], thu: [['08:00', '17:00']], fri: [['08:00', '17:00']] };

describe('request bodies are taken as sent, or refused naming the field', () => {
  let t: TestApp;
  let api: Client;
  beforeAll(async () => {
    t = await createTestApp();
    api = client(t);
  });
  afterAll(async () => t.close());

  const sla = (item: Record<string, unknown>) => ({ name: 'S', items: [{ name: 'Resolve', kpi: 'resolve', failure: { hours: 8 }, ...item }] });

  it('refuses a number where a string is expected instead of turning it into text', async () => {
    const account = await newAccount(api);
    const res = await api.post('/v1/cases', { title: 12345678901234567890, origin: 'phone', accountId: account.id });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(res.json().errors[0].field).toBe('body.title');
    expect((await api.post('/v1/accounts', { name: true })).statusCode).toBe(400);
    expect((await api.post('/v1/queues', { name: 'Q', isEscalation: 'yes' })).statusCode).toBe(400);
  });

  it('still reads numbers and booleans from the query string', async () => {
    const res = await api.get('/v1/cases?limit=2&breached=false&status=in_progress');
    expect(res.statusCode, res.body).toBe(200);
  });

  it('refuses an unknown query parameter (a misspelt filter) instead of ignoring it; parameters with a default are optional', async () => {
    const res = await api.get('/v1/cases?stauts=in_progress');
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0]).toEqual({ field: 'querystring.stauts', message: 'is not a known property' });
    expect((await api.get('/v1/cases')).statusCode).toBe(200);
    const doc = (await t.app.inject({ method: 'GET', url: '/docs/json' })).json();
    const limit = doc.paths['/v1/cases'].get.parameters.find((p: { name: string }) => p.name === 'limit');
    expect(limit.required ?? false).toBe(false);
  });

  it('answers a path parameter longer than any id with 400 problem+json', async () => {
    const res = await api.get(`/v1/cases/${'x'.repeat(500)}`);
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json().code).toBe('PARAMETER_TOO_LONG');
  });

  it('names the field of a duration out of range: {"hours": 1e308}', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/slas',
      headers: { ...t.auth(), 'content-type': 'application/json' },
      payload: '{"name":"S","items":[{"name":"Resolve","kpi":"resolve","failure":{"hours":1e308}}]}',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().detail).toMatch(/^body\.items\.0\.failure\.hours must be <= 100000/);
  });

  it('refuses 5,000 nested "not" with 400 JSON_TOO_DEEP, not a stack overflow', async () => {
    // Built as text: JSON.stringify itself would overflow the stack on the client side.
    const condition = `${'{"not":'.repeat(5000)}{"field":"priority","op":"equals","value":"high"}${'}'.repeat(5000)}`;
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/slas',
      headers: { ...t.auth(), 'content-type': 'application/json' },
      payload: `{"name":"S","items":[{"name":"Resolve","kpi":"resolve","failure":{"hours":8},"applicableWhen":${condition}}]}`,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('JSON_TOO_DEEP');
    expect(res.json().field).toMatch(/^body\.items\.0\.applicableWhen\.not\.not/);
  });

  it('limits the depth and the size of a condition (CONDITION_TOO_DEEP, CONDITION_TOO_LARGE)', async () => {
    let deep: Record<string, unknown> = { field: 'priority', op: 'equals', value: 'high' };
    for (let i = 0; i < 11; i++) deep = { not: deep };
    const tooDeep = await api.post('/v1/slas', sla({ applicableWhen: deep }));
    expect(tooDeep.statusCode).toBe(400);
    expect(tooDeep.json()).toMatchObject({ code: 'CONDITION_TOO_DEEP' });
    const leaf = { field: 'priority', op: 'equals', value: 'high' };
    const tooLarge = await api.post('/v1/slas', sla({ successCriteria: { or: Array.from({ length: 300 }, () => ({ and: [leaf, leaf] })) } }));
    expect(tooLarge.statusCode).toBe(400);
    expect(tooLarge.json()).toMatchObject({ code: 'CONDITION_TOO_LARGE' });
    let fine: Record<string, unknown> = leaf;
    for (let i = 0; i < 9; i++) fine = { not: fine };
    expect((await api.post('/v1/slas', sla({ applicableWhen: fine }))).statusCode).toBe(201);
  });

  it('refuses integers beyond the int4 columns with 400 naming the parameter (path and body)', async () => {
    const calendar = (await api.post('/v1/calendars', { name: 'Paris', definition: { timeZone: 'Europe/Paris', weekly: weekdays } })).json();
    const calendarVersion = await api.get(`/v1/calendars/${calendar.id}/versions/3000000000`);
    expect(calendarVersion.statusCode).toBe(400);
    expect(calendarVersion.json().errors[0].field).toBe('params.version');
    const slaId = (await api.post('/v1/slas', sla({}))).json().id;
    const slaVersion = await api.get(`/v1/slas/${slaId}/versions/${INT4_MAX + 1}`);
    expect(slaVersion.statusCode).toBe(400);
    expect(slaVersion.json().errors[0].field).toBe('params.version');
    expect((await api.get(`/v1/slas/${slaId}/versions/${INT4_MAX}`)).statusCode).toBe(404);
    const whatIf = await api.post('/v1/business-time/deadline', { calendarId: calendar.id, version: 3_000_000_000, start: '2026-03-02T09:00:00Z', duration: { hours: 1 } });
    expect(whatIf.statusCode).toBe(400);
    expect(whatIf.json().errors[0].field).toBe('body.version');
    const ifMatch = await api.put(`/v1/calendars/${calendar.id}`, { name: 'Paris', definition: { timeZone: 'Europe/Paris', weekly: weekdays } }, { 'if-match': 'W/"99999999999"' });
    expect(ifMatch.statusCode).toBe(400);
    expect(ifMatch.json()).toMatchObject({ code: 'INVALID_IF_MATCH', field: 'headers.if-match' });
  });

  it('bounds every integer of every parameter and request body in the OpenAPI document by int4', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/docs/json' })).json();
    const unbounded: string[] = [];
    const walk = (schema: unknown, where: string): void => {
      if (Array.isArray(schema)) return schema.forEach((s, i) => walk(s, `${where}[${i}]`));
      if (typeof schema !== 'object' || schema === null) return;
      const s = schema as Record<string, unknown>;
      const types = Array.isArray(s.type) ? s.type : [s.type];
      if (types.includes('integer')) {
        const max = (s.maximum ?? s.exclusiveMaximum) as number | undefined;
        const min = (s.minimum ?? s.exclusiveMinimum) as number | undefined;
        if (max === undefined || max > INT4_MAX || min === undefined || min < -INT4_MAX - 1) unbounded.push(where);
      }
      for (const [k, v] of Object.entries(s)) if (k !== 'examples' && k !== 'default' && k !== 'enum') walk(v, `${where}.${k}`);
    };
    for (const [path, ops] of Object.entries(doc.paths as Record<string, Record<string, any>>)) {
      for (const [method, op] of Object.entries(ops)) {
        for (const p of op.parameters ?? []) walk(p.schema, `${method.toUpperCase()} ${path} ${p.in}.${p.name}`);
        for (const [type, c] of Object.entries(op.requestBody?.content ?? {})) walk((c as { schema: unknown }).schema, `${method.toUpperCase()} ${path} body(${type})`);
      }
    }
    expect(unbounded).toEqual([]);
  });
});
