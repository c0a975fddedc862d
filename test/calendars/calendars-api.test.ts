import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';
import { api, officeHours } from './support.js';

describe('calendars API', () => {
  let t: TestApp;
  let call: ReturnType<typeof api>;
  beforeAll(async () => {
    t = await createTestApp();
    call = api(t);
  });
  afterAll(async () => t.close());

  const create = (name: string, definition: unknown = officeHours(), extra: Record<string, unknown> = {}) => call('POST', '/v1/calendars', { name, definition, ...extra });

  it('creates a calendar as version 1 with a Location, an ETag and its stored definition', async () => {
    const res = await create('New York office', officeHours({ holidays: [{ date: '2025-07-04', name: 'Independence Day' }] }));
    expect(res.status).toBe(201);
    const cal = res.body;
    expect(res.headers.location).toBe(`/v1/calendars/${cal.id}`);
    expect(res.headers.etag).toBe('W/"1"');
    expect(cal).toMatchObject({ name: 'New York office', version: 1, timeZone: 'America/New_York', holidayListIds: [], businessDayMinutes: 540 });
    expect(cal.definition).toMatchObject({ id: cal.id, version: 1, timeZone: 'America/New_York', holidays: [{ date: '2025-07-04', name: 'Independence Day' }] });
    expect(cal.sourceDefinition).not.toHaveProperty('version');
    expect(cal.versions).toEqual([{ version: 1, reason: 'created', createdAt: expect.any(String) }]);
  });

  it('reads a calendar with its current version, definition and versions, and lists calendars', async () => {
    const { body: created } = await create('Read me');
    const read = await call('GET', `/v1/calendars/${created.id}`);
    expect(read.status).toBe(200);
    expect(read.headers.etag).toBe('W/"1"');
    expect(read.body).toEqual(created);
    const list = await call('GET', '/v1/calendars');
    expect(list.status).toBe(200);
    expect(list.body.items).toContainEqual(expect.objectContaining({ id: created.id, name: 'Read me', version: 1, timeZone: 'America/New_York' }));
  });

  it('writes a new version on PUT and leaves the old version readable and unchanged', async () => {
    const { body: v1 } = await create('Support desk');
    const put = await call(
      'PUT',
      `/v1/calendars/${v1.id}`,
      { name: 'Support desk (late shift)', definition: officeHours({ weekly: { mon: [['12:00', '21:00']] } }) },
      { 'if-match': 'W/"1"' },
    );
    expect(put.status).toBe(200);
    expect(put.headers.etag).toBe('W/"2"');
    expect(put.body).toMatchObject({ name: 'Support desk (late shift)', version: 2 });
    expect(put.body.definition.weekly).toEqual({ mon: [['12:00', '21:00']] });
    expect(put.body.versions.map((v: { version: number; reason: string }) => [v.version, v.reason])).toEqual([
      [1, 'created'],
      [2, 'updated'],
    ]);

    const old = await call('GET', `/v1/calendars/${v1.id}/versions/1`);
    expect(old.status).toBe(200);
    expect(old.headers.etag).toBe('W/"1"');
    expect(old.body).toMatchObject({ calendarId: v1.id, version: 1, current: false, reason: 'created' });
    expect(old.body.definition).toEqual(v1.definition);
    const current = await call('GET', `/v1/calendars/${v1.id}/versions/2`);
    expect(current.body).toMatchObject({ version: 2, current: true });
    expect((await call('GET', `/v1/calendars/${v1.id}/versions/3`)).body).toMatchObject({ status: 404, code: 'CALENDAR_VERSION_NOT_FOUND' });
  });

  it('requires If-Match on PUT (428) and refuses a stale ETag (412) without writing a version', async () => {
    const { body: cal } = await create('Guarded');
    const body = { name: 'Guarded', definition: officeHours() };
    expect((await call('PUT', `/v1/calendars/${cal.id}`, body)).body).toMatchObject({ status: 428, code: 'PRECONDITION_REQUIRED' });
    await call('PUT', `/v1/calendars/${cal.id}`, body, { 'if-match': 'W/"1"' });
    expect((await call('PUT', `/v1/calendars/${cal.id}`, body, { 'if-match': 'W/"1"' })).body).toMatchObject({ status: 412, code: 'PRECONDITION_FAILED' });
    expect((await call('GET', `/v1/calendars/${cal.id}`)).body.version).toBe(2);
  });

  it('lets exactly one of two concurrent PUTs with the same If-Match write version 2', async () => {
    const { body: cal } = await create('Race');
    const put = (name: string) => call('PUT', `/v1/calendars/${cal.id}`, { name, definition: officeHours() }, { 'if-match': 'W/"1"' });
    const results = await Promise.all([put('Race A'), put('Race B')]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 412]);
    expect((await call('GET', `/v1/calendars/${cal.id}`)).body.versions.map((v: { version: number }) => v.version)).toEqual([1, 2]);
  });

  it('rejects an unknown time zone with 400 CALENDAR_INVALID naming the path', async () => {
    const res = await create('Nowhere', officeHours({ timeZone: 'Mars/Olympus_Mons' }));
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'CALENDAR_INVALID', field: 'body.definition.timeZone' });
    expect(res.body.problems).toEqual([{ path: 'timeZone', field: 'body.definition.timeZone', message: expect.stringContaining('Mars/Olympus_Mons') }]);
  });

  it('rejects a calendar with no open time, and reports every bad interval with its path', async () => {
    const closed = await create('Closed', { timeZone: 'Europe/Paris', weekly: {} });
    expect(closed.status).toBe(400);
    expect(closed.body.code).toBe('CALENDAR_INVALID');
    expect(closed.body.detail).toContain('no open time');

    const bad = await create('Bad times', { timeZone: 'Europe/Paris', weekly: { mon: [['08:00', '25:00']], tue: [['24:00', '10:00']] } });
    expect(bad.status).toBe(400);
    expect(bad.body.problems.map((p: { field: string }) => p.field)).toEqual(['body.definition.weekly.mon[0][1]', 'body.definition.weekly.tue[0][0]']);
  });

  it('shows the weekly hours as the engine runs them: overlaps merged, overnight shifts split at midnight', async () => {
    const res = await create('Night desk', { timeZone: 'Europe/Paris', weekly: { mon: [['13:00', '17:00'], ['08:00', '14:00']], fri: [['22:00', '06:00']] } });
    expect(res.status).toBe(201);
    expect(res.body.weeklyOpenHours).toEqual({ mon: ['08:00-17:00'], tue: [], wed: [], thu: [], fri: ['22:00-24:00'], sat: ['00:00-06:00'], sun: [] });
    expect(res.body.businessDayMinutes).toBe(540);
    // The stored definition is what the admin wrote; only its interpretation is merged.
    expect(res.body.definition.weekly.mon).toEqual([['13:00', '17:00'], ['08:00', '14:00']]);
  });

  it('rejects unknown keys in a definition by schema (a misspelt "holiday" is not silently ignored)', async () => {
    const res = await create('Typo', officeHours({ holiday: [{ date: '2025-12-25' }] }));
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(res.body.detail).toContain('body.definition.holiday');
  });

  it('refuses to delete a calendar an SLA uses (409 CALENDAR_IN_USE naming the SLA), then deletes it softly once unused', async () => {
    const { body: cal } = await create('In use');
    const sla = await call('POST', '/v1/slas', { name: 'Gold support', calendarId: cal.id, items: [{ name: 'Respond', kpi: 'first_response', failure: { hours: 4 } }] });
    expect(sla.status).toBe(201);

    const refused = await call('DELETE', `/v1/calendars/${cal.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'CALENDAR_IN_USE', slas: [{ id: sla.body.id, name: 'Gold support' }] });
    expect(refused.body.detail).toContain('Gold support');

    expect((await call('DELETE', `/v1/slas/${sla.body.id}`)).status).toBe(204);
    expect((await call('DELETE', `/v1/calendars/${cal.id}`)).status).toBe(204);
    expect((await call('GET', `/v1/calendars/${cal.id}`)).body).toMatchObject({ status: 404, code: 'CALENDAR_NOT_FOUND' });
    expect((await call('GET', '/v1/calendars')).body.items.map((c: { id: string }) => c.id)).not.toContain(cal.id);
    expect((await call('DELETE', `/v1/calendars/${cal.id}`)).status).toBe(404);
  });

  it('lets only admins write calendars while agents read them', async () => {
    const agent = await t.keyFor('agent');
    const manager = await t.keyFor('manager');
    const { body: cal } = await create('Roles');
    expect((await call('POST', '/v1/calendars', { name: 'x', definition: officeHours() }, {}, manager)).status).toBe(403);
    expect((await call('PUT', `/v1/calendars/${cal.id}`, { name: 'x', definition: officeHours() }, { 'if-match': '*' }, agent)).status).toBe(403);
    expect((await call('DELETE', `/v1/calendars/${cal.id}`, undefined, {}, agent)).status).toBe(403);
    expect((await call('POST', `/v1/calendars/${cal.id}/apply-to-running`, undefined, {}, manager)).status).toBe(403);
    expect((await call('GET', `/v1/calendars/${cal.id}`, undefined, {}, agent)).status).toBe(200);
    expect((await call('GET', `/v1/calendars/${cal.id}/versions/1`, undefined, {}, agent)).status).toBe(200);
    expect((await call('GET', '/v1/calendars', undefined, {}, agent)).status).toBe(200);
  });

  it('replaces client-supplied id and version metadata with the stored calendar’s', async () => {
    const { body: cal } = await create('Metadata', officeHours({ id: 'mine', version: 42, name: 'kept' }));
    expect(cal.definition).toMatchObject({ id: cal.id, version: 1, name: 'kept' });
    expect(cal.sourceDefinition).toEqual(officeHours({ name: 'kept' }));
  });
});
