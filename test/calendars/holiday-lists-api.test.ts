import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';
import { api, officeHours } from './support.js';

describe('holiday lists API', () => {
  let t: TestApp;
  let call: ReturnType<typeof api>;
  beforeAll(async () => {
    t = await createTestApp();
    call = api(t);
  });
  afterAll(async () => t.close());

  const usHolidays = [
    { date: '2025-07-04', name: 'Independence Day' },
    { date: '2025-01-01', name: "New Year's Day" },
  ];
  const createList = (name: string, holidays: unknown = usHolidays) => call('POST', '/v1/holiday-lists', { name, holidays });

  it('creates, reads and lists a holiday list, sorted by date, with an ETag', async () => {
    const res = await createList('US federal');
    expect(res.status).toBe(201);
    expect(res.headers.location).toBe(`/v1/holiday-lists/${res.body.id}`);
    expect(res.headers.etag).toBe('W/"1"');
    expect(res.body).toMatchObject({ name: 'US federal', version: 1, usedBy: [] });
    expect(res.body.holidays.map((h: { date: string }) => h.date)).toEqual(['2025-01-01', '2025-07-04']);
    const read = await call('GET', `/v1/holiday-lists/${res.body.id}`);
    expect(read.body).toEqual(res.body);
    expect((await call('GET', '/v1/holiday-lists')).body.items.map((l: { id: string }) => l.id)).toContain(res.body.id);
  });

  it('rejects impossible dates, malformed dates and a date listed twice, naming the field', async () => {
    const impossible = await createList('Bad', [{ date: '2025-02-30', name: 'Nope' }]);
    expect(impossible.status).toBe(400);
    expect(impossible.body).toMatchObject({ code: 'VALIDATION_FAILED', field: 'body.holidays[0].date' });

    const malformed = await createList('Bad', [{ date: '25-12-2025' }]);
    expect(malformed.status).toBe(400);
    expect(malformed.body.detail).toContain('body.holidays.0.date');

    const twice = await createList('Bad', [{ date: '2025-12-25', name: 'Christmas' }, { date: '2025-12-26' }, { date: '2025-12-25', name: 'Xmas' }]);
    expect(twice.status).toBe(400);
    expect(twice.body).toMatchObject({ code: 'VALIDATION_FAILED', field: 'body.holidays[2].date' });
    expect(twice.body.detail).toContain('body.holidays[0]');
  });

  it('resolves the holidays of included lists into the stored calendar version', async () => {
    const { body: list } = await createList('US federal (resolved)');
    const res = await call('POST', '/v1/calendars', {
      name: 'NY with lists',
      definition: officeHours({ holidays: [{ date: '2025-12-24', name: 'Office party' }] }),
      holidayListIds: [list.id],
    });
    expect(res.status).toBe(201);
    expect(res.body.holidayListIds).toEqual([list.id]);
    expect(res.body.holidayLists).toEqual([{ id: list.id, name: 'US federal (resolved)', version: 1 }]);
    expect(res.body.definition.holidays).toEqual([{ date: '2025-12-24', name: 'Office party' }, ...list.holidays]);
    expect(res.body.sourceDefinition.holidays).toEqual([{ date: '2025-12-24', name: 'Office party' }]);
    expect((await call('GET', `/v1/holiday-lists/${list.id}`)).body.usedBy).toEqual([{ id: res.body.id, name: 'NY with lists', version: 1 }]);
  });

  it('answers 422 HOLIDAY_LIST_NOT_FOUND for a calendar naming an unknown list', async () => {
    const res = await call('POST', '/v1/calendars', { name: 'x', definition: officeHours(), holidayListIds: ['00000000-0000-4000-8000-000000000000'] });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ code: 'HOLIDAY_LIST_NOT_FOUND', field: 'body.holidayListIds[0]' });
  });

  it('writes a new version of every calendar that includes an updated list, leaving pinned versions unchanged', async () => {
    const { body: list } = await createList('Company days', [{ date: '2025-08-15', name: 'Summer day' }]);
    const { body: a } = await call('POST', '/v1/calendars', { name: 'Team A', definition: officeHours(), holidayListIds: [list.id] });
    const { body: b } = await call('POST', '/v1/calendars', { name: 'Team B', definition: officeHours({ timeZone: 'Europe/Paris' }), holidayListIds: [list.id] });
    const { body: other } = await call('POST', '/v1/calendars', { name: 'Team C (no list)', definition: officeHours() });

    const put = await call('PUT', `/v1/holiday-lists/${list.id}`, { name: 'Company days', holidays: [{ date: '2025-08-15', name: 'Summer day' }, { date: '2025-11-28', name: 'Day after Thanksgiving' }] }, { 'if-match': 'W/"1"' });
    expect(put.status).toBe(200);
    expect(put.headers.etag).toBe('W/"2"');
    expect(put.body.version).toBe(2);
    expect(put.body.calendarVersionsCreated).toEqual(expect.arrayContaining([{ calendarId: a.id, version: 2 }, { calendarId: b.id, version: 2 }]));
    expect(put.body.calendarVersionsCreated).toHaveLength(2);

    const a2 = (await call('GET', `/v1/calendars/${a.id}`)).body;
    expect(a2.version).toBe(2);
    expect(a2.definition.holidays.map((h: { date: string }) => h.date)).toEqual(['2025-08-15', '2025-11-28']);
    expect(a2.holidayLists).toEqual([{ id: list.id, name: 'Company days', version: 2 }]);
    expect(a2.versions[1].reason).toContain('Company days');
    const a1 = (await call('GET', `/v1/calendars/${a.id}/versions/1`)).body;
    expect(a1.definition).toEqual(a.definition);
    expect(a1.holidayLists).toEqual([{ id: list.id, name: 'Company days', version: 1 }]);
    expect((await call('GET', `/v1/calendars/${other.id}`)).body.version).toBe(1);

    // A rename changes no business time: no calendar version.
    const rename = await call('PUT', `/v1/holiday-lists/${list.id}`, { name: 'Company holidays', holidays: put.body.holidays }, { 'if-match': 'W/"2"' });
    expect(rename.body).toMatchObject({ version: 3, calendarVersionsCreated: [] });
    expect((await call('GET', `/v1/calendars/${a.id}`)).body.version).toBe(2);
  });

  it('refuses a list change that would make a calendar invalid, with 409 HOLIDAY_LIST_CONFLICT and nothing written', async () => {
    const { body: list } = await createList('Conflicting', [{ date: '2025-03-03' }]);
    const { body: cal } = await call('POST', '/v1/calendars', {
      name: 'Special Monday',
      definition: officeHours({ specialHours: [{ date: '2025-03-10', intervals: [['10:00', '12:00']] }] }),
      holidayListIds: [list.id],
    });
    const res = await call('PUT', `/v1/holiday-lists/${list.id}`, { name: 'Conflicting', holidays: [{ date: '2025-03-10' }] }, { 'if-match': '*' });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'HOLIDAY_LIST_CONFLICT', calendars: [{ id: cal.id, name: 'Special Monday' }] });
    expect((await call('GET', `/v1/holiday-lists/${list.id}`)).body.version).toBe(1);
    expect((await call('GET', `/v1/calendars/${cal.id}`)).body.version).toBe(1);
  });

  it('refuses to delete a list a calendar includes (409 HOLIDAY_LIST_IN_USE), and deletes it once no calendar does', async () => {
    const { body: list } = await createList('Deletable');
    const { body: cal } = await call('POST', '/v1/calendars', { name: 'Uses Deletable', definition: officeHours(), holidayListIds: [list.id] });
    const refused = await call('DELETE', `/v1/holiday-lists/${list.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'HOLIDAY_LIST_IN_USE', calendars: [{ id: cal.id, name: 'Uses Deletable' }] });

    const put = await call('PUT', `/v1/calendars/${cal.id}`, { name: 'Uses Deletable', definition: officeHours() }, { 'if-match': 'W/"1"' });
    expect(put.body).toMatchObject({ version: 2, holidayListIds: [], holidayLists: [] });
    expect(put.body.definition).not.toHaveProperty('holidays');
    expect((await call('DELETE', `/v1/holiday-lists/${list.id}`)).status).toBe(204);
    expect((await call('GET', `/v1/holiday-lists/${list.id}`)).body).toMatchObject({ status: 404, code: 'HOLIDAY_LIST_NOT_FOUND' });
    // The pinned version 1 still carries the list's holidays.
    expect((await call('GET', `/v1/calendars/${cal.id}/versions/1`)).body.definition.holidays).toEqual(list.holidays);
  });

  it('lets only admins write holiday lists while agents read them', async () => {
    const agent = await t.keyFor('agent');
    const { body: list } = await createList('Roles');
    expect((await call('POST', '/v1/holiday-lists', { name: 'x', holidays: [] }, {}, agent)).status).toBe(403);
    expect((await call('PUT', `/v1/holiday-lists/${list.id}`, { name: 'x', holidays: [] }, { 'if-match': '*' }, agent)).status).toBe(403);
    expect((await call('DELETE', `/v1/holiday-lists/${list.id}`, undefined, {}, agent)).status).toBe(403);
    expect((await call('GET', `/v1/holiday-lists/${list.id}`, undefined, {}, agent)).status).toBe(200);
    expect((await call('GET', '/v1/holiday-lists', undefined, {}, agent)).status).toBe(200);
  });
});
